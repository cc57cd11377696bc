"""Metrics, structured logs, request ids and outage handling (core: imports no domain)."""
