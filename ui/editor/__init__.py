"""The 計畫內容 tab: the plan tree (model, view, filter), the detail form, tree commands, clipboard, findings."""
