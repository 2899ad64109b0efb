import re

from django.views.debug import SafeExceptionReporterFilter


class ExceptionReporterFilter(SafeExceptionReporterFilter):
    """Also hides every *_URL setting (DATABASE_URL, REDIS_URL, EMAIL_URL carry passwords)."""

    hidden_settings = re.compile(
        "API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|URL|DATABASES|CACHES|CHANNEL_LAYERS",
        flags=re.IGNORECASE,
    )
