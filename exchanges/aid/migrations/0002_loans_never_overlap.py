"""On PostgreSQL, the database itself refuses two loans of one object holding overlapping dates
(accepted or handed over): an exclusion constraint over the item and the inclusive date range,
which needs the btree_gist extension. SQLite has no such constraint: there the accepting service
checks the dates while it holds the object's row (see exchanges/aid/services)."""

from django.db import migrations

CONSTRAINT = "loan_never_overlaps"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE aid_loan ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(item_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&) "
        "WHERE (status IN ('accepted', 'handed_over'))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE aid_loan DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("aid", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
