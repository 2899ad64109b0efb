"""The API of voting: my ballot (by the consultation's id, or by a public survey's link), and
the paper ballots a coordinator enters. A closed vote (or one not open yet) is refused with a
400 that says so, like any other refused ballot; nothing is written."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from exchanges.consultations import access, ballot_selectors
from exchanges.consultations.api.ballot_serializers import (
    BallotInputSerializer,
    BallotSerializer,
    PaperBallotSerializer,
)
from exchanges.consultations.models import Ballot, Consultation
from exchanges.consultations.services import ballots
from neighbourhood.api import Endpoint, created, no_content
from neighbourhood.http import AuthenticatedRequest

REFUSALS = (
    " Refused with a 400 that says why, nothing written: the vote not open yet or closed, an "
    "option of another consultation, marks that do not fit the method."
)


def _mine(consultation: Consultation, request: AuthenticatedRequest) -> dict[str, Any]:
    mine = ballot_selectors.my_ballot(consultation, request.user)
    return {
        "took_part": mine.took_part,
        "via": mine.via,
        "marks": [{"option": option, "value": value} for option, value in mine.marks.items()],
        "answer": mine.answer,
        "vote_open": consultation.vote_is_open,
        "closes_at": consultation.results_at,
    }


def _marks(fields: dict[str, Any]) -> dict[int, int]:
    return {mark["option"]: mark["value"] for mark in fields["marks"]}


class _MyBallot(Endpoint[Consultation]):
    def _get(self, request: AuthenticatedRequest) -> Response:
        return Response(BallotSerializer(_mine(self.object, request)).data)

    def _put(self, request: AuthenticatedRequest) -> Response:
        fields = self.valid(BallotInputSerializer)
        ballots.ballot_cast(
            consultation=self.object,
            member=request.user,
            marks=_marks(fields),
            answer=fields["answer"],
        )
        return Response(BallotSerializer(_mine(self.object, request)).data)


class ConsultationBallotView(_MyBallot):
    find = access.get_consultation_for_member

    @extend_schema(responses=BallotSerializer)
    def get(self, request: AuthenticatedRequest, consultation_id: int) -> Response:
        """My ballot in this consultation (to show or change it), and whether I took part."""
        return self._get(request)

    @extend_schema(request=BallotInputSerializer, responses=BallotSerializer)
    def put(self, request: AuthenticatedRequest, consultation_id: int) -> Response:
        """Casts my ballot, or changes it until the vote closes: one ballot per member,
        changed in place and counted once. Secret ballots keep who voted apart from what."""
        return self._put(request)

    put.__doc__ = (put.__doc__ or "") + REFUSALS


class SurveyBallotView(_MyBallot):
    find = access.get_consultation_by_link

    @extend_schema(responses=BallotSerializer)
    def get(self, request: AuthenticatedRequest, token: str) -> Response:
        """My ballot in a public survey, reached by its link: anyone signed in may answer."""
        return self._get(request)

    @extend_schema(request=BallotInputSerializer, responses=BallotSerializer)
    def put(self, request: AuthenticatedRequest, token: str) -> Response:
        """Answers a public survey, or changes my answer until it closes."""
        return self._put(request)

    put.__doc__ = (put.__doc__ or "") + REFUSALS


def _paper(ballot: Ballot) -> dict[str, Any]:
    answer = getattr(ballot, "answer", None)
    return {
        "id": ballot.pk,
        "marks": [{"option": mark.option_id, "value": mark.value} for mark in ballot.marks.all()],
        "answer": answer.text if answer is not None else "",
    }


class PaperBallotsView(Endpoint[Consultation]):
    find = access.get_consultation_for_coordinator

    @extend_schema(responses=PaperBallotSerializer(many=True))
    def get(self, request: AuthenticatedRequest, consultation_id: int) -> Response:
        """The paper ballots entered so far (a coordinator's; 403 for a member)."""
        rows = [_paper(ballot) for ballot in ballot_selectors.paper_ballots(self.object)]
        return Response(PaperBallotSerializer(rows, many=True).data)

    @extend_schema(request=BallotInputSerializer, responses={201: PaperBallotSerializer})
    def post(self, request: AuthenticatedRequest, consultation_id: int) -> Response:
        """A coordinator enters a paper ballot while the vote is open: counted apart, then with
        the others; it belongs to no member."""
        fields = self.valid(BallotInputSerializer)
        ballot = ballots.paper_ballot_enter(
            consultation=self.object,
            coordinator=request.user,
            marks=_marks(fields),
            answer=fields["answer"],
        )
        ballot = ballot_selectors.get_paper_ballot(self.object, ballot.pk)
        return created(PaperBallotSerializer(_paper(ballot)).data)

    post.__doc__ = (post.__doc__ or "") + REFUSALS


class PaperBallotView(Endpoint[Ballot]):
    def find_object(self, request: Request, **kwargs: Any) -> Ballot:
        consultation = access.get_consultation_for_coordinator(
            user=request.user,  # type: ignore[arg-type]  # signed in: the API's permission
            consultation_id=kwargs["consultation_id"],
        )
        ballot = ballot_selectors.get_paper_ballot(consultation, kwargs["ballot_id"])
        ballot.consultation = consultation
        return ballot

    @extend_schema(request=None, responses={204: None})
    def delete(
        self, request: AuthenticatedRequest, consultation_id: int, ballot_id: uuid.UUID
    ) -> Response:
        """A coordinator removes a paper ballot entered by mistake, while the vote is open (a
        400 once it is closed)."""
        ballots.paper_ballot_remove(ballot=self.object, coordinator=request.user)
        return no_content()
