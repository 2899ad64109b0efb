"""The account API: `views`, `serializers`, and `urls` (included under the `api:` namespace)."""
