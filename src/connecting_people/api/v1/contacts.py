"""Contacts on a person: the logged meetings, calls and visits, and logging a new one, through
the screens' own form and `plans.services.contact_log`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from connecting_people.api.v1 import schemas
from connecting_people.api.v1.auth import need
from connecting_people.api.v1.editing import checked, form_data, saved
from connecting_people.api.v1.paging import LIMIT, page_body, page_of
from connecting_people.api.v1.versions import etag
from connecting_people.people.access import person_for
from connecting_people.plans import selectors, services
from connecting_people.plans.forms import ENGAGEMENT, ContactForm

router = Router(tags=["contacts"])
E = schemas.ERRORS


@router.get(
    "/{int:pk}/contacts", response={200: schemas.ContactPage, **E}, summary="A person's contacts"
)
def contact_list(
    request: HttpRequest,
    pk: int,
    cursor: str | None = None,
    limit: int = LIMIT,
) -> Any:
    """Newest recorded first, one page at a time."""
    need(request, "plans:read")
    person = person_for(request, pk)
    rows, next_url = page_of(
        request,
        selectors.contacts_for(person),
        listing=f"contacts-{person.pk}",
        cursor=cursor,
        limit=limit,
        newest_first=True,
    )
    return page_body([schemas.contact_out(c) for c in rows], next_url, limit)


@router.post("/{int:pk}/contacts", response={201: schemas.ContactOut, **E}, summary="Log a contact")
def contact_log(
    request: HttpRequest, pk: int, payload: schemas.ContactIn, response: HttpResponse
) -> Any:
    need(request, "plans:write")
    person = person_for(request, pk)
    values = payload.dict()
    values["engagement"] = [name for name, _label in ENGAGEMENT if values.pop(name)]
    form = ContactForm(form_data(values))
    checked(form)
    contact = saved(
        lambda: services.contact_log(person=person, by=request.user, **form.contact_fields()),
        kind="contact",
    )
    response["ETag"] = etag("contact", contact.pk, contact.version)
    return Status(201, schemas.contact_out(contact))
