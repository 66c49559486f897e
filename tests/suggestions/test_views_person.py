"""The person's "Ideas to try" screens: who may open and change them, their list and each move,
the ranked ideas and their filters, adding what the worker knows, trying something (a contact and
a connection in one step), "not for me", what suggestions respect, conflicts and query counts."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from connecting_people.core.concurrency import EditConflict
from connecting_people.core.models import AuditAction, AuditEvent
from connecting_people.directory.fit import MUST_SLUGS
from connecting_people.directory.search.facts import refresh_for_services
from connecting_people.network.models import Connection
from connecting_people.network.vocab import Began, Kind, Ring
from connecting_people.plans.models import ContactKind
from connecting_people.suggestions import services
from connecting_people.suggestions.forms import idea_token
from connecting_people.suggestions.models import (
    HIDE_NOT_FOR_ME_DAYS,
    NotForMeReason,
    Preferences,
    SuggestionSource,
    SuggestionStatus,
)
from connecting_people.taxonomy.models import InterestCategory
from tests.directory.factories import (
    CostOptionFactory,
    ServiceFactory,
    TeamServiceFactory,
    in_person,
    with_interests,
)
from tests.plans.factories import BarrierFactory, InterestFactory, PersonFactory, barrier_type
from tests.suggestions.factories import ConnectorFactory

S = SuggestionStatus
ALLOWED = ["practitioner", "team_lead", "both_teams"]
REFUSED = ["other_practitioner", "elsewhere_lead", "outsider", "evaluator", "org_admin"]
PAGES = ["page", "tried", "not_for_me", "preferences"]


def _today():
    return timezone.localdate()


def _date(days_back=0):
    return (_today() - dt.timedelta(days=days_back)).strftime("%d/%m/%Y")


def _gardening_service(name, *, free=True, team=None, checked=True):
    """A running service about gardening, with its search facts, as the ranking reads them."""
    service = ServiceFactory(name=name, description="Growing vegetables together.")
    with_interests(service, "nature-and-gardening")
    if free:
        CostOptionFactory(service=service, amount=0)
    else:
        CostOptionFactory(service=service, amount=8)
    refresh_for_services([service.id])
    if team is not None:
        last = _today() if checked else _today() - dt.timedelta(days=800)
        TeamServiceFactory(team=team, service=service, last_checked_on=last)
    return service


@pytest.fixture
def person(cast):
    person = PersonFactory(team=cast.team, preferred_name="Morwenna")
    interest = InterestFactory(person=person, when="would_like_to_try", description="gardening")
    interest.categories.add(InterestCategory.objects.get(slug="nature-and-gardening"))
    return person


@pytest.fixture
def garden(db):
    return _gardening_service("Riverside Gardening Club")


@pytest.fixture
def suggestion(cast, person, garden):
    return services.suggestion_create(
        person=person, by=cast.practitioner, source=SuggestionSource.WORKER, service=garden
    )


def _url(name, person, suggestion=None):
    args = [person.pk] if suggestion is None else [person.pk, suggestion.pk]
    return reverse(f"suggestions:{name}", args=args)


def _page_url(person):
    return _url("page", person)


def _urls(person, suggestion):
    return {
        "page": _url("page", person),
        "tried": _url("tried", person, suggestion),
        "not_for_me": _url("not_for_me", person, suggestion),
        "preferences": _url("preferences", person),
    }


def _move(client, person, suggestion, to, version=None):
    version = suggestion.version if version is None else version
    return client.post(_url("move", person, suggestion), {"to_status": to, "version": version})


def _tried_data(suggestion, **extra):
    data = {
        "version": suggestion.version,
        "tried_on": _date(),
        "add_to_map": "on",
        "connection_label": "Gardening club",
        "connection_kind": Kind.GROUP,
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def _preferences_data(**extra):
    data = {"version": 0, "area": "", "max_travel_km": "", "ways": ["in_person", "online"]}
    data.update({f"must_{slug}": "prefer" for slug in MUST_SLUGS})
    data.update(extra)
    return data


# Who may open the pages -------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ALLOWED)
def test_suggestion_pages_open_to_the_persons_team(sign_in, cast, person, suggestion, page, who):
    response = sign_in(getattr(cast, who)).get(_urls(person, suggestion)[page])
    assert response.status_code == 200
    assert "Morwenna" in response.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEWED, actor=getattr(cast, who), target_type="people.person"
    ).exists()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", REFUSED)
def test_suggestion_pages_refused_as_not_found(sign_in, cast, person, suggestion, page, who):
    response = sign_in(getattr(cast, who)).get(_urls(person, suggestion)[page])
    assert response.status_code == 404
    assert "Morwenna" not in response.content.decode()
    assert "Riverside Gardening Club" not in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=getattr(cast, who)).exists()


@pytest.mark.parametrize("page", PAGES)
def test_suggestion_pages_need_sign_in(client, person, suggestion, page):
    response = client.get(_urls(person, suggestion)[page])
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))


def _posts(person, suggestion, garden):
    return [
        (_url("add", person), {"service": garden.pk, "source": "worker"}),
        (_url("idea_add", person), {"own-idea": "Sneaky idea", "own-whose": "worker"}),
        (_url("move", person, suggestion), {"to_status": S.TALKED_ABOUT, "version": 1}),
        (_url("shortlist", person, suggestion), {"shortlisted": "on"}),
        (_url("tried", person, suggestion), _tried_data(suggestion)),
        (_url("not_for_me", person, suggestion), {"version": 1, "reason": "cost"}),
        (_url("preferences", person), _preferences_data(area="Sneaky")),
    ]


def _nothing_changed(person, suggestion):
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.shortlisted, suggestion.version) == (
        S.SUGGESTED,
        False,
        1,
    )
    assert person.suggestions.count() == 1
    assert not person.connections.exists()
    assert not person.contacts.exists()
    assert not Preferences.objects.filter(person=person).exists()


@pytest.mark.parametrize("who", REFUSED)
def test_suggestion_changes_refused_to_others(sign_in, cast, person, suggestion, garden, who):
    client = sign_in(getattr(cast, who))
    for url, data in _posts(person, suggestion, garden):
        assert client.post(url, data).status_code == 404, url
    _nothing_changed(person, suggestion)


def test_suggestion_changes_need_sign_in(client, person, suggestion, garden):
    for url, data in _posts(person, suggestion, garden):
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse(settings.LOGIN_URL))
    _nothing_changed(person, suggestion)


def test_a_suggestion_of_someone_else_is_not_found_under_this_persons_address(
    sign_in, cast, person, garden
):
    other = PersonFactory(team=cast.team, preferred_name="Other")
    theirs = services.suggestion_create(
        person=other, by=cast.practitioner, source="worker", service=garden
    )
    client = sign_in(cast.practitioner)
    for name in ("move", "shortlist", "tried", "not_for_me"):
        url = _url(name, person, theirs)
        assert client.post(url, {"to_status": "talked_about", "version": 1}).status_code == 404
    for name in ("tried", "not_for_me"):
        assert client.get(_url(name, person, theirs)).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.status, theirs.shortlisted) == (S.SUGGESTED, False)
    assert AuditEvent.objects.filter(
        action=AuditAction.REFUSED, detail__model="suggestions.suggestion"
    ).exists()


def test_another_teams_connector_cannot_be_added(sign_in, cast, person):
    theirs = ConnectorFactory(team=cast.other_team, name="South walkers")
    response = sign_in(cast.practitioner).post(
        _url("add", person), {"connector": theirs.pk, "source": "worker"}, follow=True
    )
    assert "Choose a community connector your team knows" in response.content.decode()
    assert not person.suggestions.exists()


# Their list and the moves -----------------------------------------------------------------------


def _at(cast, person, name, status, **kwargs):
    service = ServiceFactory(name=name)
    made = services.suggestion_create(
        person=person, by=cast.practitioner, source="worker", service=service, **kwargs
    )
    path = {
        S.SUGGESTED: [],
        S.TALKED_ABOUT: [S.TALKED_ABOUT],
        S.TRIED: [S.TRIED],
        S.GOING_REGULARLY: [S.TRIED, S.GOING_REGULARLY],
        S.NOT_FOR_ME: [S.NOT_FOR_ME],
    }[status]
    for step in path:
        services.suggestion_move(
            suggestion=made,
            by=cast.practitioner,
            to_status=step,
            version=made.version,
            reason="cost" if step == S.NOT_FOR_ME else "",
        )
    return made


def test_their_list_in_journey_order_shortlist_first_not_for_me_folded(sign_in, cast, person):
    _at(cast, person, "Going one", S.GOING_REGULARLY)
    _at(cast, person, "Tried one", S.TRIED)
    _at(cast, person, "Talked one", S.TALKED_ABOUT)
    _at(cast, person, "Suggested one", S.SUGGESTED)
    _at(cast, person, "Favourite", S.TALKED_ABOUT, shortlisted=True)
    _at(cast, person, "Nope", S.NOT_FOR_ME)
    html = sign_in(cast.practitioner).get(_page_url(person)).content.decode()
    order = ["Favourite", "Suggested one", "Talked one", "Tried one", "Going one", "Nope"]
    positions = [html.index(name) for name in order]
    assert positions == sorted(positions)
    assert html.index('<details class="govuk-details" id="not-for-me">') < html.index("Nope")
    assert "Costs too much" in html  # the reason it was not for them
    assert "Chosen by the worker" in html


@pytest.mark.parametrize(
    ("status", "offered", "not_offered"),
    [
        (
            S.SUGGESTED,
            ["talked about it", "You tried it", "Not for me"],
            ["Back to", "Reopen"],
        ),
        (S.TALKED_ABOUT, ["You tried it", "Back to “Suggested”"], ["talked about it"]),
        (S.TRIED, ["Going regularly", "Back to “Talked about”"], ["You tried it", "Reopen"]),
        (S.GOING_REGULARLY, ["Back to “Tried it”", "Not for me"], ["Going regularly"]),
        (S.NOT_FOR_ME, ["Reopen"], ["Not for me", "You tried it", "Shortlist"]),
    ],
)
def test_each_card_offers_only_the_moves_allowed(
    sign_in, cast, person, status, offered, not_offered
):
    made = _at(cast, person, "The one", status)
    html = sign_in(cast.practitioner).get(_page_url(person)).content.decode()
    start = html.index(f'id="suggestion-{made.pk}"')
    card = html[html.index("cp-idea__actions", start) : html.index("</li>", start)]
    for words in offered:
        assert words in card, words
    for words in not_offered:
        assert words not in card, words
    assert f'name="version" value="{made.version}"' in card or status == S.SUGGESTED


def test_moves_along_the_journey_and_back(sign_in, cast, person, suggestion):
    client = sign_in(cast.practitioner)
    for to in (S.TALKED_ABOUT, S.GOING_REGULARLY, S.TRIED, S.TALKED_ABOUT):
        response = _move(client, person, suggestion, to)
        assert response.status_code == 302
        assert response.url.endswith(f"#suggestion-{suggestion.pk}")
        suggestion.refresh_from_db()
        assert suggestion.status == to
    assert suggestion.changes.count() == 5
    html = client.get(_page_url(person)).content.decode()
    assert "Riverside Gardening Club: Talked about." in html
    assert AuditEvent.objects.filter(
        action=AuditAction.CHANGED, target_type="suggestions.suggestion", detail__to="tried"
    ).exists()


def test_reopen_brings_a_not_for_me_back(sign_in, cast, person):
    nope = _at(cast, person, "Nope", S.NOT_FOR_ME)
    assert nope.hidden_until is not None
    _move(sign_in(cast.practitioner), person, nope, S.SUGGESTED)
    nope.refresh_from_db()
    assert (nope.status, nope.hidden_until, nope.reason) == (S.SUGGESTED, None, "")


def test_moving_to_tried_or_not_for_me_goes_to_its_form(sign_in, cast, person, suggestion):
    client = sign_in(cast.practitioner)
    assert _move(client, person, suggestion, S.TRIED).url == _url("tried", person, suggestion)
    response = _move(client, person, suggestion, S.NOT_FOR_ME)
    assert response.url == _url("not_for_me", person, suggestion)
    suggestion.refresh_from_db()
    assert suggestion.status == S.SUGGESTED


def test_a_move_that_is_not_allowed_is_refused_with_a_message(sign_in, cast, person, suggestion):
    client = sign_in(cast.practitioner)
    response = _move(client, person, suggestion, S.SUGGESTED)  # it is there already
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "It cannot move from “Suggested” to “Suggested”" in html
    suggestion.refresh_from_db()
    assert suggestion.version == 1


def test_a_conflicting_move_is_refused_and_overwrites_nothing(sign_in, cast, person, suggestion):
    loaded = suggestion.version
    services.suggestion_move(  # someone else, meanwhile
        suggestion=suggestion, by=cast.team_lead, to_status=S.TALKED_ABOUT, version=loaded
    )
    response = _move(sign_in(cast.practitioner), person, suggestion, S.GOING_REGULARLY, loaded)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved changes while you were editing" in html
    assert "Talked about" in html
    assert "Going regularly" in html
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.version) == (S.TALKED_ABOUT, 2)


def test_a_bad_move_form_is_refused_with_a_message(sign_in, cast, person, suggestion):
    client = sign_in(cast.practitioner)
    response = client.post(_url("move", person, suggestion), {"to_status": "nonsense"})
    assert response.status_code == 302
    assert "Choose one of the buttons" in client.get(response.url).content.decode()


def test_shortlist_without_javascript(sign_in, cast, person, suggestion):
    client = sign_in(cast.practitioner)
    response = client.post(_url("shortlist", person, suggestion), {"shortlisted": "on"})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.shortlisted
    html = client.get(_page_url(person)).content.decode()
    assert "Riverside Gardening Club is on the shortlist." in html
    assert "Shortlist (1)" in html
    client.post(_url("shortlist", person, suggestion), {})
    suggestion.refresh_from_db()
    assert not suggestion.shortlisted


def test_shortlist_with_htmx_swaps_the_list_in_place(sign_in, cast, person, suggestion):
    response = sign_in(cast.practitioner).post(
        _url("shortlist", person, suggestion), {"shortlisted": "on"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="their-list"')
    assert "<html" not in html
    assert "Shortlist (1)" in html
    assert f'id="shortlist-{suggestion.pk}"' in html  # focus stays on the same button
    assert "Take off the shortlist" in html
    assert "Riverside Gardening Club is on the shortlist." in html  # said to screen readers
    suggestion.refresh_from_db()
    assert suggestion.shortlisted


# Ideas ------------------------------------------------------------------------------------------


def _idea_names(html):
    """The ideas section, without what it says is missing (which names the nearest
    alternative, not an idea)."""
    start = html.index('id="ideas-heading"')
    section = html[start : html.index('id="add-your-own"')]
    if 'id="ideas-missing"' in section:
        gap = section.index('id="ideas-missing"')
        section = section[:gap] + section[section.index("</div>", gap) :]
    return section


def test_ideas_are_ranked_explained_and_leave_out_whats_on_their_list(
    sign_in, cast, person, suggestion
):
    _gardening_service("Allotment Friends")
    html = sign_in(cast.practitioner).get(_page_url(person)).content.decode()
    ideas = _idea_names(html)
    assert "Allotment Friends" in ideas
    assert "Riverside Gardening Club" not in ideas  # already on the list
    assert "Why it might suit you" in ideas
    assert "gardening" in ideas.lower()
    assert "Showing 1 idea" in ideas
    assert 'name="source" value="ranked"' in ideas


def test_an_idea_not_checked_for_a_while_is_marked(sign_in, cast, person):
    _gardening_service("Old Orchard", team=cast.team, checked=False)
    html = sign_in(cast.practitioner).get(_page_url(person)).content.decode()
    assert "Not checked for a while" in _idea_names(html)


def _card(html, name):
    """The idea card with `name` in it."""
    at = html.index(name)
    end = html.find('<li class="cp-card', at)
    return html[html.rindex('<li class="cp-card', 0, at) : end if end != -1 else len(html)]


def test_the_not_checked_tag_is_for_overdue_entries_not_ones_the_team_does_not_use(
    sign_in, cast, person
):
    _gardening_service("Old Orchard", team=cast.team, checked=False)
    _gardening_service("Unknown Allotment")  # in the directory, not on the team's list
    html = _idea_names(sign_in(cast.practitioner).get(_page_url(person)).content.decode())
    tag = 'govuk-tag--yellow">Not checked for a while<'
    assert tag in _card(html, "Old Orchard")
    assert tag not in _card(html, "Unknown Allotment")


def test_an_idea_card_says_how_far_it_is_once():
    from connecting_people.suggestions.ranking import Ranked
    from connecting_people.suggestions.views.person import Idea

    def idea(reasons, km=1.6):
        return Idea(Ranked("service", None, None, "Club", 1.0, reasons=reasons, distance_km=km))

    assert idea(["About 2 km away", "Free"]).distance_said  # the reason says it: no line too
    assert not idea(["Free"]).distance_said  # the line under the name says it
    assert idea(["Less than 1 km away"], km=0.4).distance_said
    assert not idea([], km=None).distance_said


def _token_in(html, name):
    card = _card(_idea_names(html), name)
    start = card.index('name="token" value="') + len('name="token" value="')
    return card[start : card.index('"', start)]


def test_adding_a_ranked_idea_keeps_the_signed_why_and_score(sign_in, cast, person):
    garden = _gardening_service("Allotment Friends")
    client = sign_in(cast.practitioner)
    html = client.get(_page_url(person)).content.decode()
    assert 'name="why"' not in html
    assert 'name="score"' not in html
    response = client.post(
        _url("add", person),
        {
            "service": garden.pk,
            "source": "ranked",
            "token": _token_in(html, "Allotment Friends"),
            "back": "free=on&evil=1",
        },
    )
    made = person.suggestions.get()
    assert response.url == f"{_page_url(person)}?free=on#suggestion-{made.pk}"
    assert (made.source, made.shortlisted) == (SuggestionSource.RANKED, False)
    assert "gardening" in made.why.lower()
    assert made.score is not None
    assert made.score > 0
    assert "Allotment Friends is on their list." in client.get(response.url).content.decode()


def _forged_posts(cast, person, garden, token):
    other = PersonFactory(team=cast.team)
    return {
        "missing": {"service": garden.pk, "source": "ranked", "why": "Made up", "score": "99"},
        "altered": {"service": garden.pk, "source": "ranked", "token": token[:-3] + "abc"},
        "another person": {
            "service": garden.pk,
            "source": "ranked",
            "token": idea_token(
                person_id=other.pk, kind="service", pk=garden.pk, why="Theirs", score=9.0
            ),
        },
        "another service": {
            "service": garden.pk,
            "source": "ranked",
            "token": idea_token(
                person_id=person.pk, kind="service", pk=ServiceFactory().pk, why="No", score=9.0
            ),
        },
    }


@pytest.mark.parametrize("how", ["missing", "altered", "another person", "another service"])
def test_a_ranked_idea_without_a_genuine_token_is_added_without_why_or_score(
    sign_in, cast, person, how
):
    garden = _gardening_service("Allotment Friends")
    client = sign_in(cast.practitioner)
    token = _token_in(client.get(_page_url(person)).content.decode(), "Allotment Friends")
    response = client.post(_url("add", person), _forged_posts(cast, person, garden, token)[how])
    made = person.suggestions.get()
    assert (made.source, made.why, made.score) == (SuggestionSource.RANKED, "", None)
    assert "Allotment Friends is on their list." in client.get(response.url).content.decode()


def test_why_keeps_the_reasons_only_not_the_preface_or_a_warning(sign_in, cast):
    nobody = PersonFactory(team=cast.team, preferred_name="Newcomer")  # no interests yet
    old = _gardening_service("Old Orchard", team=cast.team, checked=False)
    client = sign_in(cast.practitioner)
    html = client.get(_page_url(nobody)).content.decode()
    card = _card(_idea_names(html), "Old Orchard")
    assert "You haven&#x27;t said what you enjoy yet" in html
    assert "Not checked for a while" in card
    client.post(
        _url("add", nobody),
        {"service": old.pk, "source": "ranked", "token": _token_in(html, "Old Orchard")},
    )
    made = nobody.suggestions.get()
    assert "haven't said" not in made.why
    assert "Not checked" not in made.why
    assert made.score is not None


def test_a_closed_service_cannot_be_suggested_or_found(sign_in, cast, person):
    closed = ServiceFactory(name="Closed Garden", status="defunct")
    paused = ServiceFactory(name="Paused Garden", status="temporarily closed")
    client = sign_in(cast.practitioner)
    for service in (closed, paused):
        response = client.post(
            _url("add", person), {"service": service.pk, "source": "worker"}, follow=True
        )
        assert "This service has closed, so it can&#x27;t be suggested" in response.content.decode()
    assert not person.suggestions.exists()
    html = client.get(_page_url(person), {"q": "garden"}).content.decode()
    found = html[html.index('id="found-heading"') :]
    assert "Closed Garden" not in found
    assert "Paused Garden" not in found


def test_add_and_shortlist_on_something_already_on_their_list_shortlists_it(
    sign_in, cast, person, suggestion, garden
):
    client = sign_in(cast.practitioner)
    response = client.post(
        _url("add", person), {"service": garden.pk, "source": "worker", "shortlist": "on"}
    )
    suggestion.refresh_from_db()
    assert suggestion.shortlisted
    assert person.suggestions.count() == 1
    html = client.get(response.url).content.decode()
    assert "was already on their list, and is now on the shortlist." in html


def test_add_and_shortlist(sign_in, cast, person, garden):
    sign_in(cast.practitioner).post(
        _url("add", person), {"service": garden.pk, "source": "ranked", "shortlist": "on"}
    )
    assert person.suggestions.get().shortlisted


def test_adding_it_twice_says_so_plainly(sign_in, cast, person, suggestion, garden):
    client = sign_in(cast.practitioner)
    response = client.post(_url("add", person), {"service": garden.pk, "source": "worker"})
    assert response.status_code == 302
    assert response.url.endswith(f"#suggestion-{suggestion.pk}")
    html = client.get(response.url).content.decode()
    assert "Riverside Gardening Club is already on their list, so nothing was added." in html
    assert person.suggestions.count() == 1


def test_adding_something_gone_says_so(sign_in, cast, person):
    client = sign_in(cast.practitioner)
    response = client.post(
        _url("add", person),
        {"service": "00000000-0000-0000-0000-000000000000", "source": "worker"},
        follow=True,
    )
    assert "That service is no longer in the directory" in response.content.decode()
    assert not person.suggestions.exists()


def test_filters_narrow_the_ideas_and_keep_what_was_chosen(sign_in, cast, person):
    _gardening_service("Free Garden")
    _gardening_service("Paid Garden", free=False)
    client = sign_in(cast.practitioner)
    everything = _idea_names(client.get(_page_url(person)).content.decode())
    assert "Free Garden" in everything
    assert "Paid Garden" in everything
    html = client.get(_page_url(person), {"free": "on", "km": "5"}).content.decode()
    ideas = _idea_names(html)
    assert "Free Garden" in ideas
    assert "Paid Garden" not in ideas
    assert 'id="filter-free" name="free" type="checkbox" checked' in ideas
    assert 'id="filter-week" name="week" type="checkbox">' in ideas
    assert "Showing 1 idea" in ideas
    assert '<option value="5" selected>' in ideas
    assert 'name="back" value="free=on"' in ideas  # adding comes back to the same filters


def test_filters_that_leave_nothing_say_which_to_loosen(sign_in, cast, person):
    _gardening_service("Paid Garden", free=False)
    html = sign_in(cast.practitioner).get(_page_url(person), {"free": "on"}).content.decode()
    ideas = _idea_names(html)
    assert "Showing 0 ideas" in ideas
    assert "Nothing fits all of the filters" in ideas
    assert "Show ideas without “Free”" in ideas


def test_near_without_a_location_says_it_did_not_narrow(sign_in, cast, person, garden):
    html = sign_in(cast.practitioner).get(_page_url(person), {"near": "on"}).content.decode()
    assert "“Near” needs to know where they are" in html
    assert _url("preferences", person) in html


def test_odd_filters_in_the_address_are_ignored(sign_in, cast, person, garden):
    response = sign_in(cast.practitioner).get(
        _page_url(person), {"km": "9999", "near": "maybe", "q": "x" * 500}
    )
    assert response.status_code == 200


def test_an_empty_directory_points_to_it(sign_in, cast, person):
    html = sign_in(cast.practitioner).get(_page_url(person)).content.decode()
    assert "The directory is empty" in html
    assert reverse("directory:browse") in html


def test_no_interests_yet_says_so_and_links_to_add_them(sign_in, cast, garden):
    person = PersonFactory(team=cast.team, preferred_name="Nia")
    html = sign_in(cast.practitioner).get(_page_url(person)).content.decode()
    assert "No interests are recorded for Nia yet" in html
    assert reverse("people:interest_add", args=[person.pk]) in html
    assert "Riverside Gardening Club" in _idea_names(html)  # still something to look at


# Worker knowledge first -------------------------------------------------------------------------


def test_search_finds_services_and_the_teams_connectors_by_name(sign_in, cast, person, garden):
    ServiceFactory(name="Chess Club")
    ConnectorFactory(team=cast.team, name="Maureen (garden walks)")
    ConnectorFactory(team=cast.other_team, name="Gary (garden tours)")
    html = sign_in(cast.practitioner).get(_page_url(person), {"q": "garden"}).content.decode()
    found = html[html.index('id="found-heading"') :]
    assert "Riverside Gardening Club" in found
    assert "Maureen (garden walks)" in found
    assert "Gary (garden tours)" not in found
    assert "Chess Club" not in found
    assert 'value="garden"' in html  # the search box keeps the words


def test_adding_from_the_search_is_the_workers_choice(sign_in, cast, person):
    maureen = ConnectorFactory(team=cast.team, name="Maureen (garden walks)")
    client = sign_in(cast.practitioner)
    client.post(_url("add", person), {"connector": maureen.pk, "source": "worker"})
    made = person.suggestions.get()
    assert (made.connector, made.source, made.why) == (maureen, SuggestionSource.WORKER, "")
    html = client.get(_page_url(person), {"q": "maureen"}).content.decode()
    assert "See it on their list" in html


def test_what_the_worker_adds_shows_whatever_the_ranking_says(sign_in, cast, person):
    BarrierFactory(person=person, kind=barrier_type("money"))
    paid = _gardening_service("Paid Garden", free=False)
    client = sign_in(cast.practitioner)
    assert "Paid Garden" not in _idea_names(client.get(_page_url(person)).content.decode())
    client.post(_url("add", person), {"service": paid.pk, "source": "worker"})
    html = client.get(_page_url(person)).content.decode()
    assert "Paid Garden" in html[html.index('id="their-list"') : html.index('id="ideas"')]


def test_their_own_idea_goes_on_the_list(sign_in, cast, person):
    client = sign_in(cast.practitioner)
    response = client.post(
        _url("idea_add", person), {"own-idea": "Join a choir", "own-whose": "person"}
    )
    made = person.suggestions.get()
    assert (made.idea, made.source) == ("Join a choir", SuggestionSource.PERSON)
    assert response.url.endswith(f"#suggestion-{made.pk}")
    assert "The person&#x27;s own idea" in client.get(response.url).content.decode()


def test_a_bad_idea_keeps_what_was_typed(sign_in, cast, person):
    client = sign_in(cast.practitioner)
    response = client.post(_url("idea_add", person), {"own-idea": "", "own-whose": "worker"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert "Write the idea in a few words" in html
    long = "sing " * 70
    html = client.post(
        _url("idea_add", person), {"own-idea": long, "own-whose": "worker"}
    ).content.decode()
    assert "Keep the idea to 300 characters or fewer" in html
    assert long.strip() in html
    assert not person.suggestions.exists()


# They tried it ----------------------------------------------------------------------------------


def test_tried_logs_a_contact_and_adds_the_connection_in_one_step(
    sign_in, cast, person, suggestion
):
    client = sign_in(cast.practitioner)
    form = client.get(_url("tried", person, suggestion)).content.decode()
    assert 'value="Riverside Gardening Club"' in form  # the map label starts as its name
    assert f'value="{_date()}"' in form  # and the date as today
    response = client.post(
        _url("tried", person, suggestion),
        _tried_data(suggestion, with_worker="on", note="Loved the tomatoes"),
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == S.TRIED
    contact = suggestion.contact
    assert contact.kind == ContactKind.ACCOMPANIED_VISIT
    assert contact.went_along
    assert "Loved the tomatoes" in contact.what_happened
    added = suggestion.connection
    assert (added.label, added.kind, added.ring, added.began) == (
        "Gardening club",
        Kind.GROUP,
        Ring.OUTER,
        Began.SUGGESTION,
    )
    html = client.get(response.url).content.decode()
    map_link = f"{reverse('network:map', args=[person.pk])}#connection-{added.pk}"
    assert map_link in html
    assert "See Gardening club on their map" in html


def test_tried_without_adding_to_the_map(sign_in, cast, person, suggestion):
    sign_in(cast.practitioner).post(
        _url("tried", person, suggestion), _tried_data(suggestion, add_to_map=None)
    )
    suggestion.refresh_from_db()
    assert suggestion.status == S.TRIED
    assert suggestion.contact.kind == ContactKind.GROUP_SESSION
    assert not Connection.objects.filter(person=person).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"tried_on": "31/12/2999"}, "The date cannot be in the future"),
        ({"tried_on": "not a day"}, "Enter a real date they went, like 26/11/2026"),
        ({"connection_label": ""}, "Give a name or initials, up to 60 characters"),
        ({"connection_label": "x" * 61}, "Keep the name to 60 characters or fewer"),
    ],
)
def test_tried_with_bad_input_keeps_what_was_typed(
    sign_in, cast, person, suggestion, data, message
):
    response = sign_in(cast.practitioner).post(
        _url("tried", person, suggestion), _tried_data(suggestion, note="Kept note", **data)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Kept note" in html
    suggestion.refresh_from_db()
    assert suggestion.status == S.SUGGESTED
    assert not person.contacts.exists()
    assert not person.connections.exists()


def test_tried_on_an_out_of_date_page_is_a_conflict(sign_in, cast, person, suggestion):
    loaded = _tried_data(suggestion, note="My note")
    services.suggestion_move(
        suggestion=suggestion, by=cast.team_lead, to_status=S.TALKED_ABOUT, version=1
    )
    html = sign_in(cast.practitioner).post(_url("tried", person, suggestion), loaded)
    html = html.content.decode()
    assert "Someone else saved changes while you were editing" in html
    assert "My note" in html
    assert 'name="version" value="2"' in html  # saving again goes over their change, knowingly
    suggestion.refresh_from_db()
    assert suggestion.status == S.TALKED_ABOUT
    assert not person.contacts.exists()


def test_tried_page_for_something_past_trying_goes_back(sign_in, cast, person):
    going = _at(cast, person, "Going", S.GOING_REGULARLY)
    client = sign_in(cast.practitioner)
    response = client.get(_url("tried", person, going))
    assert response.status_code == 302
    assert response.url.endswith(f"#suggestion-{going.pk}")
    response = client.post(_url("tried", person, going), _tried_data(going))
    assert response.status_code == 302
    going.refresh_from_db()
    assert going.status == S.GOING_REGULARLY
    assert not person.contacts.exists()


# Not for me -------------------------------------------------------------------------------------


def test_not_for_me_with_a_reason_hides_it_for_six_months(sign_in, cast, person, suggestion):
    client = sign_in(cast.practitioner)
    form = client.get(_url("not_for_me", person, suggestion)).content.decode()
    assert "about six months" in form
    assert "Costs too much" in form
    response = client.post(
        _url("not_for_me", person, suggestion),
        {"version": 1, "reason": NotForMeReason.TOO_FAR, "note": "Two buses"},
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.reason, suggestion.note) == (
        S.NOT_FOR_ME,
        NotForMeReason.TOO_FAR,
        "Two buses",
    )
    assert suggestion.hidden_until == _today() + dt.timedelta(days=HIDE_NOT_FOR_ME_DAYS)
    html = client.get(_page_url(person)).content.decode()
    assert "Riverside Gardening Club" not in _idea_names(html)


def test_not_for_me_needs_a_reason_and_keeps_the_note(sign_in, cast, person, suggestion):
    response = sign_in(cast.practitioner).post(
        _url("not_for_me", person, suggestion), {"version": 1, "note": "Two buses"}
    )
    html = response.content.decode()
    assert "Choose why it is not for them" in html
    assert "Two buses" in html
    suggestion.refresh_from_db()
    assert suggestion.status == S.SUGGESTED


def test_not_for_me_on_an_out_of_date_page_is_a_conflict(sign_in, cast, person, suggestion):
    services.suggestion_move(
        suggestion=suggestion, by=cast.team_lead, to_status=S.TALKED_ABOUT, version=1
    )
    response = sign_in(cast.practitioner).post(
        _url("not_for_me", person, suggestion), {"version": 1, "reason": "cost"}
    )
    assert "Someone else saved changes" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == S.TALKED_ABOUT


# What suggestions respect -----------------------------------------------------------------------


def test_preferences_saved_shown_and_audited(sign_in, cast, person):
    client = sign_in(cast.practitioner)
    response = client.post(
        _url("preferences", person),
        _preferences_data(
            area="Otley",
            max_travel_km="3",
            free_days=["TU", "MO"],
            free_times=["morning"],
            ways=["in_person"],
            group_sizes=["small", "one_to_one"],
        ),
    )
    assert response.status_code == 302
    prefs = Preferences.objects.get(person=person)
    assert (prefs.area, prefs.max_travel_km, prefs.free_days, prefs.free_times) == (
        "Otley",
        3.0,
        "MO,TU",
        "morning",
    )
    assert (prefs.in_person, prefs.online, prefs.prefers_small_groups) == (True, False, True)
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATED, target_type="suggestions.preferences"
    ).exists()
    html = client.get(_page_url(person)).content.decode()
    respect = html[html.index('id="respect"') :]
    for words in ("Otley", "Up to 3 km", "Monday, Tuesday", "Mornings", "In person only"):
        assert words in respect, words
    form = client.get(_url("preferences", person)).content.decode()
    assert 'value="Otley"' in form
    assert 'name="version" value="1"' in form


def test_preferences_area_that_is_a_town_in_the_directory_gives_near_a_place(sign_in, cast, person):
    service = ServiceFactory(name="Otley Garden")
    in_person(service, city="Otley")
    refresh_for_services([service.id])
    sign_in(cast.practitioner).post(_url("preferences", person), _preferences_data(area="otley"))
    prefs = Preferences.objects.get(person=person)
    assert (prefs.latitude, prefs.longitude) == pytest.approx((53.8008, -1.5491))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"max_travel_km": "200"}, "Enter a distance of 100 km or less"),
        ({"max_travel_km": "0.1"}, "Enter a distance of at least 0.5 km"),
        ({"max_travel_km": "far"}, "Enter the distance as a number of kilometres, like 3"),
        ({"ways": []}, "Choose in person, online or both"),
    ],
)
def test_preferences_bad_input_keeps_what_was_typed(sign_in, cast, person, data, message):
    response = sign_in(cast.practitioner).post(
        _url("preferences", person), _preferences_data(area="Kept Town", **data)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Kept Town"' in html
    assert not Preferences.objects.filter(person=person).exists()


def test_preferences_on_an_out_of_date_page_is_a_conflict(sign_in, cast, person):
    services.preferences_save(
        person=person,
        by=cast.team_lead,
        changes={"area": "Ilkley", "free_days": "MO", "latitude": 53.9},
        version=0,
    )
    response = sign_in(cast.practitioner).post(
        _url("preferences", person),
        _preferences_data(area="Otley", free_days=["TU", "WE"], ways=["online"], version=0),
    )
    html = response.content.decode()
    assert "Someone else saved changes while you were editing" in html
    table = html[html.index("What is different") : html.index("</table>")]
    for words in ("Ilkley", "Otley", ">Monday<", ">Tuesday, Wednesday<", ">Yes<", ">No<"):
        assert words in table, words
    assert "latitude" not in table
    assert 'value="Otley"' in html
    assert 'name="version" value="1"' in html
    assert Preferences.objects.get(person=person).area == "Ilkley"


def test_preferences_save_refuses_a_stale_version(cast, person):
    saved = services.preferences_save(
        person=person, by=cast.practitioner, changes={"area": "Ilkley"}, version=0
    )
    services.preferences_save(
        person=person, by=cast.practitioner, changes={"area": "Leeds"}, version=1
    )
    with pytest.raises(EditConflict):
        services.preferences_save(
            person=person, by=cast.practitioner, changes={"area": "Otley"}, version=1
        )
    saved.refresh_from_db()
    assert (saved.area, saved.version) == ("Leeds", 2)
    with pytest.raises(ValueError, match="not preference fields"):
        services.preferences_save(person=person, by=None, changes={"person": None}, version=2)


def test_respects_lists_open_barriers_from_the_plan(sign_in, cast, person):
    BarrierFactory(person=person, kind=barrier_type("money"), affects="Bus fares")
    html = sign_in(cast.practitioner).get(_page_url(person)).content.decode()
    respect = html[html.index('id="respect"') :]
    assert "Bus fares" in respect
    assert f"{reverse('practice:person', args=[person.pk])}#barriers" in respect


# Cost -------------------------------------------------------------------------------------------


def test_page_query_count_is_the_same_for_1_or_10_suggestions(sign_in, cast, person, garden):
    _gardening_service("Allotment Friends", team=cast.team)
    ConnectorFactory(team=cast.team, name="Maureen (garden walks)")
    client = sign_in(cast.practitioner)
    services.suggestion_create(person=person, by=None, source="worker", service=garden)
    client.get(_page_url(person))
    with CaptureQueriesContext(connection) as one:
        assert client.get(_page_url(person)).status_code == 200
    for n in range(9):
        made = services.suggestion_create(
            person=person, by=None, source="worker", service=ServiceFactory(name=f"S{n}")
        )
        if n % 3 == 0:
            services.suggestion_move(suggestion=made, by=None, to_status=S.TRIED, version=1)
        if n % 3 == 1:
            services.suggestion_move(
                suggestion=made, by=None, to_status=S.NOT_FOR_ME, version=1, reason="cost"
            )
    assert person.suggestions.count() == 10
    with CaptureQueriesContext(connection) as ten:
        assert client.get(_page_url(person)).status_code == 200
    assert len(ten) == len(one), [q["sql"][:120] for q in ten.captured_queries]


def test_tried_form_for_someone_the_team_knows_starts_as_someone_met(sign_in, cast, person):
    maureen = ConnectorFactory(team=cast.team, kind="person", name="Maureen (garden walks)")
    made = services.suggestion_create(person=person, by=None, source="worker", connector=maureen)
    form = sign_in(cast.practitioner).get(_url("tried", person, made)).content.decode()
    assert 'value="Maureen (garden walks)"' in form
    assert '<option value="other" selected>' in form


# Trying it again --------------------------------------------------------------------------------


def test_tried_again_after_going_back_says_it_is_on_their_map_and_adds_nothing_twice(
    sign_in, cast, person, suggestion
):
    client = sign_in(cast.practitioner)
    client.post(_url("tried", person, suggestion), _tried_data(suggestion))
    suggestion.refresh_from_db()
    _move(client, person, suggestion, S.TALKED_ABOUT)
    suggestion.refresh_from_db()
    form = client.get(_url("tried", person, suggestion)).content.decode()
    assert "It is already on their map as" in form
    assert "Gardening club" in form
    assert "It is already in the activity log" in form
    assert 'name="add_to_map"' not in form  # nothing to add: it is there
    response = client.post(_url("tried", person, suggestion), _tried_data(suggestion))
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == S.TRIED
    assert person.contacts.count() == 1
    assert person.connections.count() == 1


def test_tried_form_starts_with_add_to_the_map_on_the_first_time(sign_in, cast, person, suggestion):
    form = sign_in(cast.practitioner).get(_url("tried", person, suggestion)).content.decode()
    assert 'name="add_to_map" type="checkbox" checked' in form
    assert "already on their map" not in form


@pytest.mark.parametrize("page", ["tried", "not_for_me"])
def test_a_note_longer_than_2000_characters_is_refused_and_kept(
    sign_in, cast, person, suggestion, page
):
    note = "tomatoes " * 230  # over 2,000 characters
    data = _tried_data(suggestion, note=note) if page == "tried" else {"version": 1}
    data.update({"note": note, "reason": "cost"} if page == "not_for_me" else {})
    response = sign_in(cast.practitioner).post(_url(page, person, suggestion), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Keep the note to 2,000 characters or fewer" in html
    assert "tomatoes tomatoes" in html
    suggestion.refresh_from_db()
    assert suggestion.status == S.SUGGESTED


# The page keeps what the worker was looking at ---------------------------------------------------


def test_a_conflicting_move_keeps_the_filters_the_worker_had_on(sign_in, cast, person, suggestion):
    loaded = suggestion.version
    services.suggestion_move(
        suggestion=suggestion, by=cast.team_lead, to_status=S.TALKED_ABOUT, version=loaded
    )
    response = sign_in(cast.practitioner).post(
        _url("move", person, suggestion),
        {"to_status": S.GOING_REGULARLY, "version": loaded, "back": "free=on&week=on"},
    )
    html = response.content.decode()
    assert "Someone else saved changes while you were editing" in html
    assert 'id="filter-free" name="free" type="checkbox" checked' in html
    assert 'id="filter-week" name="week" type="checkbox" checked' in html


def test_a_move_goes_back_to_the_same_filters(sign_in, cast, person, suggestion):
    client = sign_in(cast.practitioner)
    html = client.get(_page_url(person), {"free": "on"}).content.decode()
    card = html[html.index(f'id="suggestion-{suggestion.pk}"') :]
    assert 'name="back" value="free=on"' in card
    response = client.post(
        _url("move", person, suggestion),
        {"to_status": S.TALKED_ABOUT, "version": 1, "back": "free=on"},
    )
    assert response.url == f"{_page_url(person)}?free=on#suggestion-{suggestion.pk}"


def test_near_means_within_opens_under_the_near_box(sign_in, cast, person):
    html = sign_in(cast.practitioner).get(_page_url(person)).content.decode()
    near = html[html.index('id="filter-near"') :]
    assert 'data-aria-controls="conditional-filter-near"' in near.split(">")[0]
    reveal = near[near.index('id="conditional-filter-near"') :]
    assert reveal.index('id="filter-km"') < reveal.index("</fieldset>")


# What suggestions respect: where -----------------------------------------------------------------


def test_where_says_the_postcode_district_when_no_area_is_given(sign_in, cast, person):
    person.postcode = "zz1 4ab"
    person.save()
    client = sign_in(cast.practitioner)
    respect = client.get(_page_url(person)).content.decode().split('id="respect"')[1]
    assert "ZZ1 (from their postcode)" in respect
    services.preferences_save(person=person, by=None, changes={"area": "Otley"}, version=0)
    respect = client.get(_page_url(person)).content.decode().split('id="respect"')[1]
    assert "Otley" in respect
    assert "from their postcode" not in respect


def test_where_is_not_said_without_an_area_or_postcode(sign_in, cast, person):
    person.postcode = ""
    person.save()
    respect = sign_in(cast.practitioner).get(_page_url(person)).content.decode()
    respect = respect.split('id="respect"')[1]
    assert "Where" in respect
    assert "Not said" in respect.split("How far")[0]


def test_a_directory_of_closed_services_only_counts_as_empty(sign_in, cast, person):
    ServiceFactory(name="Closed Garden", status="defunct")
    html = sign_in(cast.practitioner).get(_page_url(person)).content.decode()
    assert "The directory is empty, so there is nothing to suggest yet." in html
