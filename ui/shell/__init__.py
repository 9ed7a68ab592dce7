"""The window frame: main window, menus and actions, start page, recent files and the 檔案 commands."""
