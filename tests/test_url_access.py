"""Every URL pattern of the project, walked by the standing cast (tests/cast.py).

The access table below names each URL, how to fill its address from the one world, and which
kind of page it is; the kind says what each member of the cast should get. A URL the project
serves that is not in the table fails `test_every_url_pattern_is_in_the_access_table`, so a new
page cannot arrive without someone deciding who may open it.

Outcomes, by class:
    ok        2xx, or a redirect that is not to the sign-in page
    reached   (pages that only take POST, posted empty) the view ran for this member: not 403,
              404, 405 or a redirect to sign in; what the view then says about the empty form
              (400, a redirect, a page with errors) is its own business
    sign_in   a redirect to the sign-in page (anonymous, and the switched-off account)
    404, 403  refused
A refused POST must also leave the world as it was (tests/cast.py `state_of`: the key tables'
row counts and the fields the one-button forms change). Whoever is refused a page that also takes
a form is refused its empty POST too. On every answer, names and team notes appear only to those
who may see them (tests/cast.py `SECRETS`). A personal page refused to another team's
practitioner writes a REFUSED audit event.

Framework URLs are left out of the table on purpose, each with its own test:
    account_*, mfa_*   allauth's sign-in, password and MFA pages: public or sign-in pages
    admin:*            Django's admin (and its unnamed redirects): refuses everyone who is not staff
    static files       served by whitenoise, not by a URL pattern (so nothing to leave out)

We use only URL names and HTTP here (never views), so code can move under this test freely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from tests.cast import (
    MEMBERS,
    PEOPLE_ACCOUNTS,
    SECRETS,
    build_world,
    last_refusal_of,
    refusals_by,
    state_of,
)

# ── Kinds of page: what each member of the cast gets ──────────────────────────────────────────
TEAM_STAFF = ("practitioner", "team_lead", "other_team", "other_org")
SIGNED_OUT = {"inactive": "sign_in", "anonymous": "sign_in"}


def _kind(ok: tuple[str, ...], refused: str = "404", **others: str) -> dict[str, str]:
    """Members in `ok` get through, the switched-off and anonymous are sent to sign in, the rest
    are refused with `refused` unless `others` says otherwise. People's own accounts (issue 14)
    get the same 404 as a missing page on every page outside their own space."""
    expected = dict.fromkeys(MEMBERS, refused) | SIGNED_OUT | dict.fromkeys(PEOPLE_ACCOUNTS, "404")
    return expected | others | dict.fromkeys(ok, "ok")


KINDS: dict[str, dict[str, str]] = {
    # issue 14, the person's own space: any person's account gets its own; staff, 404.
    "OWN_SPACE": _kind(PEOPLE_ACCOUNTS),
    # The person's way in (issue 14): anyone signed out, and people's own accounts (sent on to
    # their space); staff signed in get the portal's 404, so a staff session is never a person's.
    "OWN_DOOR": dict.fromkeys(MEMBERS, "404")
    | {"inactive": "ok", "anonymous": "ok"}
    | dict.fromkeys(PEOPLE_ACCOUNTS, "ok"),
    # One of Sam's own records in their space: Sam's account only; anyone else, 404.
    "OWN_RECORD": _kind(("person_self",)),
    # Open to anyone, signed in or not: the statements, the health check, the HSDS read API.
    "PUBLIC": dict.fromkeys(MEMBERS, "ok"),
    # The HSDS API's answer for any other address under it: a JSON 404 for everyone.
    "PUBLIC_NOT_FOUND": dict.fromkeys(MEMBERS, "404"),
    # The home page: staff get theirs; a person's account is sent to its own space.
    "HOME": _kind((*TEAM_STAFF, "org_admin", "evaluator", *PEOPLE_ACCOUNTS)),
    # Any signed-in account, whatever its roles (each sees only what is theirs on it).
    "SIGNED_IN": _kind((*TEAM_STAFF, "org_admin", "evaluator")),
    # The person's record: their team only; everyone else the same 404 as a missing record.
    "PERSONAL": _kind(("practitioner", "team_lead")),
    # A record the team keeps (a connector, the team's layer on a service): that team only.
    "TEAM_RECORD": _kind(("practitioner", "team_lead")),
    # Works on the team being worked in now: anyone in a team gets their own; no team, 404.
    "CURRENT_TEAM": _kind(TEAM_STAFF),
    # Changing the shared directory: anyone in a team; anyone in none, 403.
    "DIRECTORY_EDIT": _kind(TEAM_STAFF, refused="403"),
    # Changing a service in the shared directory (issue 15): the staff of the organisation that
    # keeps it (its teams and its admins); anyone else, 403 with who keeps it.
    "SERVICE_KEEPER": _kind(
        ("practitioner", "team_lead", "other_team", "org_admin"), refused="403"
    ),
    # Suggesting a change to a service (issue 15): anyone in a team (its keepers are sent on to
    # change it themselves, so they get through too); anyone in no team, 403.
    "SUGGEST_CHANGE": _kind((*TEAM_STAFF, "org_admin"), refused="403"),
    # A suggested change: whoever made it, and the staff of the organisation that keeps the
    # service; anyone else, 404 as for none.
    "SUGGESTION": _kind(("practitioner", "team_lead", "other_team", "org_admin", "other_org")),
    # Deciding a suggested change: the keeping organisation's staff; whoever made it is told no.
    "SUGGESTION_DECIDE": _kind(
        ("practitioner", "team_lead", "other_team", "org_admin"), other_org="403"
    ),
    # The team's own page: its members and its organisation's admins.
    "TEAM": _kind(("practitioner", "team_lead", "org_admin")),
    # Changing the team and who is in it: its leads and its organisation's admins; a member who
    # is not a lead is told no (403); anyone who may not see the team, 404.
    "TEAM_MANAGE": _kind(("team_lead", "org_admin"), practitioner="403"),
    # Managing the team's layer on a service: the current team's leads; its practitioners 403.
    "TEAM_RECORD_MANAGE": _kind(("team_lead",), practitioner="403"),
    # The current team's directory sources (issue 18): its leads (each their own team's); a
    # member who is not a lead, 403; anyone in no team, 404.
    "CURRENT_TEAM_LEAD": _kind(
        ("team_lead", "other_org"), refused="403", evaluator="404", org_admin="404"
    ),
    # One of North's sources: North's leads; other teams' members 403 (they lead no team) or
    # 404 (a lead of another team, who may not see it); anyone in no team, 404.
    "TEAM_LEAD_RECORD": _kind(
        ("team_lead",), refused="403", evaluator="404", other_org="404", org_admin="404"
    ),
    # Matching other directories' terms to our interests: any team lead, any organisation admin.
    "LEADS_AND_ADMINS": _kind(("team_lead", "other_org", "org_admin"), refused="403"),
    # Deciding a request to join a team (issue 15): the team's leads only; the admin who asked
    # is told no (403) like the team's practitioners; anyone who may not see the team, 404.
    "TEAM_LEAD_DECIDES": _kind(("team_lead",), practitioner="403", org_admin="403"),
    # One worker's practice indicators: the worker themself and the leads of their team.
    "WORKER_AND_LEAD": _kind(("practitioner", "team_lead")),
    # The organisation's own page: its admins only.
    "ORG_ADMIN": _kind(("org_admin",)),
    # The research export: the organisation's evaluators only.
    "EVALUATOR": _kind(("evaluator",)),
    # A team's report of change: its members, and its organisation's admins and evaluators.
    "TEAM_REPORT": _kind(("practitioner", "team_lead", "org_admin", "evaluator")),
    # What is working for a team: its members, and its organisation's evaluators.
    "TEAM_COUNTS": _kind(("practitioner", "team_lead", "evaluator")),
    # The organisation's teams side by side (issue 13): its admins and the leads of its teams.
    "TEAM_LEADS_AND_ADMINS": _kind(("team_lead", "other_org", "org_admin")),
    # Searching the audit trail (issue 15): team leads (their teams' events) and data protection
    # leads (their organisation's); everyone else signed in is told no (403).
    "TRAIL": _kind(("team_lead", "other_org"), refused="403"),
    # Asking for a person's record to be erased (issue 15): the leads of the person's team (and
    # data protection leads, who have no screen to ask from); everyone else, 404.
    "ERASURE_ASK": _kind(("team_lead",)),
    # The requests waiting for a second person: anyone who may erase records somewhere.
    "ERASURE_LIST": _kind(("team_lead", "other_org")),
    # Deciding a request (in the world, Riverside's data protection lead asked): the team's
    # leads; anyone else, 404 (the one who asked would be refused too, see tests/people).
    "ERASURE_DECIDE": _kind(("team_lead",)),
    # The JSON API (issue 19): only a bearer token opens it, never a session, so everyone here
    # (the cast walks with sessions) gets its 401 problem; the API's own tests walk its tokens.
    "API_TOKEN_ONLY": dict.fromkeys(MEMBERS, "401"),
}


# ── The access table ──────────────────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class Page:
    """How to reach a URL from the world, and what kind of page it is.

    `kwargs` and `query` map a name to a dotted path in the world (a model gives its pk) or to
    a `Lit` value. `post` marks pages that only take POST (posted empty)."""

    kind: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    post: bool = False


@dataclass(frozen=True)
class Lit:
    value: Any


def page(kind: str, *, post: bool = False, query: dict[str, Any] | None = None, **kwargs: Any):
    return Page(kind, kwargs, query or {}, post)


SAM = "sam.person"
TABLE: dict[str, Page] = {
    # core
    "core:home": page("HOME"),
    "portal:home": page("OWN_SPACE"),
    # issue 14: the person's map, ideas and questionnaires in their own space (portal-do)
    "portal:map": page("OWN_SPACE"),
    "portal:connection_add": page("OWN_SPACE"),
    "portal:connection_edit": page("OWN_RECORD", pk="sam.connection"),
    "portal:ideas": page("OWN_SPACE"),
    "portal:idea_interested": page("OWN_RECORD", post=True, pk="sam.suggestion"),
    "portal:idea_not_for_me": page("OWN_RECORD", pk="sam.suggestion"),
    "portal:questionnaires": page("OWN_SPACE"),
    "portal:questionnaire_start": page("OWN_SPACE", post=True),
    "portal:questionnaire_answer": page("OWN_RECORD", pk="sam.answering"),
    # issue 14 §6, §7: who has looked, the moving-on pack (before moving on, a page saying so;
    # its download then goes back to that page)
    "portal:who_looked": page("OWN_SPACE"),
    "portal:moving_on": page("OWN_SPACE"),
    "portal:moving_on_download": page("OWN_SPACE"),
    "portal:plan": page("OWN_SPACE"),
    "portal:what_matters": page("OWN_SPACE"),
    "portal:step_done": page("OWN_RECORD", pk="sam.step"),
    "portal:interest_add": page("OWN_SPACE"),
    "portal:meetings": page("OWN_SPACE"),
    "portal:differ": page("OWN_RECORD", about=Lit("goal"), pk="sam.goal"),
    "portal:update": page("OWN_SPACE"),
    "portal:start": page("OWN_DOOR"),
    "portal:sign_in": page("OWN_DOOR"),
    "portal:choose_password": page("OWN_SPACE"),
    "own_space:detail": page("PERSONAL", person_pk=SAM),
    "own_space:invite": page("PERSONAL", post=True, person_pk=SAM),
    "own_space:new_code": page("PERSONAL", post=True, person_pk=SAM),
    "own_space:access": page("PERSONAL", post=True, person_pk=SAM, action=Lit("pause")),
    "core:privacy": page("PUBLIC"),
    "core:accessibility": page("PUBLIC"),
    "core:switch_team": page("SIGNED_IN", post=True),
    "core:health": page("PUBLIC"),
    # accounts
    "accounts:team": page("TEAM", pk="team_a"),
    "accounts:team_member_add": page("TEAM_MANAGE", pk="team_a"),
    "accounts:team_contact": page("TEAM_MANAGE", pk="team_a"),
    "accounts:team_member_edit": page("TEAM_MANAGE", pk="team_a", user_pk="practitioner"),
    "accounts:join_request_decide": page(
        "TEAM_LEAD_DECIDES", post=True, pk="team_a", request_pk="join_request"
    ),
    "accounts:organisations": page("SIGNED_IN"),
    "accounts:organisation": page("ORG_ADMIN", pk="org_a"),
    "accounts:staff_account": page("ORG_ADMIN", pk="org_a", user_pk="practitioner"),
    "accounts:settings": page("SIGNED_IN"),
    # issue 19: your API tokens; revoking one: its owner, and the leads of its team
    "accounts:tokens": page("SIGNED_IN"),
    "accounts:team_person_tokens": page("TEAM_MANAGE", post=True, pk="team_a"),
    "accounts:token_revoke": page("TEAM_RECORD", post=True, pk="api_token"),
    # practice
    "practice:caseload": page("SIGNED_IN", query={"view": Lit("team")}),
    "practice:person": page("PERSONAL", pk=SAM),
    "practice:session": page("PERSONAL", pk=SAM),
    "practice:keyworker_move": page("SIGNED_IN", post=True),
    "practice:step_done": page("PERSONAL", post=True, pk=SAM, step_pk="sam.step"),
    "practice:history": page("PERSONAL", pk=SAM),
    "practice:plan": page("PERSONAL", pk=SAM),
    "practice:looked": page("PERSONAL", pk=SAM),
    # issue 14 §4, §7: the person's updates from their own space, marking them seen, their pack
    "practice:updates": page("PERSONAL", pk=SAM),
    "practice:updates_seen": page("PERSONAL", post=True, pk=SAM),
    "practice:moving_on": page("PERSONAL", pk=SAM),
    "trail:search": page("TRAIL"),
    # practice: reminders (issue 13): each signed-in account's own list (theirs only)
    "reminders:list": page("SIGNED_IN"),
    "reminders:email": page("SIGNED_IN", post=True),
    "erasure:waiting": page("ERASURE_LIST"),
    "erasure:confirm": page("ERASURE_DECIDE", pk="erasure_request"),
    "erasure:cancel": page("ERASURE_DECIDE", post=True, pk="erasure_request"),
    "indicators:team": page("CURRENT_TEAM"),
    "indicators:detail": page("CURRENT_TEAM", key=Lit("has-map")),
    "indicators:worker": page("WORKER_AND_LEAD", user_pk="practitioner"),
    # practice: the model and its guidance (issue 13), open to everyone
    "guidance:about": page("PUBLIC"),
    "guidance:part": page("PUBLIC", part=Lit("new-connections")),
    "guidance:prompt_hide": page("SIGNED_IN", post=True, key=Lit("barriers")),
    "guidance:prompts_show": page("SIGNED_IN", post=True),
    # practice: the team's practice reflection (issue 13)
    "reflection:overview": page("CURRENT_TEAM"),
    "reflection:take": page("CURRENT_TEAM"),
    "reflection:result": page("CURRENT_TEAM", period=Lit("2024-q1")),
    "reflection:questions": page("ORG_ADMIN", pk="org_a"),
    "practice:subject_access": page("PERSONAL", post=True, pk=SAM),
    # practice: the team page (issue 13)
    "team:page": page("CURRENT_TEAM"),
    "team:organisation": page("TEAM_LEADS_AND_ADMINS"),
    "team:stories": page("PERSONAL", person_pk=SAM),
    "team:story_withdraw": page("PERSONAL", post=True, person_pk=SAM, pk="sam.story"),
    # people
    "people:create": page("CURRENT_TEAM"),
    "people:import": page("CURRENT_TEAM"),
    "people:import_confirm": page("CURRENT_TEAM", post=True),
    "people:edit": page("PERSONAL", pk=SAM),
    "people:consent": page("PERSONAL", pk=SAM),
    "people:status": page("PERSONAL", pk=SAM, action=Lit("moving-on")),
    "people:erase": page("ERASURE_ASK", pk=SAM),
    "people:interest_add": page("PERSONAL", pk=SAM),
    "people:interest_edit": page("PERSONAL", pk=SAM, interest_pk="sam.interest"),
    "people:skill_add": page("PERSONAL", pk=SAM),
    "people:skill_remove": page("PERSONAL", post=True, pk=SAM, skill_pk="sam.skill"),
    # plans
    "plans:goal_create": page("PERSONAL", person_pk=SAM),
    "plans:goal": page("PERSONAL", person_pk=SAM, pk="sam.goal"),
    "plans:goal_edit": page("PERSONAL", person_pk=SAM, pk="sam.goal"),
    "plans:goal_status": page("PERSONAL", post=True, person_pk=SAM, pk="sam.goal"),
    "plans:step_add": page("PERSONAL", person_pk=SAM, pk="sam.goal"),
    "plans:step_edit": page("PERSONAL", person_pk=SAM, pk="sam.goal", step_pk="sam.step"),
    "plans:step_status": page(
        "PERSONAL", post=True, person_pk=SAM, pk="sam.goal", step_pk="sam.step"
    ),
    "plans:steps_reorder": page("PERSONAL", post=True, person_pk=SAM, pk="sam.goal"),
    "plans:barrier_create": page("PERSONAL", person_pk=SAM),
    "plans:barrier": page("PERSONAL", person_pk=SAM, pk="sam.barrier"),
    "plans:barrier_edit": page("PERSONAL", person_pk=SAM, pk="sam.barrier"),
    "plans:contacts": page("PERSONAL", person_pk=SAM),
    "plans:contact_log": page("PERSONAL", person_pk=SAM),
    "plans:contact_edit": page("PERSONAL", person_pk=SAM, pk="sam.contact"),
    # network
    "network:team": page("CURRENT_TEAM"),
    "network:map": page("PERSONAL", person_pk=SAM),
    "network:connection_add": page("PERSONAL", person_pk=SAM),
    "network:connection_edit": page("PERSONAL", person_pk=SAM, pk="sam.connection"),
    "network:connection_end": page("PERSONAL", person_pk=SAM, pk="sam.connection"),
    "network:connection_delete": page("PERSONAL", person_pk=SAM, pk="sam.connection"),
    "network:ties": page("PERSONAL", person_pk=SAM, pk="sam.connection"),
    "network:snapshot_take": page("PERSONAL", person_pk=SAM),
    "network:snapshot": page("PERSONAL", person_pk=SAM, pk="sam.snapshot"),
    "network:snapshot_correct": page("PERSONAL", person_pk=SAM, pk="sam.snapshot"),
    "network:compare": page("PERSONAL", person_pk=SAM),
    "network:export": page("PERSONAL", person_pk=SAM),
    # suggestions
    "suggestions_team:working": page("TEAM_COUNTS", query={"team": "team_a"}),
    "suggestions_team:missing": page("CURRENT_TEAM"),
    "suggestions:page": page("PERSONAL", person_pk=SAM),
    "suggestions:add": page("PERSONAL", post=True, person_pk=SAM),
    "suggestions:idea_add": page("PERSONAL", post=True, person_pk=SAM),
    "suggestions:preferences": page("PERSONAL", person_pk=SAM),
    "suggestions:move": page("PERSONAL", post=True, person_pk=SAM, pk="sam.suggestion"),
    "suggestions:shortlist": page("PERSONAL", post=True, person_pk=SAM, pk="sam.suggestion"),
    "suggestions:tried": page("PERSONAL", person_pk=SAM, pk="sam.suggestion"),
    "suggestions:not_for_me": page("PERSONAL", person_pk=SAM, pk="sam.suggestion"),
    # outcomes
    "outcomes:schedule": page("CURRENT_TEAM"),
    "outcomes:report": page("TEAM_REPORT", query={"scope": "scope_a"}),
    "outcomes:change": page("PERSONAL", person_pk=SAM),
    "outcomes:page": page("PERSONAL", person_pk=SAM),
    "outcomes:start": page("PERSONAL", person_pk=SAM),
    "outcomes:answer": page("PERSONAL", person_pk=SAM, pk="sam.answering"),
    "outcomes:question": page("PERSONAL", person_pk=SAM, pk="sam.answering", number=Lit(1)),
    "outcomes:check": page("PERSONAL", person_pk=SAM, pk="sam.answering"),
    "outcomes:result": page("PERSONAL", person_pk=SAM, pk="sam.complete"),
    "outcomes:discard": page("PERSONAL", person_pk=SAM, pk="sam.answering"),
    # directory: the shared services, and each team's own layer on them
    "directory:browse": page("SIGNED_IN"),
    "directory:service_add": page("DIRECTORY_EDIT"),
    "directory:service": page("SIGNED_IN", pk="service"),
    "directory:service_edit": page("SERVICE_KEEPER", pk="service"),
    "directory:suggest": page("SUGGEST_CHANGE", pk="service"),
    "directory:suggestions": page("SIGNED_IN"),
    "directory:suggestion": page("SUGGESTION", pk="change_suggestion"),
    "directory:suggestion_accept": page("SUGGESTION_DECIDE", post=True, pk="change_suggestion"),
    "directory:suggestion_decline": page("SUGGESTION_DECIDE", post=True, pk="change_suggestion"),
    "directory:entry_edit": page("CURRENT_TEAM", pk="service"),
    "directory:mark_checked": page("TEAM_RECORD", post=True, pk="service"),
    "directory:knower_add": page("TEAM_RECORD", pk="service"),
    "directory:knower_remove": page("TEAM_RECORD", post=True, pk="service", knower_pk="knower"),
    "directory:feedback_add": page("TEAM_RECORD", pk="service"),
    "directory:entry_remove": page("TEAM_RECORD_MANAGE", pk="service"),
    "directory:to_check": page("CURRENT_TEAM"),
    "directory:terms": page("LEADS_AND_ADMINS"),
    "directory:connectors": page("CURRENT_TEAM"),
    "directory:connector_add": page("CURRENT_TEAM"),
    "directory:sources": page("CURRENT_TEAM_LEAD"),
    "directory:source": page("TEAM_LEAD_RECORD", pk="source"),
    "directory:source_sync": page("TEAM_LEAD_RECORD", post=True, pk="source"),
    "directory:source_remove": page("TEAM_LEAD_RECORD", pk="source"),
    "directory:connector": page("TEAM_RECORD", pk="connector"),
    "directory:connector_edit": page("TEAM_RECORD", pk="connector"),
    "directory:connector_checked": page("TEAM_RECORD", post=True, pk="connector"),
    # research
    "research:export": page("EVALUATOR"),
    # the HSDS read API
    "hsds:root": page("PUBLIC"),
    "hsds:services": page("PUBLIC"),
    "hsds:service": page("PUBLIC", pk="service"),
    "hsds:organizations": page("PUBLIC"),
    "hsds:organization": page("PUBLIC", pk="hsds_organization"),
    "hsds:taxonomies": page("PUBLIC"),
    "hsds:taxonomy": page("PUBLIC", pk="taxonomy"),
    "hsds:taxonomy_terms": page("PUBLIC"),
    "hsds:taxonomy_term": page("PUBLIC", pk="taxonomy_term"),
    "hsds:service_at_locations": page("PUBLIC"),
    "hsds:service_at_location": page("PUBLIC", pk="service_at_location"),
    "hsds:not_found": page("PUBLIC_NOT_FOUND", rest=Lit("nothing-here")),
    # issue 19: the JSON API; its document and docs page are open, like the HSDS API's.
    "api_v1:api-root": page("PUBLIC_NOT_FOUND"),
    "api_v1:openapi-json": page("PUBLIC"),
    "api_v1:openapi-view": page("PUBLIC"),
    "api_v1:person_list": page("API_TOKEN_ONLY"),
    "api_v1:person_create": page("API_TOKEN_ONLY", post=True),
    "api_v1:person_detail": page("API_TOKEN_ONLY", pk=SAM),
    "api_v1:person_update": page("API_TOKEN_ONLY", pk=SAM),
    "api_v1:person_status": page("API_TOKEN_ONLY", post=True, pk=SAM),
    "api_v1:contact_list": page("API_TOKEN_ONLY", pk=SAM),
    "api_v1:contact_log": page("API_TOKEN_ONLY", post=True, pk=SAM),
    "api_fhir:api-root": page("PUBLIC_NOT_FOUND"),
    "api_fhir:openapi-json": page("PUBLIC"),
    "api_fhir:openapi-view": page("PUBLIC"),
    "api_fhir:patient_everything": page("API_TOKEN_ONLY", pk=SAM),
}

# (URL name, member) cases where the app today lets someone in who should be refused: each is
# marked xfail(strict=True) with its reason until fixed, never written into a kind as expected.
# None found when this was written.
KNOWN_LEAKS: dict[tuple[str, str], str] = {}


# ── Walking the resolver ──────────────────────────────────────────────────────────────────────
def _walk(patterns: list, namespace: str = "", prefix: str = ""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, inner, route)
        else:
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name, route


def _is_allauth(name: str | None) -> bool:
    return bool(name) and name.startswith(("account_", "mfa_"))


def _is_admin(name: str | None, route: str) -> bool:
    return (name or "").startswith("admin:") or route.startswith("django-admin/")


ALL_PATTERNS = list(_walk(get_resolver().url_patterns))
PROJECT_NAMES = [
    name or route
    for name, route in ALL_PATTERNS
    if not _is_allauth(name) and not _is_admin(name, route)
]
ALLAUTH_NAMES = [name for name, _route in ALL_PATTERNS if _is_allauth(name)]
ADMIN_PATTERNS = [(name, route) for name, route in ALL_PATTERNS if _is_admin(name, route)]


# ── One world for the module ──────────────────────────────────────────────────────────────────
def _built():
    w = build_world()
    w.scope_a = f"team-{w.team_a.pk}"
    # One client for the module: each new client loads the middleware again, and whitenoise
    # reads every static file as it does (a fifth of a second each time).
    w.client = Client()
    w.sessions = {}
    for member in [*MEMBERS, "superuser"]:
        user = getattr(w, member)
        if user is not None:
            w.client.cookies.clear()
            w.client.force_login(user)
            w.sessions[member] = w.client.cookies[settings.SESSION_COOKIE_NAME].value
    return w


@pytest.fixture(autouse=True)
def _research_key(settings):
    """A research key, as a deployment that offers research downloads has: without one the
    network's research download answers 503 in production (DATABASE_URL set, as on the CI's
    PostgreSQL run) and makes a key of its own when embedded, and the walk must mean the same
    thing on both."""
    settings.RESEARCH_KEY = "k" * 40


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world and a signed-in session per member, built once inside an outer transaction
    that is rolled back after the module (even when building fails); each test runs in its own
    savepoint inside it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock():
            built = _built()
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _client(w, member: str) -> Client:
    """The module's client, signed in as this member (or as nobody)."""
    client = w.client
    client.cookies.clear()
    if member in w.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = w.sessions[member]
    return client


