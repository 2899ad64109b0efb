"""Pages of farm produce: plain forms posted without JavaScript, then a redirect.

Every cycle is fetched through `get_cycle_for_member` or `get_cycle_for_coordinator`, every
producer and product through `get_producer_for_member` and `get_product_for_member`, and what
belongs to a cycle (an order, a line, a role) through `get_*_in` that cycle: 404 for outsiders,
403 for members on coordinators' pages; the services decide the rest. Times show in the site's
timezone (`in_site_timezone`), whoever looks. An action posted (copy, close, join a role…)
checks who asks before anything else, and a GET of it leads back to the cycle's page.

By subject: `contracts` (seasonal contracts), `amap` (distribution days, the membership
fee), `cycles` (lists, opening a cycle and what coordinators do with it), `detail` (a
cycle's page: the order form, the volunteers), `producers` (farms and products),
`distribution` (reports and their files, orders after the close, weights, payments),
`subscriptions` (subscribing to a contract, a subscription, a contract's subscribers and
instalments; access through `exchanges.produce.subscribers`), `treasury` (the contract's
papers and the treasurer's month), `imports` (a contract's subscriptions from a CSV), and
`common` for what they share. `exchanges/produce/urls.py` names them all from here.
"""

from exchanges.produce.views.absences import (
    absence_cancel,
    basket_take,
    quartier_baskets,
    subscription_absences,
)
from exchanges.produce.views.amap import distribution_day_delete, distribution_days, membership
from exchanges.produce.views.contracts import (
    contract_create,
    contract_date_off,
    contract_detail,
    contract_edit,
    contract_list,
)
from exchanges.produce.views.cycles import (
    cycle_close,
    cycle_copy,
    cycle_create,
    cycle_list,
    cycle_reopen,
    cycle_send_reports,
    my_orders,
)
from exchanges.produce.views.detail import cycle_detail, order_cancel, order_edit, volunteer
from exchanges.produce.views.distribution import (
    line_weight,
    order_manage,
    payments,
    report_export,
)
from exchanges.produce.views.distribution import reports_page as reports
from exchanges.produce.views.imports import contract_import, contract_import_example
from exchanges.produce.views.producers import (
    producer_create,
    producer_detail,
    producer_edit,
    producer_list,
    product_create,
    product_edit,
)
from exchanges.produce.views.subscriptions import (
    contract_subscriptions,
    instalment_record,
    my_contracts,
    subscribe,
    subscription_detail,
    subscription_end,
)
from exchanges.produce.views.treasury import contract_pdf, schedule_pdf, treasury_month

__all__ = [
    "absence_cancel",
    "basket_take",
    "contract_create",
    "contract_date_off",
    "contract_detail",
    "contract_edit",
    "contract_import",
    "contract_import_example",
    "contract_list",
    "contract_pdf",
    "contract_subscriptions",
    "cycle_close",
    "cycle_copy",
    "cycle_create",
    "cycle_detail",
    "cycle_list",
    "cycle_reopen",
    "cycle_send_reports",
    "distribution_day_delete",
    "distribution_days",
    "instalment_record",
    "line_weight",
    "membership",
    "my_contracts",
    "my_orders",
    "order_cancel",
    "order_edit",
    "order_manage",
    "payments",
    "producer_create",
    "producer_detail",
    "producer_edit",
    "producer_list",
    "product_create",
    "product_edit",
    "quartier_baskets",
    "report_export",
    "reports",
    "schedule_pdf",
    "subscribe",
    "subscription_absences",
    "subscription_detail",
    "subscription_end",
    "treasury_month",
    "volunteer",
]
