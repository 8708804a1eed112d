"""Use cases the UI and the admin CLI call. They validate what depends on "now" and write
through the store, one transaction per use case."""
