"""Printing, print preview and PDF of the official plan: a layout pass (pages of boxes) and a paint pass."""
