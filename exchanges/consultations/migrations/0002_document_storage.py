"""Documents move from the photos' storage (served publicly) to their own private one."""

from typing import Any

from django.core.files.storage import storages
from django.db import migrations, models

import exchanges.consultations.storage


def move_files(apps: Any, schema_editor: Any) -> None:
    """Each document's file, if it is still in the photos' storage, is copied to the private
    one under the same name and deleted from the photos' (where anyone with its address could
    read it)."""
    Document = apps.get_model("consultations", "Document")
    photos = storages["photos"]
    documents = storages["documents"]
    for name in Document.objects.values_list("file", flat=True).iterator():
        if not name or not photos.exists(name):
            continue
        if not documents.exists(name):
            with photos.open(name, "rb") as source:
                saved = documents.save(name, source)
            if saved != name:
                Document.objects.filter(file=name).update(file=saved)
        photos.delete(name)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="document",
            name="file",
            field=models.FileField(
                storage=exchanges.consultations.storage.documents_storage, upload_to=""
            ),
        ),
        migrations.RunPython(move_files, migrations.RunPython.noop, elidable=True),
    ]
