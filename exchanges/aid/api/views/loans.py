"""Views of the objects' API for loans: one loan, the owner's answers, either side's
confirmations, and my loans on both sides."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.aid.api.serializers.objects import LoanSerializer, MyLoansSerializer, my_loans_data
from exchanges.aid.models import Loan
from exchanges.aid.selectors import objects as selectors
from exchanges.aid.services import objects as services
from neighbourhood.api import Endpoint
from neighbourhood.http import AuthenticatedRequest


class LoanDetailView(Endpoint[Loan]):
    find = selectors.get_loan_for_party

    @extend_schema(responses=LoanSerializer)
    def get(self, request: AuthenticatedRequest, loan_id: int) -> Response:
        """The borrower and the owner only."""
        return Response(LoanSerializer(self.object).data)


class LoanStepView(Endpoint[Loan]):
    """One step of a loan; each subclass names its service, with its own description."""

    find = selectors.get_loan_for_party
    step: ClassVar[Callable[..., Loan]]

    def post(self, request: AuthenticatedRequest, loan_id: int) -> Response:
        step = type(self).step  # a plain function stored on the class is not bound
        return Response(LoanSerializer(step(loan=self.object, actor=request.user)).data)


STEP = extend_schema(request=None, responses=LoanSerializer)


@STEP
class LoanAcceptView(LoanStepView):
    """The owner says yes, unless these dates are already lent."""

    step = services.loan_accept


@STEP
class LoanDeclineView(LoanStepView):
    """The owner says no."""

    step = services.loan_decline


@STEP
class LoanCancelView(LoanStepView):
    """The borrower or the owner calls it off, before the hand-over."""

    step = services.loan_cancel


@STEP
class LoanHandOverView(LoanStepView):
    """One side says the object changed hands; the other side's confirmation completes it."""

    step = services.loan_hand_over


@STEP
class LoanReturnView(LoanStepView):
    """One side says the object came back; the other side's confirmation completes it."""

    step = services.loan_return


class MyLoansView(Endpoint[None]):
    @extend_schema(responses=MyLoansSerializer)
    def get(self, request: AuthenticatedRequest) -> Response:
        """My loans and gifts in progress, as owner and as borrower, in every quartier."""
        return Response(my_loans_data(selectors.my_loans(user=request.user)))
