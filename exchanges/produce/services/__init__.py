"""Every write to farm produce, by subject. Callers use `from exchanges.produce import
services` and `services.order_place(...)`."""

from exchanges.produce.services.absences import absence_cancel, absence_mark, basket_take
from exchanges.produce.services.clock import (
    cycle_announce_opening,
    cycle_process_close,
    cycle_remind_closing,
)
from exchanges.produce.services.contracts import (
    Size,
    contract_create,
    contract_date_set_off,
    contract_update,
)
from exchanges.produce.services.cycles import (
    Offer,
    cycle_close_early,
    cycle_copy,
    cycle_create,
    cycle_reopen,
    cycle_send_reports,
)
from exchanges.produce.services.distribution_days import (
    distribution_day_remove,
    distribution_day_set,
)
from exchanges.produce.services.instalments import instalment_update
from exchanges.produce.services.membership import (
    fee_payment_record,
    fee_payment_remove,
    membership_fee_set,
)
from exchanges.produce.services.orders import (
    OrderResult,
    line_set_weight,
    order_cancel,
    order_mark_picked_up,
    order_place,
    order_replace,
)
from exchanges.produce.services.payments import payment_record
from exchanges.produce.services.producers import (
    producer_create,
    producer_update,
    product_create,
    product_update,
)
from exchanges.produce.services.signing import contract_announce_signing
from exchanges.produce.services.subscriptions import subscription_create, subscription_end
from exchanges.produce.services.volunteers import volunteer_sign_up, volunteer_withdraw

__all__ = [
    "Offer",
    "OrderResult",
    "Size",
    "absence_cancel",
    "absence_mark",
    "basket_take",
    "contract_announce_signing",
    "contract_create",
    "contract_date_set_off",
    "contract_update",
    "cycle_announce_opening",
    "cycle_close_early",
    "cycle_copy",
    "cycle_create",
    "cycle_process_close",
    "cycle_remind_closing",
    "cycle_reopen",
    "cycle_send_reports",
    "distribution_day_remove",
    "distribution_day_set",
    "fee_payment_record",
    "fee_payment_remove",
    "instalment_update",
    "line_set_weight",
    "membership_fee_set",
    "order_cancel",
    "order_mark_picked_up",
    "order_place",
    "order_replace",
    "payment_record",
    "producer_create",
    "producer_update",
    "product_create",
    "product_update",
    "subscription_create",
    "subscription_end",
    "volunteer_sign_up",
    "volunteer_withdraw",
]
