"""Command-line front ends for IT and tests; like ui/, they sit above app/ and sync/."""
