"""One wrapper per external program (pandoc, mkdocs)."""
