import sys
from collections.abc import Sequence

from django.core.mail.backends.filebased import EmailBackend
from django.core.mail.message import EmailMessage


class FileAndConsoleEmailBackend(EmailBackend):
    """The embedded default: each mail is written under var/mail/ and printed to the console,
    so a developer can follow the verification link without an SMTP server."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = super().send_messages(email_messages)
        for message in email_messages:
            sys.stdout.write(message.message().as_string() + "\n" + "-" * 79 + "\n")
        sys.stdout.flush()
        return sent
