"""Alembic migrations of the database schema (versions/, one file a revision)."""
