"""Live updates: server-sent events of thread changes, fanned out across processes."""
