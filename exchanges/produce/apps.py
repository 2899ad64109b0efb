from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProduceConfig(AppConfig):
    name = "exchanges.produce"
    label = "produce"
    verbose_name = _("Farm produce (AMAP)")

    def ready(self) -> None:
        # Imported here, once the models are loaded: the digest reads them.
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save, pre_delete

        from exchanges.produce import calendar, digest, kinds, sheet
        from exchanges.produce.services.report_state import renamed_member_saved
        from exchanges.produce.services.subscriptions import end_before_account_deleted

        kinds.register_kinds()
        digest.register_sections()
        sheet.register_sheet_sections()
        calendar.register_section()
        # Whatever deletes an account, its live subscriptions end first (shares freed).
        pre_delete.connect(
            end_before_account_deleted,
            sender=get_user_model(),
            dispatch_uid="produce_subscriptions",
        )
        # A member's new name is printed on the next report files of their cycles.
        post_save.connect(
            renamed_member_saved, sender=get_user_model(), dispatch_uid="produce_report_names"
        )
