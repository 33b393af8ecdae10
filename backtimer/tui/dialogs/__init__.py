"""Modal dialogs, each with its own CSS."""
