"""Who may change what: coordinators run the AMAP of their quartier; a producer with an
account manages their own products. The checks live with the access helpers, in selectors."""

from __future__ import annotations

from exchanges.produce.selectors import require_producer_manager
from neighbourhood.quartiers.selectors import require_coordinator

__all__ = ["require_coordinator", "require_producer_manager"]
