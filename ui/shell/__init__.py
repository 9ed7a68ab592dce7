"""The window frame: main window, actions, menus, toolbar, start page, recent files, 檔案/計畫/匯出 commands."""
