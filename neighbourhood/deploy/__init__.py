"""The production set: nginx in front of several app processes, Celery workers and one beat,
described once in ``Procfile`` and started on this machine by ``runner.ProductionSet``
(``manage.py serve --production``, ``make prod-local``), or written as systemd units for a real
host (``systemd``). See docs/operations.md, "Production set"."""
