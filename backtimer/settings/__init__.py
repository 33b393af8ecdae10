"""What a user can change and keep: folders, routines found, config, saved overrides and
the layers that apply them."""
