"""Benchmarks run by ``make bench`` (not tests: they print ratios, see bench/README.md)."""
