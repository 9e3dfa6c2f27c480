"""The staff web front: layout, home page, login, health check."""
