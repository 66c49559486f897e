"""The parts of the record a person can say they see differently (issue 14 §3).

Each kind names how to load one of the person's own records through the access layer and what
the worker wrote on it, so the "I see it differently" page works the same for a goal, a step, a
meeting or someone on the map. Another page (the map, a connection) links to
`portal:differ` with its kind and id; nothing else is needed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from connecting_people.core import access
from connecting_people.network.models import Connection
from connecting_people.people.models import AboutKind, Interest, Person
from connecting_people.plans.models import Barrier, Contact, Goal, Step


@dataclass(frozen=True)
class About:
    """One kind of record: its records, what the worker wrote on one, and its name."""

    records: Callable[[], QuerySet[Any]]
    written: Callable[[Any], list[str]]
    name: Any


def _step_words(step: Step) -> list[str]:
    return [step.text] + ([step.notes] if step.notes and not step.hidden_from_person else [])


KINDS: dict[str, About] = {
    AboutKind.WHAT_MATTERS: About(
        lambda: Person.objects.all(), lambda p: [p.what_matters], _("What matters to you")
    ),
    AboutKind.GOAL: About(lambda: Goal.objects.all(), lambda g: [g.text], _("A goal")),
    AboutKind.STEP: About(lambda: Step.objects.select_related("goal"), _step_words, _("A step")),
    AboutKind.BARRIER: About(
        lambda: Barrier.objects.select_related("kind"),
        lambda b: [b.kind.name, b.affects, b.plan],
        _("Something in the way"),
    ),
    AboutKind.CONTACT: About(
        lambda: Contact.objects.filter(hidden_from_person=False),
        lambda c: [c.what_happened, c.follow_ups],
        _("A meeting"),
    ),
    AboutKind.INTEREST: About(
        lambda: Interest.objects.all(), lambda i: [i.description], _("Something you enjoy")
    ),
    AboutKind.CONNECTION: About(
        lambda: Connection.objects.all(), lambda c: [c.label], _("Someone on your map")
    ),
}


def about_record(request: HttpRequest, person: Person, kind: str, pk: int) -> tuple[About, Model]:
    """The kind and the record, if it is this person's own; otherwise the same 404 as for a
    record that does not exist (audited)."""
    about = KINDS.get(kind)
    if about is None:
        access.refuse(request, model="portal.about", kind=str(kind)[:40], own_space=True)
        raise Http404
    if kind == AboutKind.WHAT_MATTERS:
        if pk != person.pk:
            access.refuse(request, model="people.person", pk=str(pk)[:64], own_space=True)
            raise Http404
        return about, person
    return about, access.own_record_for(request, about.records(), pk=pk)
