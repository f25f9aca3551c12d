"""Benchmarks of cleaning and indicators at national scale (see ``docs/performance.md``)."""
