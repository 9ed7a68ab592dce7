"""What every room uses: display texts of nodes, the workspace bridge, the window contract, user folders, the icon."""
