"""The results in the API: the same figures and sentence as the page (403 in words while they
are hidden), and coordinators' grouping of an open question's answers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from exchanges.consultations import counting
from exchanges.consultations import results as selectors
from exchanges.consultations.access import get_consultation_for_coordinator
from exchanges.consultations.models import Consultation, OpenAnswer
from exchanges.consultations.plain_words import grade_name
from exchanges.consultations.results import Outcome, Results
from exchanges.consultations.services.answers import GROUP_MAX_LENGTH, answers_group
from neighbourhood.api import Endpoint
from neighbourhood.http import AuthenticatedRequest


class PaperHandSerializer(serializers.Serializer):
    name = serializers.CharField()
    entered = serializers.IntegerField()
    removed = serializers.IntegerField()


class TurnoutSerializer(serializers.Serializer):
    members = serializers.IntegerField(help_text="The quartier's active members.")
    voters = serializers.IntegerField(help_text="Everyone who took part, paper ballots included.")
    member_voters = serializers.IntegerField(
        help_text="Voters who are members of the quartier (paper ballots included)."
    )
    outside = serializers.IntegerField(
        help_text="A public survey's respondents from outside the quartier."
    )
    online = serializers.IntegerField(help_text="Members who voted themselves.")
    relais = serializers.IntegerField(help_text="Members whose ballot a relais recorded.")
    paper = serializers.IntegerField(help_text="Paper ballots entered by a coordinator.")
    paper_entered_by = PaperHandSerializer(
        many=True, help_text="Who entered paper ballots and how many (never which)."
    )


class OptionResultSerializer(serializers.Serializer):
    """One option's figures; the fields of the other methods are null."""

    option = serializers.IntegerField(help_text="The option's id.")
    label = serializers.CharField()  # type: ignore[assignment]
    rank = serializers.IntegerField(help_text="1 for the best; equals share a rank.")
    count = serializers.IntegerField(allow_null=True, help_text="Single choice, approval.")
    share = serializers.FloatField(
        allow_null=True, help_text="Single choice, approval: of the voters, 0 to 1."
    )
    median = serializers.IntegerField(
        allow_null=True,
        help_text="Majority judgment: the lower median grade, 0 (To reject) to 6 (Excellent).",
    )
    median_name = serializers.CharField(allow_null=True)
    distribution = serializers.ListField(
        child=serializers.IntegerField(),
        allow_null=True,
        help_text="Majority judgment: how many voters gave each grade, 0 (To reject) to 6 "
        "(Excellent); a ballot that left it ungraded counts as To reject.",
    )
    above = serializers.FloatField(allow_null=True, help_text="The share above the median.")
    below = serializers.FloatField(allow_null=True, help_text="The share below the median.")
    yes = serializers.IntegerField(allow_null=True, help_text="Date poll.")
    if_needed = serializers.IntegerField(allow_null=True, help_text="Date poll.")
    no = serializers.IntegerField(allow_null=True, help_text="Date poll (unanswered included).")


class CountSerializer(serializers.Serializer):
    voters = serializers.IntegerField(help_text="The ballots counted.")
    winners = serializers.ListField(
        child=serializers.IntegerField(), help_text="Options' ids: several for a tie, none yet."
    )
    tie = serializers.BooleanField()
    options = OptionResultSerializer(many=True, help_text="Ranked, the best first.")


class AnswerGroupSerializer(serializers.Serializer):
    label = serializers.CharField(  # type: ignore[assignment]
        allow_blank=True, help_text='"" for the ungrouped (last).'
    )
    answers = serializers.ListField(child=serializers.CharField())


class OpenVoteSerializer(serializers.Serializer):
    name = serializers.CharField()
    marks = serializers.DictField(
        child=serializers.IntegerField(), help_text="The values by option id."
    )
    answer = serializers.CharField(allow_blank=True)


class ResultsSerializer(serializers.Serializer):
    consultation = serializers.IntegerField()
    question = serializers.CharField()
    method = serializers.ChoiceField(choices=Consultation.Method.choices)
    sentence = serializers.CharField(help_text="The result in plain words, in my language.")
    participation = TurnoutSerializer()
    together = CountSerializer(allow_null=True, help_text="All ballots (null: open question).")
    online = CountSerializer(allow_null=True, help_text="Where paper ballots were entered.")
    paper = CountSerializer(allow_null=True, help_text="Where paper ballots were entered.")
    groups = AnswerGroupSerializer(many=True, help_text="An open question's answers.")
    open_votes = OpenVoteSerializer(
        many=True, help_text="An open ballot only: names with their choices."
    )


