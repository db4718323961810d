"""The DuckDB warehouse: versioned migrations, the single writer, idempotent loaders."""
