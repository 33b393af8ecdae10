"""The Textual user interface: screens that render a Session and turn keys into Session calls."""
