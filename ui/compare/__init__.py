"""The compare view: two plans side by side, changes highlighted, filter by kind, jump to a node."""
