"""Parley: a self-hosted, headless comments service."""
