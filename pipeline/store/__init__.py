"""Files on disk: workspace paths, atomic writes, strict YAML, the audit trail."""
