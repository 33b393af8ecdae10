"""The pipeline the other layers build on: model, loader, plan and session.

No UI and no I/O beyond reading a routine; nothing here imports settings, audio, tui or cli.
"""
