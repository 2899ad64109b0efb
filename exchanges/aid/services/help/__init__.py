"""Every write to coups de main, by subject: publishing (`publishing`), answers (`answers`) and
thanks (`thanks`). Callers use `from exchanges.aid.services import help as services` and
`services.help_publish(...)`."""

from exchanges.aid.services.help.answers import (
    all_places_taken,
    help_choose,
    help_decline,
    help_offer,
    help_withdraw,
)
from exchanges.aid.services.help.publishing import (
    HELP_EDITABLE,
    help_cancel,
    help_done,
    help_edit,
    help_publish,
    offerers_of,
)
from exchanges.aid.services.help.thanks import help_thank, may_thank

__all__ = [
    "HELP_EDITABLE",
    "all_places_taken",
    "help_cancel",
    "help_choose",
    "help_decline",
    "help_done",
    "help_edit",
    "help_offer",
    "help_publish",
    "help_thank",
    "help_withdraw",
    "may_thank",
    "offerers_of",
]
