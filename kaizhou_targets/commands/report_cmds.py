"""Placeholder."""
COMMANDS: list = []
