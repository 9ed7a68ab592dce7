"""SQLite storage of a workspace: schema, migrations, file checks, lock and backups."""
