"""Sync: the wire protocol and conflict rules (pure, shared with the server) and the client engine."""
