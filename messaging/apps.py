from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Messaging")

    def ready(self) -> None:
        from messaging.digests.messages import register_sections
        from messaging.kinds import register_kinds
        from messaging.threads import favour_the_event_loop

        register_kinds()
        register_sections()
        favour_the_event_loop()
