"""The access layer bound to the person's record: every view that opens a person calls this.

The rules themselves live in `core.access` (staff see the people of their teams; a refusal is
audited and answered 404, the same as for someone who does not exist).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from connecting_people.core import access
from connecting_people.people.erasure import erasure_cutoff
from connecting_people.people.models import (
    ErasureRequest,
    ErasureStatus,
    Interest,
    Person,
    Skill,
)


def person_for(request: HttpRequest, pk: int, *, audit: bool = True) -> Person:
    """The person, if they are on one of this user's teams' caseloads (404 otherwise); through
    the API, only on the caseload of the token's own team."""
    people = access.in_token_team(request, Person.objects.select_related("team", "keyworker"))
    return access.record_for(request, people, pk=pk, audit=audit)


def interest_for(request: HttpRequest, person: Person, pk: int) -> Interest:
    """One of this person's interests (404 for anyone else's, audited as refused)."""
    return access.child_for(request, Interest.objects.all(), parent=person, pk=pk)


def skill_for(request: HttpRequest, person: Person, pk: int) -> Skill:
    """One of this person's skills (404 for anyone else's, audited as refused)."""
    return access.child_for(request, Skill.objects.all(), parent=person, pk=pk)


def caseload_for(request: HttpRequest, *, mine: bool = False) -> QuerySet[Person]:
    """The people on this user's caseload page: theirs as keyworker, or the current team's."""
    return access.caseload(request, access.in_token_team(request, Person.objects.all()), mine=mine)


def erasure_person_for(request: HttpRequest, pk: int) -> Person:
    """The person, for asking that their record be erased: their team's leads only (404 and
    audited for anyone else, even those who may see the record)."""
    person = person_for(request, pk)
    if not access.may_erase_in(request.user, person.team):
        access.refuse(request, target=person, wanted="erasure")
        raise Http404
    return person


def erasure_request_for(request: HttpRequest, pk: int, *, confirm: bool) -> ErasureRequest:
    """A waiting request this user may decide: confirm (never their own) or cancel (their own,
    or any they could confirm). 404, audited, for anything else."""
    user = request.user
    found = (
        ErasureRequest.objects.filter(access.erasure_teams(user) | Q(requested_by=user))
        .filter(status=ErasureStatus.WAITING, requested_at__gte=erasure_cutoff())
        .select_related("team", "requested_by", "person")
        .filter(pk=pk)
        .first()
        if getattr(user, "is_authenticated", False) and user.is_active
        else None
    )
    own = found is not None and found.requested_by_id == user.pk
    may_decide = found is not None and access.may_erase_in(user, found.team)
    if found is None or (confirm and (own or not may_decide)) or not (own or may_decide):
        access.refuse(request, model="people.erasurerequest", pk=str(pk)[:64])
        raise Http404
    return found
