"""The worker's updates feed (issue 14 §4): what a person changed in their own space.

Derived from the audit trail, not from any one kind of record: an update is an event whose actor
is the person's own account (`people.PersonAccount.user`), that added, changed or removed their
record or a record of theirs (the events `core.audit.audit_record` files under the person as
subject), never a mere look. So whatever the person's space lets them change appears here, the
kinds added later too, described by `core.trail_words`. Each member of staff marks updates seen
for themself (`UpdateSeen`); seen ones leave the count and stay listed.

Query counts are fixed: the person's feed in three queries (and one for each kind of their own
words on it: an update written for the worker, a different view, shown word for word; and one
for the names of the questionnaires filled in, when there are any), the
caseload's counts in two for any number of people.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.core.trail_words import (
    PERSON_KIND,
    about_person,
    detail_words,
    what_they_did,
)
from connecting_people.outcomes.models import Response
from connecting_people.people.models import DifferentView, OwnUpdate, Person, PersonAccount
from connecting_people.practice.updates.models import UpdateSeen

# What counts as an update: a change, never a look, an export or a refusal.
UPDATE_ACTIONS = (AuditAction.CREATED, AuditAction.CHANGED, AuditAction.DELETED)
# Kinds of record that are about the account rather than the person's plan: left out.
LEFT_OUT_KINDS = ("people.personaccount",)
# How many unseen updates the person's page shows before "and N more".
SHOWN_ON_PAGE = 10

# Where an update about a kind of record is best seen, on the staff side: a URL name taking the
# person (and, with True, the record itself), or a part of the person's page. Any other kind goes
# to the person's page.
LINKS: dict[str, tuple[str, bool, str]] = {
    PERSON_KIND: ("practice:person", False, "#assess"),
    "people.interest": ("practice:person", False, "#interests"),
    "people.skill": ("practice:person", False, "#skills"),
    "plans.goal": ("plans:goal", True, ""),
    "plans.barrier": ("plans:barrier", True, ""),
    "plans.step": ("practice:person", False, "#plan"),
    "plans.contact": ("plans:contacts", False, ""),
    "network.connection": ("network:map", False, ""),
    "network.tie": ("network:map", False, ""),
    "suggestions.suggestion": ("suggestions:page", False, ""),
    "outcomes.response": ("outcomes:page", False, ""),
}


@dataclass(frozen=True)
class Update:
    """One update, ready to show."""

    event: AuditEvent
    text: str  # "Robin changed their record"
    detail: str  # "what changed: what matters to me" or ""
    link: str
    seen: bool
    words: str = ""  # what the person wrote for their worker, when the record is their words


# Records that are the person's own words for their worker: the feed shows the words themselves,
# since the worker has nowhere else to read them (the trail itself never holds them).
OWN_WORDS: dict[str, type[OwnUpdate] | type[DifferentView]] = {
    "people.ownupdate": OwnUpdate,
    "people.differentview": DifferentView,
}


def _by_people(pairs: Iterable[tuple[int, int]]) -> Q:
    """Events each person's own account made about that person: (user id, person id) pairs."""
    where = Q(pk__in=[])
    for user_id, person_id in pairs:
        where |= Q(actor_id=user_id) & about_person(person_id)
    return where


def _updates(where: Q) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(where, action__in=UPDATE_ACTIONS).exclude(
        target_type__in=LEFT_OUT_KINDS
    )


def _seen_by(user: Any) -> Exists:
    return Exists(UpdateSeen.objects.filter(user_id=user.pk, event_id=OuterRef("pk")))


def account_user_id(person: Person) -> int | None:
    """The person's own sign-in account, if they have one. One query."""
    return PersonAccount.objects.filter(person=person).values_list("user_id", flat=True).first()


def update_events(person: Person, *, user_id: int | None = None) -> models.QuerySet[AuditEvent]:
    """Every update the person made, newest first (seen or not). One query to read."""
    user_id = user_id if user_id is not None else account_user_id(person)
    if user_id is None:
        return AuditEvent.objects.none()
    return _updates(_by_people([(user_id, person.pk)])).order_by("-at", "-pk")


def _link(event: AuditEvent, person: Person) -> str:
    name, with_record, anchor = LINKS.get(event.target_type, ("practice:person", False, ""))
    if event.action == AuditAction.DELETED:  # the record is gone: the person's page
        name, with_record, anchor = "practice:person", False, ""
    try:
        if name == "practice:person":
            url = reverse(name, args=[person.pk])
        elif with_record:
            url = reverse(name, kwargs={"person_pk": person.pk, "pk": int(event.target_id)})
        else:
            url = reverse(name, kwargs={"person_pk": person.pk})
    except (NoReverseMatch, ValueError):
        url = reverse("practice:person", args=[person.pk])
    return url + anchor


