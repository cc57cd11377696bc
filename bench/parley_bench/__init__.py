"""Parley's benchmark: Parley (SQLite, PostgreSQL) vs Isso vs a bare ASGI ceiling, one run.

Entry points: `make bench`, `python bench/run.py [options]`; see bench/README.md.
"""