def _value(w, spec: Any) -> Any:
    if isinstance(spec, Lit):
        return spec.value
    value = w
    for part in spec.split("."):
        value = getattr(value, part)
    return getattr(value, "pk", value)


def _url(w, name: str) -> str:
    entry = TABLE[name]
    url = reverse(name, kwargs={key: _value(w, spec) for key, spec in entry.kwargs.items()})
    query = {key: _value(w, spec) for key, spec in entry.query.items()}
    return f"{url}?{urlencode(query)}" if query else url


def _ask(w, name: str, member: str, *, post: bool):
    """GET the page as this member, or POST it an empty form."""
    client = _client(w, member)
    return client.post(_url(w, name)) if post else client.get(_url(w, name))


SIGN_IN = reverse(settings.LOGIN_URL)
# Someone signed out who opens a page of the person's own space goes to the person's sign-in.
SIGN_INS = (SIGN_IN, reverse("portal:sign_in"))


def outcome(response, *, post: bool) -> str:
    """The class of an answer: ok / reached / sign_in / 403 / 404 / 405 / the status code."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308) and response["Location"].startswith(SIGN_INS):
        return "sign_in"
    if status in (401, 403, 404, 405):
        return str(status)
    if status >= 500:
        return str(status)
    if post:
        return "reached"
    return "ok" if status < 400 else str(status)


def _expected(name: str, member: str) -> str:
    wanted = KINDS[TABLE[name].kind][member]
    if TABLE[name].post and wanted == "ok":
        return "reached"
    return wanted


def _cases():
    for name in TABLE:
        for member in MEMBERS:
            marks = []
            if (name, member) in KNOWN_LEAKS:
                marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_LEAKS[(name, member)]))
            yield pytest.param(name, member, id=f"{name}-{member}", marks=marks)


# ── The tests ─────────────────────────────────────────────────────────────────────────────────
def test_every_url_pattern_is_in_the_access_table():
    missing = [name for name in PROJECT_NAMES if name not in TABLE]
    assert not missing, "\n".join(f"add {name} to the access table" for name in missing)
    stale = [name for name in TABLE if name not in PROJECT_NAMES]
    assert not stale, "\n".join(f"take {name} out of the access table" for name in stale)
    assert all(TABLE[name].kind in KINDS for name in TABLE)


@pytest.mark.parametrize(("name", "member"), list(_cases()))
def test_url_gives_each_member_what_their_role_allows(world, db, name, member):
    post = TABLE[name].post
    wanted = _expected(name, member)
    refused = wanted not in ("ok", "reached")
    before = state_of(world) if post and refused else None
    audited = TABLE[name].kind == "PERSONAL" and wanted == "404"
    refusals = refusals_by(getattr(world, member)) if audited else None
    response = _ask(world, name, member, post=post)
    got = outcome(response, post=post)
    assert got == wanted, f"{name} as {member}: wanted {wanted}, got {response.status_code}"
    for secret, allowed in SECRETS.items():
        if member not in allowed:
            assert secret not in response.content, f"{name} shows {member} {secret.decode()}"
    if before is not None:
        assert state_of(world) == before, f"a refused POST to {name} as {member} changed data"
    if audited:
        assert refusals_by(getattr(world, member)) == refusals + 1, f"{name} as {member}: audit"


@pytest.mark.parametrize(
    ("name", "member", "secret"),
    [
        ("practice:caseload", "practitioner", b"Quillon"),
        ("practice:caseload", "other_team", b"Sidonius"),
        ("practice:caseload", "other_org", b"Fayella"),
        ("directory:service", "team_lead", b"Zanzibar"),
        ("directory:connectors", "practitioner", b"Zanzibar"),
    ],
)
def test_the_words_checked_for_are_on_the_pages_of_those_who_may_see_them(
    world, db, name, member, secret
):
    """So that not finding them elsewhere means something."""
    assert secret in _ask(world, name, member, post=False).content


REFUSED_CASES = [
    pytest.param(name, member, id=f"{name}-{member}")
    for name in TABLE
    for member in MEMBERS
    if not TABLE[name].post and _expected(name, member) not in ("ok", "reached")
]


@pytest.mark.parametrize(("name", "member"), REFUSED_CASES)
def test_an_empty_post_from_someone_refused_the_page_is_refused_and_changes_nothing(
    world, db, name, member
):
    """The pages that also take a form: whoever may not see the page may not post to it."""
    before = state_of(world)
    response = _ask(world, name, member, post=True)
    assert outcome(response, post=True) in ("401", "403", "404", "405", "sign_in"), (
        f"{name} as {member}: {response.status_code}"
    )
    assert state_of(world) == before, f"a refused POST to {name} as {member} changed data"


# Pages whose form is stricter than their page: anyone in a team sees the team's schedule of
# questionnaires, but only the team's leads may change it.
STRICTER_POSTS = {
    "outcomes:schedule": {
        "practitioner": "403",
        "team_lead": "reached",
        "other_team": "403",
        "other_org": "reached",
    },
}


STRICTER_CASES = [
    (name, member, wanted)
    for name, rule in STRICTER_POSTS.items()
    for member, wanted in rule.items()
]


@pytest.mark.parametrize(("name", "member", "wanted"), STRICTER_CASES)
def test_a_form_stricter_than_its_page_refuses_those_it_should(world, db, name, member, wanted):
    before = state_of(world)
    response = _ask(world, name, member, post=True)
    assert outcome(response, post=True) == wanted, f"{name} as {member}: {response.status_code}"
    if wanted != "reached":
        assert state_of(world) == before


@pytest.mark.parametrize("name", [n for n in TABLE if TABLE[n].kind == "PERSONAL"])
def test_a_personal_page_refused_to_another_teams_practitioner_is_audited(world, db, name):
    before = refusals_by(world.other_team)
    response = _ask(world, name, "other_team", post=TABLE[name].post)
    assert response.status_code == 404
    assert refusals_by(world.other_team) == before + 1
    event = last_refusal_of(world.other_team)
    assert event.detail == {"model": "people.person", "pk": str(world.sam.person.pk)}


# ── Framework pages ───────────────────────────────────────────────────────────────────────────
ALLAUTH_KWARGS = {
    "account_confirm_email": {"key": "no-such-key"},
    "account_reset_password_from_key": {"uidb36": "0", "key": "no-such-key"},
    "mfa_remove_webauthn": {"pk": 1},  # security keys and passkeys (issue 15)
    "mfa_edit_webauthn": {"pk": 1},
}


@pytest.mark.parametrize("member", MEMBERS)
@pytest.mark.parametrize("name", ALLAUTH_NAMES)
def test_allauth_page_is_a_public_or_sign_in_page(world, db, name, member):
    """allauth's pages: someone signed out gets the page itself or is sent to sign in; someone
    signed in gets their own account's page, or is sent on (never an error of ours)."""
    response = _client(world, member).get(reverse(name, kwargs=ALLAUTH_KWARGS.get(name, {})))
    got = outcome(response, post=False)
    if member in SIGNED_OUT:
        assert got in ("ok", "sign_in"), f"{name} as {member}: {response.status_code}"
        assert response.status_code in (200, 302)
    else:
        # The MFA pages for a method the user has not set up answer 404.
        assert response.status_code in (200, 302, 404), f"{name} as {member}"


