"""Browser tests of the built book (real Chromium)."""
