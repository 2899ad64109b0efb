"""Places people name in words: the geocoder client (`geocoding`), the quartier's own places
that come first (`sources`), the form fields that turn words into a place (`forms`), and the
suggestions the address fields show as one types (`views`)."""
