"""Bringing people back: the outbox, email, webhooks and feeds."""
