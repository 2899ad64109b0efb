"""What coordinators, producers and members type on the produce pages, read into the shapes the
services take: cents, aware datetimes, `services.Offer` rows, quantities per offer. The rules
are the services'; a form checks only what it needs to build those shapes.

By subject: `producers` (farms and products), `cycles` (opening a cycle, reopening it),
`contracts` (a seasonal contract), `amap` (distribution days, the membership fee),
`orders` (a member's order, a weight, a payment), and `common` for what they share. Callers use
`from exchanges.produce.forms import OrderForm`.
"""

from exchanges.produce.forms.amap import DistributionDayForm, FeeForm, FeePaymentForm
from exchanges.produce.forms.common import EurosField, cents_to_euros, euros_to_cents
from exchanges.produce.forms.contracts import ContractForm, SizeRow, contract_initial
from exchanges.produce.forms.cycles import CycleForm, OfferRow, ReopenForm, RoleRow
from exchanges.produce.forms.orders import OrderForm, OrderRow, PaymentForm, WeightForm
from exchanges.produce.forms.producers import (
    ProducerForm,
    ProductForm,
    producer_initial,
    product_initial,
)
from neighbourhood.pages import ServiceForm

__all__ = [
    "ContractForm",
    "CycleForm",
    "DistributionDayForm",
    "EurosField",
    "FeeForm",
    "FeePaymentForm",
    "OfferRow",
    "OrderForm",
    "OrderRow",
    "PaymentForm",
    "ProducerForm",
    "ProductForm",
    "ReopenForm",
    "RoleRow",
    "ServiceForm",
    "SizeRow",
    "WeightForm",
    "cents_to_euros",
    "contract_initial",
    "euros_to_cents",
    "producer_initial",
    "product_initial",
]
