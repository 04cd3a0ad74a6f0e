"""Benchmarks: printed, never asserted. Run them all with ``python -m bench`` (``make bench``)."""
