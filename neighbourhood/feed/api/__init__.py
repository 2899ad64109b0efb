"""The JSON API of a quartier's feed: members read it, coordinators hide an entry.

`serializers`, `views`, and `urls` (included under the `api:` namespace)."""