def option_rows(outcome: Outcome) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for row in outcome.rows if outcome is not None else []:
        data: dict[str, Any] = dict.fromkeys(
            (
                "count",
                "share",
                "median",
                "median_name",
                "distribution",
                "above",
                "below",
                "yes",
                "if_needed",
                "no",
            )
        )
        data.update(option=row.option.id, label=row.option.label, rank=row.rank)
        if isinstance(row, counting.ChoiceRow):
            data.update(count=row.count, share=row.share)
        elif isinstance(row, counting.GradeRow):
            data.update(
                median=row.median,
                median_name=grade_name(row.median) or None,
                distribution=list(row.distribution),
                above=row.above,
                below=row.below,
            )
        elif isinstance(row, counting.DateRow):
            data.update(yes=row.yes, if_needed=row.if_needed, no=row.no)
        rows.append(data)
    return rows


def count_data(outcome: Outcome) -> dict[str, Any] | None:
    if outcome is None:
        return None
    return {
        "voters": outcome.voters,
        "winners": [option.id for option in outcome.winners],
        "tie": outcome.is_tie,
        "options": option_rows(outcome),
    }


def results_data(found: Results) -> dict[str, Any]:
    turnout = found.turnout
    return {
        "consultation": found.consultation.pk,
        "question": found.consultation.question,
        "method": found.consultation.method,
        "sentence": found.sentence,
        "participation": {
            "members": turnout.members,
            "voters": turnout.voters,
            "member_voters": turnout.member_voters,
            "outside": turnout.outside,
            "online": turnout.online,
            "relais": turnout.relais,
            "paper": turnout.paper,
            "paper_entered_by": [
                {"name": h.name, "entered": h.entered, "removed": h.removed}
                for h in found.paper_hands
            ],
        },
        "together": count_data(found.together),
        "online": count_data(found.online),
        "paper": count_data(found.paper),
        "groups": [{"label": g.label, "answers": g.answers} for g in found.groups],
        "open_votes": [
            {"name": v.name, "marks": {str(k): m for k, m in v.marks.items()}, "answer": v.answer}
            for v in found.open_votes
        ],
    }


class ResultsView(Endpoint[Consultation]):
    find = selectors.get_consultation_with_results

    @extend_schema(responses=ResultsSerializer)
    def get(self, request: AuthenticatedRequest, consultation_id: int) -> Response:
        """The results: the sentence in plain words, participation by way, and per method each
        option's figures (all ballots; online and paper apart where paper ballots were
        entered). A 403 that says when, while the vote is open (unless the results are live)."""
        found = selectors.results(consultation=self.object)
        return Response(ResultsSerializer(results_data(found)).data)


# Answers grouped in one request: more is refused, in words (the client sends several).
MAX_GROUPED = 1000


class GroupInputSerializer(serializers.Serializer):
    answer = serializers.UUIDField(help_text="The answer's id.")
    group = serializers.CharField(
        max_length=GROUP_MAX_LENGTH, allow_blank=True, help_text='"" takes it out of any group.'
    )


class GroupsInputSerializer(serializers.Serializer):
    groups = GroupInputSerializer(  # type: ignore[call-arg]  # passed on to its ListSerializer
        many=True,
        max_length=MAX_GROUPED,
        help_text=f"At most {MAX_GROUPED} answers a request, each once.",
        error_messages={
            "max_length": gettext_lazy("At most {max_length} answers can be grouped at once.")
        },
    )

    def validate_groups(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        answers = [item["answer"] for item in value]
        if len(set(answers)) != len(answers):
            raise serializers.ValidationError(_("An answer is given twice: give each answer once."))
        return value


class AnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = OpenAnswer
        fields = ["id", "text", "group"]
        read_only_fields = fields


def find_for_grouping(*, user: Any, consultation_id: int) -> Consultation:
    consultation = get_consultation_for_coordinator(user=user, consultation_id=consultation_id)
    if not selectors.results_visible(consultation):
        raise selectors.ResultsHidden(selectors.hidden_message(consultation))
    return consultation


class AnswerGroupsView(Endpoint[Consultation]):
    find = find_for_grouping

    @extend_schema(request=GroupsInputSerializer, responses=AnswerSerializer(many=True))
    def put(self, request: AuthenticatedRequest, consultation_id: int) -> Response:
        """A coordinator names the group of each answer given (the others stay as they are),
        once the results are shown. Refused whole, in words: an answer of another
        consultation, a question that is not open."""
        given = self.valid(GroupsInputSerializer)["groups"]
        answers_group(
            consultation=self.object,
            coordinator=request.user,
            groups={item["answer"]: item["group"] for item in given},
        )
        answers = OpenAnswer.objects.filter(ballot__consultation=self.object).order_by(
            "group", "text", "id"
        )
        return Response(AnswerSerializer(answers, many=True).data)
