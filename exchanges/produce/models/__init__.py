"""Farm produce, as an AMAP runs it: order cycles for the variable products (`cycles`), and
seasonal contracts for the baskets members commit to (`contracts`), and the yearly membership
(`membership`)."""

from exchanges.produce.models.contracts import (
    Absence,
    Contract,
    ContractDate,
    DistributionDay,
    HandedPayment,
    Instalment,
    InstalmentState,
    ShareSize,
    Subscription,
)
from exchanges.produce.models.cycles import (
    CycleProduct,
    Order,
    OrderCycle,
    OrderLine,
    Payment,
    Producer,
    Product,
    Unit,
    Volunteer,
    VolunteerRole,
)
from exchanges.produce.models.membership import FeePayment, MembershipFee

__all__ = [
    "Absence",
    "Contract",
    "ContractDate",
    "CycleProduct",
    "DistributionDay",
    "FeePayment",
    "HandedPayment",
    "Instalment",
    "InstalmentState",
    "MembershipFee",
    "Order",
    "OrderCycle",
    "OrderLine",
    "Payment",
    "Producer",
    "Product",
    "ShareSize",
    "Subscription",
    "Unit",
    "Volunteer",
    "VolunteerRole",
]
