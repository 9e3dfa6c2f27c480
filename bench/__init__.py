"""Benchmarks (`make bench`): figures with data size and machine, never part of the test suite."""
