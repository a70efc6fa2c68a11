"""The business store: SQLAlchemy models, sessions, numbering, the file archive, migrations."""
