"""Benchmarks and evaluations: `python -m benchmarks.bench` (make bench) and `python -m benchmarks.dev_eval`.
Not tests: nothing here asserts a time."""
