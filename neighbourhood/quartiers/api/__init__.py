"""The quartier API: `serializers`, `views` (quartiers, members, join requests), and `urls`
(included under the `api:` namespace)."""
