"""The secret ballot's separation, read in the schema: no join path from a voter to a choice;
and the ballot's key, which cannot be made again without the secret."""

from __future__ import annotations

import pytest
from django.db import connection

from exchanges.consultations import secrecy
from exchanges.consultations.models import Ballot, Mark, OpenAnswer, Participation
from neighbourhood.accounts.models import User

pytestmark = pytest.mark.django_db

BALLOT_TABLES = (Ballot._meta.db_table, Mark._meta.db_table, OpenAnswer._meta.db_table)


def foreign_tables(table: str) -> set[str]:
    """The tables ``table`` points to, as the database knows its foreign keys."""
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, table)
        constraints = connection.introspection.get_constraints(cursor, table)
    pointed = {target for _column, target in relations.values()}
    pointed |= {c["foreign_key"][0] for c in constraints.values() if c["foreign_key"]}
    return pointed


def columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {
            column.name for column in connection.introspection.get_table_description(cursor, table)
        }


def reachable(start: str) -> set[str]:
    """Every table reached from ``start`` by following foreign keys."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        table = todo.pop()
        for target in foreign_tables(table) - seen:
            seen.add(target)
            todo.append(target)
    return seen


def test_no_ballot_table_points_to_a_member_or_a_participation():
    users, participations = User._meta.db_table, Participation._meta.db_table
    for table in BALLOT_TABLES:
        pointed = foreign_tables(table)
        assert users not in pointed, table
        assert participations not in pointed, table


def test_ballots_reach_members_only_through_the_consultation():
    """From a ballot, the foreign keys lead to the consultation (and from it to its opener and
    quartier), never to a participation: nothing joins a ballot to its voter."""
    participations = Participation._meta.db_table
    for table in BALLOT_TABLES:
        assert participations not in reachable(table), table


def test_the_only_column_a_ballot_shares_with_a_participation_is_the_consultation():
    participation = columns(Participation._meta.db_table)
    assert columns(Ballot._meta.db_table) & participation == {"id", "consultation_id"}
    # "id" is a name in common, not a value: a ballot's is a random UUID, a participation's an
    # integer in order.
    with connection.cursor() as cursor:
        described = {
            c.name: c
            for c in connection.introspection.get_table_description(cursor, Ballot._meta.db_table)
        }
    assert (
        connection.introspection.get_field_type(described["id"].type_code, described["id"])
        == "UUIDField"
    )
    for table in (Mark._meta.db_table, OpenAnswer._meta.db_table):
        assert columns(table) & participation <= {"id"}, table


def test_no_ballot_table_holds_a_time():
    for model in (Ballot, Mark, OpenAnswer):
        kinds = {field.get_internal_type() for field in model._meta.concrete_fields}
        assert not kinds & {"DateTimeField", "DateField", "TimeField"}, model


def test_the_key_is_the_same_for_the_same_member_and_different_otherwise():
    key = secrecy.ballot_key(consultation_id=1, member_id=2)
    assert key == secrecy.ballot_key(consultation_id=1, member_id=2)
    assert len(key) == 64
    assert key != secrecy.ballot_key(consultation_id=1, member_id=3)
    assert key != secrecy.ballot_key(consultation_id=2, member_id=2)
    # Not a plain hash of what is known: "1:2" and "12:" make different keys.
    assert secrecy.ballot_key(consultation_id=12, member_id=3) != secrecy.ballot_key(
        consultation_id=1, member_id=23
    )


def test_the_key_cannot_be_made_without_the_secret(settings):
    settings.CONSULTATIONS_BALLOT_SECRET = "the site's ballot secret"
    known = secrecy.ballot_key(consultation_id=1, member_id=2)
    settings.CONSULTATIONS_BALLOT_SECRET = "a guess"
    assert secrecy.ballot_key(consultation_id=1, member_id=2) != known
    settings.CONSULTATIONS_BALLOT_SECRET = ""
    assert secrecy.ballot_key(consultation_id=1, member_id=2) != known


def test_paper_ballot_keys_are_random():
    assert len({secrecy.paper_ballot_key() for _ in range(50)}) == 50
