"""The portal's loaders: the signed-in person's own record, through the access layer."""

from django.http import Http404, HttpRequest

from connecting_people.core import access
from connecting_people.people.models import Person


def own_person(request: HttpRequest, *, audit: bool = True) -> Person:
    """The person whose space this is. An account that may not sign in now (paused, ended, past
    its date) gets a 404, as for any page it may not open; the refusal is audited."""
    person_id = access.own_person_id(request.user)
    if person_id is None:
        access.refuse(request, model="people.person", own_space=True)
        raise Http404
    return access.own_record_for(
        request, Person.objects.select_related("team", "keyworker"), pk=person_id, audit=audit
    )
