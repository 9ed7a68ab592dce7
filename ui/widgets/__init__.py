"""Small reusable input widgets shared by several pages."""
