"""The quartier's printed sheet: one A4 page of what a neighbour without a computer can answer
through a coordinator or a notice board, each item with a short code.

`neighbourhood.quartiers` never imports the exchanges: each app that has something to show
registers a `SheetSection` in its `AppConfig.ready()` (see `sections`), as the digest's sections
do. The design and the code scheme: `docs/quartier-sheet.md`.
"""
