"""Gatherings' pages: the quartier's and mine, one gathering and its dates (`events`), what the
organiser writes (`organising`)."""
