"""The 查核行事曆 tab: month strip, per-month list of methods due, progress form."""
