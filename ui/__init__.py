"""The PySide6 desktop app. Talks to app.services and app.store's public API, never to SQL."""
