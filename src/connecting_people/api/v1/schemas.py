"""The shapes the API reads and writes: the same fields as the screens' forms, the same codes
as the database keeps (status, destination, kind of contact), ids as the screens' addresses."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

Status = Literal["referred", "active", "moving_on", "moved_on"]
Destination = Literal["lower_support", "beyond_services", "left_service", "other"]
ContactKind = Literal["meeting", "accompanied_visit", "phone_or_video", "group_session", "other"]
Action = Literal["start", "moving-on", "move-on", "return", "carry-on"]


class ProblemOut(Schema):
    """RFC 9457 problem details (sent as application/problem+json)."""

    type: str
    title: str
    status: int
    detail: str
    errors: dict[str, list[str]] | None = None


class PersonOut(Schema):
    id: int
    team: int
    keyworker: int | None
    preferred_name: str
    other_names: str
    pronouns: str
    date_of_birth: dt.date | None
    nhs_number: str
    local_id: str
    email: str
    phone: str
    address: str
    postcode: str
    what_matters: str
    started_on: dt.date
    status: Status
    moved_on_on: dt.date | None
    destination: Destination | Literal[""]
    moving_on_plan: str
    research_opt_out: bool
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class PersonPage(Schema):
    items: list[PersonOut]
    next: str | None = Field(description="The address of the next page; null on the last.")
    limit: int


class PersonIn(Schema):
    """A new person, as the "Add a person" form takes them (referred, in the token's team)."""

    preferred_name: str
    other_names: str = ""
    pronouns: str = ""
    date_of_birth: dt.date | None = None
    what_matters: str = ""
    keyworker: int | None = None
    started_on: dt.date | None = None
    nhs_number: str = ""
    local_id: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    postcode: str = ""
    research_opt_out: bool = False


class PersonPatch(Schema):
    """Any of the record's fields; those left out keep what is stored."""

    preferred_name: str | None = None
    other_names: str | None = None
    pronouns: str | None = None
    date_of_birth: dt.date | None = None
    what_matters: str | None = None
    keyworker: int | None = None
    nhs_number: str | None = None
    local_id: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    postcode: str | None = None
    research_opt_out: bool | None = None


class StatusIn(Schema):
    """One step along the person's journey, as the status pages take it."""

    action: Action
    on: dt.date
    reason: str = ""
    destination: Destination | None = None
    moving_on_plan: str = ""
    keep_in_touch: bool | None = None
    own_space_days: int | None = None


class ContactOut(Schema):
    id: int
    person: int
    happened_on: dt.date
    kind: ContactKind
    duration_minutes: int | None
    where: str
    what_happened: str
    follow_ups: str
    went_along: bool
    learned_skill: bool
    taught_skill: bool
    people_met: str
    next_meeting_on: dt.date | None
    hidden_from_person: bool
    hidden_reason: str
    recorded_by: int | None
    version: int
    created_at: dt.datetime


class ContactPage(Schema):
    items: list[ContactOut]
    next: str | None
    limit: int


class ContactIn(Schema):
    """A contact, as the "Log a contact" form takes it."""

    happened_on: dt.date
    kind: ContactKind
    what_happened: str
    duration_minutes: int | None = None
    where: str = ""
    follow_ups: str = ""
    went_along: bool = False
    learned_skill: bool = False
    taught_skill: bool = False
    people_met: str = ""
    next_meeting_on: dt.date | None = None
    hidden_from_person: bool = False
    hidden_reason: str = ""


def person_out(person: Any) -> dict[str, Any]:
    fields = PersonOut.model_fields
    row = {name: getattr(person, name) for name in fields if name not in ("team", "keyworker")}
    return {**row, "team": person.team_id, "keyworker": person.keyworker_id}


def contact_out(contact: Any) -> dict[str, Any]:
    fields = ContactOut.model_fields
    row = {name: getattr(contact, name) for name in fields if name not in ("person", "recorded_by")}
    return {**row, "person": contact.person_id, "recorded_by": contact.recorded_by_id}


ERRORS: dict[int, Any] = dict.fromkeys((400, 401, 403, 404, 409, 412, 422, 428, 429), ProblemOut)
