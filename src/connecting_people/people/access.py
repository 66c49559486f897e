"""The access layer bound to the person's record: every view that opens a person calls this.

The rules themselves live in `core.access` (staff see the people of their teams; a refusal is
audited and answered 404, the same as for someone who does not exist).
"""

from __future__ import annotations

from django.http import HttpRequest

from connecting_people.core import access
from connecting_people.people.models import Person


def person_for(request: HttpRequest, pk: int, *, audit: bool = True) -> Person:
    """The person, if they are on one of this user's teams' caseloads (404 otherwise)."""
    return access.record_for(
        request, Person.objects.select_related("team", "keyworker"), pk=pk, audit=audit
    )
