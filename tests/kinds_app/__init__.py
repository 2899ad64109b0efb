"""An app that exists only in the tests: a new kind of exchange (lending objects) that registers
one notification kind and one feed kind in its `ready()`, the way a real exchange does, and touches
neither `messaging` nor the feed. Installed by `tests/settings.py`. It has no models: it lends
nothing for real, and so needs no migration of its own."""
