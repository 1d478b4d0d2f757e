"""The portal's server-rendered pages (Jinja2), their sessions and CSRF protection."""
