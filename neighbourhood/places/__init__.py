"""Places people name in words: the geocoder client (`geocoding`), the quartier's own places
that come first (`sources`), the form fields that turn words into a place (`forms`), and the
suggestions the address fields show as one types (`views`).

And the quartier's directory of places (`models`): their opening hours read in the quartier's
timezone (`hours`), its reads and access rules (`selectors`), its writes (`services`), its pages
(`directory_forms`, `directory_views`), its API (`api`) and what it plugs into (`kinds`,
`photos`, `sheet`), registered in `apps.PlacesConfig.ready`; the gatherings held at a place,
which an app that holds them registers (`gatherings`)."""
