"""Web dashboard (server-rendered, htmx) and JSON API v1 over one store; see app.create_app."""
