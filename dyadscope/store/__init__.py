"""The store: SQLAlchemy tables (SQLite by default, PostgreSQL by URL) and DuckDB analytics."""