def _admin_url(name: str | None, route: str) -> str:
    """An address for an admin pattern, with 1 for every object id."""
    if name == "admin:app_list":
        return reverse(name, kwargs={"app_label": "accounts"})
    if name:
        wanted = re.findall(r"<(?:\w+:)?(\w+)>", route)
        return reverse(name, kwargs=dict.fromkeys(wanted, "1"))
    if "(?P<url>" in route:  # the admin's catch-all, which redirects to a trailing slash
        return "/django-admin/no-such-page/"
    return "/" + re.sub(r"<(?:\w+:)?\w+>", "1", route)


ADMIN_SIGN_IN = reverse("admin:login")
# Every non-superuser is the same to the admin (nobody in the cast is Django staff), so three of
# them stand for the cast here: a team lead, an organisation admin, and nobody signed in.
ADMIN_WALKERS = ["team_lead", "org_admin", "anonymous"]


@pytest.mark.parametrize("member", ADMIN_WALKERS)
@pytest.mark.parametrize(
    ("name", "route"), ADMIN_PATTERNS, ids=[name or route for name, route in ADMIN_PATTERNS]
)
def test_django_admin_refuses_everyone_who_is_not_a_superuser(world, db, name, route, member):
    """Every admin page but its own sign-in page sends them to that sign-in page; signing out
    of the admin (GET) sends them to the admin's front page, which does the same. The admin's
    sign-in page takes no password (issue 15): it sends someone signed out to the app's sign-in,
    and refuses someone signed in who is not staff."""
    response = _client(world, member).get(_admin_url(name, route))
    if name == "admin:login":
        if member in SIGNED_OUT:
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("account_login"))
        else:
            assert response.status_code == 403
        return
    assert response.status_code == 302, f"{name or route} as {member}: {response.status_code}"
    wanted = reverse("admin:index") if name == "admin:logout" else ADMIN_SIGN_IN
    assert response["Location"].startswith(wanted), f"{name or route} as {member}"


def test_django_admin_opens_for_a_superuser(world, db):
    response = _client(world, "superuser").get(reverse("admin:index"))
    assert response.status_code == 200
