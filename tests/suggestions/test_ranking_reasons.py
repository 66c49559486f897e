"""Honest reasons (issue 17 §3): every reason the ranking gives is checked against the
service's own records in the directory (its name and description, what it is listed under,
its schedules and dated sessions, its costs, what the team knows), for varied people; and
every reason and label on an idea card speaks to the person ("you"), never of them."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db.models import Q
from django.urls import reverse

from connecting_people.directory.fit import ACCESS_TAXONOMY
from connecting_people.directory.models import (
    Accessibility,
    Attribute,
    CostOption,
    Feedback,
    Service,
    ServiceAtLocation,
    ServiceKnower,
    Session,
    TaxonomyTerm,
    TeamService,
)
from connecting_people.directory.models.team import FeedbackRating
from connecting_people.directory.search.facts import refresh_for_services
from connecting_people.directory.sessions.events import LONDON
from connecting_people.suggestions.models import SuggestionSource, SuggestionStatus
from connecting_people.suggestions.profile import (
    GAP_NO_COMPANY,
    GAP_NO_OUTSIDE_SERVICES,
    InterestSignal,
    Profile,
)
from connecting_people.suggestions.ranking import Ranked, rank
from connecting_people.suggestions.ranking.fit_signals import ACCESS_SAID, GROUP_SIZE_SAID
from connecting_people.suggestions.ranking.words import words
from connecting_people.suggestions.views.person import why_of
from connecting_people.taxonomy.models import InterestCategory
from tests.directory.factories import (
    CostOptionFactory,
    FeedbackFactory,
    ScheduleFactory,
    ServiceFactory,
    ServiceKnowerFactory,
    TeamServiceFactory,
    in_person,
    with_interests,
)
from tests.factories import TeamMembershipFactory, UserFactory
from tests.plans.factories import InterestFactory, PersonFactory
from tests.suggestions.factories import SuggestionFactory

TODAY = dt.date(2026, 11, 26)  # a Thursday
THIRD_PERSON = re.compile(
    r"\b(they|them|their|theirs|themselves|they're|they've|they'd|he|him|his|she|her|hers)\b",
    re.IGNORECASE,
)

# name: (description, categories, schedule fields or "sessions", cost, how often it runs)
DIRECTORY = {
    "Page Turners": (
        "We read a novel a month and talk it over with a pot of tea.",
        ("reading-and-writing",),
        {"freq": "MONTHLY", "byday": "1MO", "opens_at": dt.time(14), "closes_at": None},
        Decimal(0),
        "First Monday of the month, in the afternoon",
    ),
    "Poetry Corner": (
        "Write poetry alongside others; no experience needed.",
        ("reading-and-writing",),
        {"freq": "WEEKLY", "byday": "TU", "opens_at": dt.time(10)},
        Decimal("3.00"),
        "Every Tuesday morning",
    ),
    "Computer Help": (
        "Friendly help with phones, tablets and laptops.",
        ("digital-and-gaming", "learning"),
        {
            "freq": "WEEKLY",
            "interval": 2,
            "byday": "WE",
            "dtstart": dt.date(2026, 11, 4),
            "opens_at": dt.time(14),
        },
        Decimal(0),
        "Every other Wednesday afternoon",
    ),
    "Online Gaming Night": (
        "Play games online together, with a voice chat.",
        ("digital-and-gaming",),
        {"freq": "WEEKLY", "byday": "FR", "opens_at": dt.time(19)},
        Decimal("2.00"),
        "Every Friday evening",
    ),
    "Winter Craft Fair": (
        "Make a wreath, a card or a bauble to take home.",
        ("arts-and-crafts",),
        {
            "freq": "WEEKLY",
            "byday": "SA",
            "count": 1,
            "dtstart": dt.date(2026, 12, 12),
            "opens_at": dt.time(11),
        },  # one day only, though a Saturday to the search facts
        Decimal(0),
        "One day only: Saturday 12 December, in the morning",
    ),
    "Knit and Natter": (
        "Knitting and a natter, small and relaxed, at the library.",
        ("arts-and-crafts", "social-groups"),
        {"freq": "WEEKLY", "byday": "SA", "opens_at": dt.time(10)},
        Decimal(0),
        "Every Saturday morning",
    ),
    "Corner Café": (
        "A cup of tea and a chat with neighbours.",
        ("social-groups",),
        "sessions",
        Decimal("1.50"),
        "On dates listed by the organiser",
    ),
    "Garden Mornings": (
        "Growing vegetables together, quiet and unhurried.",
        ("nature-and-gardening",),
        {"freq": "WEEKLY", "byday": "TH", "opens_at": dt.time(10)},
        Decimal(0),
        "Every Thursday morning",
    ),
}

PROFILES = {
    "poet": Profile(
        interests=(
            InterestSignal(frozenset({"reading-and-writing"}), "write poetry", "would_like_to_try"),
        ),
        free_days=frozenset({"MO", "TU"}),
        free_times=frozenset({"morning", "afternoon"}),
    ),
    "gamer": Profile(
        interests=(InterestSignal(frozenset({"digital-and-gaming"}), "online gaming", "do_now"),),
        what_matters="Meeting people over a cup of tea",
        free_days=frozenset({"WE", "FR"}),
    ),
    "crafter": Profile(
        interests=(InterestSignal(frozenset({"arts-and-crafts"}), "Knitting", "used_to"),),
        barriers=frozenset({"money"}),
        free_days=frozenset({"SA"}),
        free_times=frozenset({"morning"}),
    ),
    "chatty": Profile(
        interests=(
            InterestSignal(
                frozenset({"social-groups"}), "a cup of tea and a chat", "would_like_to_try"
            ),
        ),
        what_matters="A chat and a cup of tea with someone",
        free_days=frozenset({"TH"}),
        network_gaps=frozenset({GAP_NO_COMPANY, GAP_NO_OUTSIDE_SERVICES}),
    ),
    "worried": Profile(
        interests=(
            InterestSignal(
                frozenset({"nature-and-gardening"}), "growing things", "would_like_to_try"
            ),
        ),
        barriers=frozenset({"worry-about-groups"}),
        wants_company_first_time=True,
        needs_accessibility=True,
        free_times=frozenset({"morning"}),
    ),
    "quiet": Profile(network_gaps=frozenset({GAP_NO_OUTSIDE_SERVICES})),
}


@pytest.fixture
def directory(cast):
    """The services above, from HSDS records (as an import writes them), indexed; the team
    uses the garden (checked, with Alex to go along and one good word) and the café (never
    checked)."""
    team = cast.team
    ids = []
    for name, (description, categories, when, cost, _often) in DIRECTORY.items():
        service = ServiceFactory(name=name, description=description)
        with_interests(service, *categories)
        in_person(service, accessible=name == "Garden Mornings")
        CostOptionFactory(service=service, amount=cost)
        if when == "sessions":
            for n, day in enumerate((dt.date(2026, 12, 3), dt.date(2026, 12, 10))):
                Session.objects.create(
                    service=service,
                    uid=f"cafe-{n}",
                    starts_at=dt.datetime.combine(day, dt.time(10), tzinfo=LONDON),
                )
        else:
            ScheduleFactory(service=service, **{"closes_at": None, **when})
        ids.append(service.id)
    refresh_for_services(ids)
    garden = TeamServiceFactory(
        team=team, service=Service.objects.get(name="Garden Mornings"), last_checked_on=TODAY
    )
    alex = UserFactory(name="Alex Green")
    TeamMembershipFactory(team=team, user=alex)
    ServiceKnowerFactory(entry=garden, user=alex, can_go_along=True)
    FeedbackFactory(entry=garden, rating=FeedbackRating.WENT_WELL)
    TeamServiceFactory(
        team=team, service=Service.objects.get(name="Corner Café"), last_checked_on=None
    )
    return team


# --- what each reason must be true of ------------------------------------------------------


def _own_words(service: Service) -> frozenset[str]:
    return words(f"{service.name} {service.description}")


def _listed_under(service: Service) -> set[str]:
    """The names of the terms and interest categories it is listed under, from its records."""
    term_ids = Attribute.objects.filter(link_entity="service", link_id=service.id).values_list(
        "taxonomy_term_id", flat=True
    )
    names = set()
    for term in TaxonomyTerm.objects.filter(id__in=term_ids):
        names.add(term.name)
        category = InterestCategory.objects.filter(pk=term.interest_category_id).first()
        if category:
            names.add(category.name)
    return names


def _amounts(service: Service) -> list[Decimal]:
    return [c.amount for c in CostOption.objects.filter(service=service)]


def _entry(service: Service, team) -> TeamService | None:
    return TeamService.objects.filter(team=team, service=service).first()


def _quoted(m, service, team, ranked) -> bool:
    return bool(words(m["what"]) & _own_words(service))


def _kind(m, service, team, ranked) -> bool:
    return m["kind"] in _listed_under(service)


def _mentions(m, service, team, ranked) -> bool:
    return all(words(w) <= _own_words(service) for w in m["words"].split(", "))


def _free(m, service, team, ranked) -> bool:
    return Decimal(0) in _amounts(service)


def _low(m, service, team, ranked) -> bool:
    return min(_amounts(service)) == Decimal(m["cost"])


def _when(m, service, team, ranked) -> bool:
    """How often, as its records say; "some on a Thursday": one of its dated sessions is."""
    often = DIRECTORY[service.name][4]
    if some := re.fullmatch(re.escape(often) + r", some on a (\w+)", m["often"]):
        days = {s.starts_at.astimezone(LONDON).strftime("%A") for s in service.sessions.all()}
        return some[1] in days and ranked.often == often
    return m["often"] == often == ranked.often


def _go_along(m, service, team, ranked) -> bool:
    return ServiceKnower.objects.filter(
        entry=_entry(service, team), can_go_along=True, user__name__startswith=m["name"] + " "
    ).exists()


def _went_well(m, service, team, ranked) -> bool:
    entry = _entry(service, team)
    done = Feedback.objects.filter(entry=entry, rating=FeedbackRating.WENT_WELL).count()
    return done == int(m["n"])


def _liked(m, service, team, ranked) -> bool:
    return Feedback.objects.filter(
        entry=_entry(service, team), rating=FeedbackRating.WENT_WELL
    ).exists()


def _access(m, service, team, ranked) -> bool:
    places = ServiceAtLocation.objects.filter(service=service).values("location_id")
    return Accessibility.objects.filter(location_id__in=places).exists()


def _not_checked(m, service, team, ranked) -> bool:
    entry = _entry(service, team)
    return entry is not None and entry.last_checked_on is None


def _company(m, service, team, ranked) -> bool:
    return "Social groups and clubs" in _listed_under(service)


def _community(m, service, team, ranked) -> bool:
    return "Peer support" not in _listed_under(service)


def _small(m, service, team, ranked) -> bool:
    return bool({"small", "quiet", "relax", "friendly"} & _own_words(service))


def _fit_attributes(service: Service, taxonomy: dict[str, str]) -> set[str]:
    """The codes of the fit terms (`directory.fit`) its records carry, on it or its places."""
    places = ServiceAtLocation.objects.filter(service=service).values_list("location_id", flat=True)
    return set(
        Attribute.objects.filter(
            Q(link_id=service.pk) | Q(link_id__in=list(places)),
            taxonomy_term__taxonomy_detail_id=taxonomy["id"],
        ).values_list("taxonomy_term__code", flat=True)
    )


def _no_access_record(m, service, team, ranked) -> bool:
    return not _fit_attributes(service, ACCESS_TAXONOMY)


def _features(m, service, team, ranked) -> bool:
    said = m["features"].casefold()
    named = {
        slug
        for slug, words_said in ACCESS_SAID.items()
        if any(str(w).casefold() in said for w in words_said)
    }
    return bool(named) and named <= _fit_attributes(service, ACCESS_TAXONOMY)


def _no_size(m, service, team, ranked) -> bool:
    entry = _entry(service, team)
    return entry is None or not entry.group_size


def _size(m, service, team, ranked) -> bool:
    entry = _entry(service, team)
    return entry is not None and str(GROUP_SIZE_SAID.get(entry.group_size, "")) == m[0]


def _no_schedule(m, service, team, ranked) -> bool:
    return not service.schedules.exists() and not service.sessions.exists()


def _ages(m, service, team, ranked) -> bool:
    return service.minimum_age is not None or service.maximum_age is not None


Check = Callable[..., bool]
CHECKS: list[tuple[re.Pattern[str], Check]] = [
    (re.compile(r"^You'd like to try (?P<what>.+)$"), _quoted),
    (re.compile(r"^You used to enjoy (?P<what>.+) — a chance to pick it up again$"), _quoted),
    (re.compile(r"^More of (?P<what>.+), which you enjoy now$"), _quoted),
    (re.compile(r"^(?P<often>.+), when you're free$"), _when),
    (re.compile(r"^(?P<kind>.+), which you('d like to try| used to enjoy| enjoy now)$"), _kind),
    (re.compile(r"^Listed under (?P<kind>.+), which you talked about$"), _kind),
    (re.compile(r"^Mentions things you talked about: (?P<words>.+)$"), _mentions),
    (re.compile(r"^Free$"), _free),
    (re.compile(r"^Low cost \(from £(?P<cost>[\d.]+)\)$"), _low),
    (re.compile(r"^(?P<name>\w+) from the team knows it and could go along with you$"), _go_along),
    (re.compile(r"^It went well for (?P<n>\d+) (person|people) the team knows$"), _went_well),
    (re.compile(r"^Others have liked it$"), _liked),
    (re.compile(r"^Has information about access$"), _access),
    (re.compile(r"^Not checked yet — worth a call first$"), _not_checked),
    (re.compile(r"^A chance to meet people$"), _company),
    (re.compile(r"^Out in the community, beyond services$"), _community),
    (re.compile(r"^A small, friendly or peer-led group$"), _small),
    (re.compile(r"^Access not known: worth a call before going$"), _no_access_record),
    (re.compile(r"^(?P<features>.+), as you need$"), _features),
    (re.compile(r"^Group size not known: worth asking before going$"), _no_size),
    (re.compile(r"^.+, as you'd like$"), _size),
    (re.compile(r"^Days and times not known: worth asking when it meets$"), _no_schedule),
    (re.compile(r"^Worth checking it is open to people your age$"), _ages),
]
PREFACE = "You haven't said what you enjoy yet, so these are what others have liked"


def _untrue(ranked: Ranked, team) -> list[str]:
    """The reasons of one result not borne out by its records (or not known to this test)."""
    service = Service.objects.get(pk=ranked.service_id)
    wrong = []
    for reason in ranked.reasons:
        if reason == PREFACE:
            continue
        for pattern, check in CHECKS:
            if m := pattern.match(reason):
                if not check(m, service, team, ranked):
                    wrong.append(reason)
                break
        else:
            wrong.append(f"(no check for) {reason}")
    return wrong


@pytest.fixture
def ranked_lists(directory) -> dict[str, list[Ranked]]:
    return {
        who: rank(profile, team_id=directory.pk, today=TODAY, limit=10)
        for who, profile in PROFILES.items()
    }


def test_every_reason_is_true_of_the_services_records(directory, ranked_lists):
    said = 0
    for who, ranked in ranked_lists.items():
        assert ranked, who
        for r in ranked:
            assert _untrue(r, directory) == [], (who, r.name)
            assert r.often == DIRECTORY[r.name][4], (who, r.name)  # from its records
            said += len(r.reasons)
    assert said > 30  # the check has something to check


def test_every_reason_speaks_to_the_person(ranked_lists):
    for who, ranked in ranked_lists.items():
        for r in ranked:
            for text in [*r.reasons, r.often]:
                assert not THIRD_PERSON.search(text), (who, r.name, text)


def _reasons(ranked_lists, who: str, name: str) -> list[str]:
    return next(r.reasons for r in ranked_lists[who] if r.name == name)


def test_a_category_match_is_said_as_the_category(ranked_lists):
    """A book club is not "write poetry" because it is listed under reading and writing; a
    computer-help class is not "more of online gaming"."""
    assert "Reading and writing, which you'd like to try" in _reasons(
        ranked_lists, "poet", "Page Turners"
    )
    assert "You'd like to try write poetry" in _reasons(ranked_lists, "poet", "Poetry Corner")
    help_reasons = _reasons(ranked_lists, "gamer", "Computer Help")
    assert "Digital and gaming, which you enjoy now" in help_reasons
    assert not any("online gaming" in r for r in help_reasons)
    assert "More of online gaming, which you enjoy now" in _reasons(
        ranked_lists, "gamer", "Online Gaming Night"
    )


def test_one_match_is_said_once(ranked_lists):
    """Their words about tea and a chat, in an interest and in what matters to them, are said
    once, by the interest: not again as "Mentions things you talked about"."""
    cafe = next(r for r in ranked_lists["chatty"] if r.name == "Corner Café")
    assert "You'd like to try a cup of tea and a chat" in cafe.reasons
    assert not any(r.startswith("Mentions things") for r in cafe.reasons)
    assert "text" not in cafe.contributions


def test_when_youre_free_is_never_said_of_a_monthly_or_one_off_alone(ranked_lists):
    book_club = _reasons(ranked_lists, "poet", "Page Turners")
    assert "First Monday of the month, in the afternoon, when you're free" in book_club
    fair = _reasons(ranked_lists, "crafter", "Winter Craft Fair")
    assert "One day only: Saturday 12 December, in the morning, when you're free" in fair
    for ranked in ranked_lists.values():
        for r in ranked:
            for reason in r.reasons:
                assert not re.match(r"^(Mondays|Saturdays|\w+ afternoons)", reason), reason


# --- the cards, as shown ---------------------------------------------------------------------


def _cards(page: str, marker: str) -> list[str]:
    """Each card's words, without the service's name and who runs it (the records' words)."""
    cards = page.split(marker)[1:]
    found = []
    for card in cards:
        card = card.split("</li>\n", 1)[0]
        card = re.sub(r"<h[23][^>]*>.*?</h[23]>", " ", card, flags=re.S)
        card = re.sub(r'<p class="govuk-body-s cp-muted">.*?</p>', " ", card, flags=re.S)
        card = re.sub(r'<span class="govuk-visually-hidden">.*?</span>', " ", card, flags=re.S)
        found.append(" ".join(html.unescape(re.sub(r"<[^>]+>", " ", card)).split()))
    return found


@pytest.mark.parametrize(
    ("slug", "words_", "when"),
    [
        ("reading-and-writing", "write poetry", "would_like_to_try"),
        ("digital-and-gaming", "online gaming", "do_now"),
        ("nature-and-gardening", "growing things", "used_to"),
        ("social-groups", "a cup of tea and a chat", "would_like_to_try"),
    ],
)
def test_idea_cards_on_the_workers_page_speak_to_the_person(
    directory, cast, sign_in, slug, words_, when
):
    person = PersonFactory(team=directory, preferred_name="Morwenna")
    interest = InterestFactory(person=person, when=when, description=words_)
    interest.categories.add(InterestCategory.objects.get(slug=slug))
    page = sign_in(cast.practitioner).get(reverse("suggestions:page", args=[person.pk]))
    cards = _cards(page.content.decode(), '<li class="cp-card cp-idea"')
    assert cards
    for card in cards:
        assert "Why it might suit you" in card
        assert not THIRD_PERSON.search(card), card
    assert any("How often:" in card or "when you're free" in card for card in cards)


@pytest.mark.parametrize("status", [s.value for s in SuggestionStatus])
def test_cards_on_their_list_speak_to_the_person_too(directory, cast, sign_in, status):
    """Once added, the card keeps the ranking's reasons ("Why:") beside the moves: those say
    "you" as well ("You tried it"), not "they"."""
    person = PersonFactory(team=directory, preferred_name="Morwenna")
    profile = PROFILES["poet"]
    (best, *_rest) = rank(profile, team_id=directory.pk, today=TODAY, limit=1)
    SuggestionFactory(
        person=person,
        service=Service.objects.get(pk=best.service_id),
        why=why_of(best),
        status=status,
        source=SuggestionSource.RANKED,
    )
    page = sign_in(cast.practitioner).get(reverse("suggestions:page", args=[person.pk]))
    (card,) = _cards(page.content.decode(), 'id="suggestion-')
    assert best.reasons[0] in card
    assert not THIRD_PERSON.search(card), card
