"""Page routers, one module per area; ``mount_portal`` wires them into the app."""