def as_update(event: AuditEvent, person: Person) -> Update:
    return Update(
        event=event,
        text=f"{person.preferred_name} {what_they_did(event)}",
        detail=detail_words(event),
        link=_link(event, person),
        seen=bool(getattr(event, "seen", False)),
    )


# Kinds of record whose own title finishes the sentence: "Robin filled in a questionnaire:
# Loneliness (three questions)". Model and the field that names it.
TITLED: dict[str, tuple[type[Response], str]] = {
    "outcomes.response": (Response, "instrument__short_title"),
}


def with_titles(updates: list[Update], person: Person) -> list[Update]:
    """The same updates, each about a questionnaire ending with which one it was; one query for
    each such kind on the page."""
    wanted: dict[str, set[int]] = {}
    for update in updates:
        kind = update.event.target_type
        if kind in TITLED and update.event.target_id.isdigit():
            wanted.setdefault(kind, set()).add(int(update.event.target_id))
    titles: dict[tuple[str, str], str] = {}
    for kind, ids in wanted.items():
        model, field = TITLED[kind]
        rows = model.objects.filter(person=person, pk__in=ids).values_list("pk", field)
        titles.update({(kind, str(pk)): title for pk, title in rows})
    found = []
    for update in updates:
        title = titles.get((update.event.target_type, update.event.target_id))
        found.append(replace(update, text=f"{update.text}: {title}") if title else update)
    return found


def with_words(updates: list[Update], person: Person) -> list[Update]:
    """The same updates, with the person's own words on those that are words for the worker (an
    update, a different view), and the questionnaire's name on one filled in; at most one query
    for each such kind on the page."""
    updates = with_titles(updates, person)
    wanted: dict[str, set[int]] = {}
    for update in updates:
        kind = update.event.target_type
        if kind in OWN_WORDS and update.event.target_id.isdigit():
            wanted.setdefault(kind, set()).add(int(update.event.target_id))
    texts: dict[tuple[str, int], str] = {}
    for kind, ids in wanted.items():
        rows = OWN_WORDS[kind].objects.filter(person=person, pk__in=ids).values_list("pk", "text")
        texts.update({(kind, pk): text for pk, text in rows})
    return [
        replace(u, words=texts.get((u.event.target_type, int(u.event.target_id)), ""))
        if u.event.target_type in wanted and u.event.target_id.isdigit()
        else u
        for u in updates
    ]


def person_updates(
    person: Person, *, user: Any, unseen_only: bool = False
) -> models.QuerySet[AuditEvent]:
    """The person's updates for this member of staff, each marked `seen`, newest first."""
    events = update_events(person).annotate(seen=_seen_by(user))
    return events.filter(seen=False) if unseen_only else events


def updates_section(person: Person, *, user: Any) -> dict[str, Any]:
    """The "Updates from <name>" section of the person's page: the unseen updates (the first
    `SHOWN_ON_PAGE`), how many in all, and whether the person has their own account. Three
    queries: the account, the page of updates, the count."""
    user_id = account_user_id(person)
    if user_id is None:
        return {"has_account": False, "updates": [], "unseen": 0}
    unseen = update_events(person, user_id=user_id).annotate(seen=_seen_by(user)).filter(seen=False)
    shown = with_words([as_update(e, person) for e in unseen[:SHOWN_ON_PAGE]], person)
    count = len(shown) if len(shown) < SHOWN_ON_PAGE else unseen.count()
    return {"has_account": True, "updates": shown, "unseen": count}


def unseen_counts(people: Iterable[Person], *, user: Any) -> dict[int, int]:
    """Person id → how many updates this member of staff has not yet seen, for a page of people.
    Two queries, however many people: their accounts, then the counts."""
    ids = [p.pk for p in people]
    if not ids:
        return {}
    pairs = list(
        PersonAccount.objects.filter(person_id__in=ids).values_list("user_id", "person_id")
    )
    if not pairs:
        return {}
    person_of = dict(pairs)
    rows = (
        _updates(_by_people(pairs))
        .exclude(_seen_by(user))
        .order_by()
        .values("actor_id")
        .annotate(n=Count("pk"))
    )
    return {person_of[row["actor_id"]]: row["n"] for row in rows}


def updates_marker(count: int, name: str) -> str:
    """The caseload's marker: "3 updates from Robin"."""
    if count == 1:
        return _("1 update from %(name)s") % {"name": name}
    return _("%(count)s updates from %(name)s") % {"count": count, "name": name}
