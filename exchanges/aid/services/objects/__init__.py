"""Every write to objects lent or given away: `items` (publishing), `loans`, `gifts` and the
loans' `reminders`. Callers use `from exchanges.aid.services import objects as services`."""

from exchanges.aid.services.objects.gifts import gift_ask, gift_cancel, gift_collect, gift_reserve
from exchanges.aid.services.objects.items import (
    ITEM_EDITABLE,
    item_pause,
    item_publish,
    item_update,
    item_withdraw,
)
from exchanges.aid.services.objects.loans import (
    loan_accept,
    loan_ask,
    loan_cancel,
    loan_decline,
    loan_hand_over,
    loan_return,
)
from exchanges.aid.services.objects.reminders import (
    loan_notify_late,
    loan_remind_return,
    loans_due,
)

__all__ = [
    "ITEM_EDITABLE",
    "gift_ask",
    "gift_cancel",
    "gift_collect",
    "gift_reserve",
    "item_pause",
    "item_publish",
    "item_update",
    "item_withdraw",
    "loan_accept",
    "loan_ask",
    "loan_cancel",
    "loan_decline",
    "loan_hand_over",
    "loan_notify_late",
    "loan_remind_return",
    "loan_return",
    "loans_due",
]
