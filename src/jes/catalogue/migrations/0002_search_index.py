"""Full-text index over catalogue_entry.search_text, per database backend.

SQLite: an external-content FTS5 table kept in step by triggers, so admin edits,
bulk loads and raw SQL all stay searchable. PostgreSQL: a stored generated
tsvector column with a GIN index. Neither is known to the ORM: only
jes.catalogue.search reads them.
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE catalogue_entry_fts USING fts5(
        search_text, content='catalogue_entry', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER catalogue_entry_ai AFTER INSERT ON catalogue_entry BEGIN
        INSERT INTO catalogue_entry_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
    """CREATE TRIGGER catalogue_entry_ad AFTER DELETE ON catalogue_entry BEGIN
        INSERT INTO catalogue_entry_fts(catalogue_entry_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text); END""",
    """CREATE TRIGGER catalogue_entry_au AFTER UPDATE OF search_text ON catalogue_entry BEGIN
        INSERT INTO catalogue_entry_fts(catalogue_entry_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO catalogue_entry_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
    "INSERT INTO catalogue_entry_fts(catalogue_entry_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS catalogue_entry_ai",
    "DROP TRIGGER IF EXISTS catalogue_entry_ad",
    "DROP TRIGGER IF EXISTS catalogue_entry_au",
    "DROP TABLE IF EXISTS catalogue_entry_fts",
]
PG_UP = [
    # Stored, so ranking reads the vector instead of re-parsing the text of every match.
    """ALTER TABLE catalogue_entry ADD COLUMN search_vector tsvector
       GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(search_text, ''))) STORED""",
    "CREATE INDEX catalogue_entry_search_gin ON catalogue_entry USING gin (search_vector)",
]
PG_DOWN = ["DROP INDEX IF EXISTS catalogue_entry_search_gin", "ALTER TABLE catalogue_entry DROP COLUMN search_vector"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}),
        )
    ]
