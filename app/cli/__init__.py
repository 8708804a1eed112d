"""Command-line tools for IT and tests."""
