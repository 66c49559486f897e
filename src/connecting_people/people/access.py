"""The access layer bound to the person's record: every view that opens a person calls this.

The rules themselves live in `core.access` (staff see the people of their teams; a refusal is
audited and answered 404, the same as for someone who does not exist).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from connecting_people.core import access
from connecting_people.people.models import Interest, Person, Skill


def person_for(request: HttpRequest, pk: int, *, audit: bool = True) -> Person:
    """The person, if they are on one of this user's teams' caseloads (404 otherwise)."""
    return access.record_for(
        request, Person.objects.select_related("team", "keyworker"), pk=pk, audit=audit
    )


def interest_for(request: HttpRequest, person: Person, pk: int) -> Interest:
    """One of this person's interests (404 for anyone else's, audited as refused)."""
    return access.child_for(request, Interest.objects.all(), parent=person, pk=pk)


def skill_for(request: HttpRequest, person: Person, pk: int) -> Skill:
    """One of this person's skills (404 for anyone else's, audited as refused)."""
    return access.child_for(request, Skill.objects.all(), parent=person, pk=pk)


def caseload_for(request: HttpRequest, *, mine: bool = False) -> QuerySet[Person]:
    """The people on this user's caseload page: theirs as keyworker, or the current team's."""
    return access.caseload(request, Person.objects.all(), mine=mine)
