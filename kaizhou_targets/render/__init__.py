"""Output: rich for terminals (render.terminal, the only module that knows
rich), Markdown, HTML and CSV for reports, plain dicts for JSON."""
