"""Layer 0: paths and defaults (``config``), errors, category orders (``vocab``), bands,
locks and folders replaced whole (``locks``), work on distinct values (``uniques``).

Imports only :mod:`kompetensi.reference`; every other layer builds on it. Import the module you
need (``from kompetensi.core import config``): this face re-exports nothing.
"""
