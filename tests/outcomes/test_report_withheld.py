"""Rows held back so that nobody can subtract one row from another and get the numbers of fewer
than 5 people; and evaluators never counting people who asked to be left out of research."""

import re

import pytest
from django.urls import reverse

from connecting_people.outcomes import report
from tests.factories import PersonFactory, TeamFactory
from tests.outcomes.change_helpers import days_ago, ons4, take

URL = reverse("outcomes:report")
WITHHELD = "Not shown, so that the answers of a few people elsewhere cannot be worked out"
KEY = "ons4:satisfied"


def _fill(team, count, name="Perpetua", **person):
    made = []
    for n in range(count):
        who = PersonFactory(team=team, preferred_name=f"{name}{n}", **person)
        take(who, "ons4", ons4(3 + n % 3, anxious=6), days_ago(150))
        take(who, "ons4", ons4(6 + n % 2, anxious=4), days_ago(10))
        made.append(who)
    return made


def _row_text(client, scope):
    html = client.get(URL, {"scope": scope}).content.decode()
    start = html.index('<th scope="row" class="govuk-table__header">Life satisfaction')
    return html[start : html.index("</tr>", start)]


class FakeFound(report.Found):
    def __init__(self, counts):
        super().__init__(
            [], {KEY: {t: report.stats.Sums(n, 0, 0, 0, 0) for t, n in counts.items()}}
        )


@pytest.mark.parametrize(
    ("counts", "visible", "known", "held"),
    [
        # Nothing hidden, or five or more hidden: nothing to hold back.
        ({1: 6, 2: 7}, {1, 2}, set(), set()),
        ({1: 6, 2: 5, 3: 0}, {1, 2, 3}, set(), set()),
        # An evaluator sees every team: the smallest team row shown is held back with the
        # small team, so the organisation minus the rest is at least 5 people.
        ({1: 20, 2: 3}, {1, 2}, set(), {1}),
        ({1: 20, 2: 10, 3: 2}, {1, 2, 3}, set(), {2}),
        ({1: 5, 2: 6, 3: 2}, {1, 2, 3}, set(), {1}),
        # Two small teams adding up to 5 or more: nothing more to hold back.
        ({1: 20, 2: 3, 3: 2}, {1, 2, 3}, set(), set()),
        # A team lead knows their own team and sees no other team: the organisation row goes.
        ({1: 8, 2: 3}, {1}, {1}, {report.ORGANISATION}),
        ({1: 8, 2: 6}, {1}, {1}, set()),
        # Their own team is never the one held back (they know it person by person).
        ({1: 8, 2: 9, 3: 1}, {1, 2, 3}, {1}, {2}),
        ({1: 8, 2: 1}, {1, 2}, {1}, {report.ORGANISATION}),
    ],
)
def test_which_rows_are_held_back(counts, visible, known, held):
    found = FakeFound(counts)
    assert report.withheld(found, KEY, teams=set(counts), visible=visible, known=known) == held


READERS = [
    # (teams whose rows they may open, teams they know person by person)
    ({1, 2, 3}, set()),  # an evaluator or organisation admin
    ({1}, {1}),  # a team lead of team 1
    ({1, 2}, {1, 2}),  # a lead in two teams
    ({1, 2, 3}, {1}),  # an evaluator who also works in team 1
]


@pytest.mark.parametrize(("visible", "known"), READERS)
def test_the_held_back_rows_together_never_single_out_a_small_group(visible, known):
    """Whatever the teams' sizes, and whoever reads, the organisation's row minus everything the
    reader sees or knows is nobody or at least 5 people (or the organisation's row is held)."""
    import itertools

    for sizes in itertools.product([0, 1, 2, 4, 5, 6, 9], repeat=3):
        counts = dict(zip((1, 2, 3), sizes, strict=True))
        found = FakeFound(counts)
        held = report.withheld(found, KEY, teams={1, 2, 3}, visible=visible, known=known)
        seen = {t for t in visible if counts[t] >= 5 and t not in held}
        hidden = sum(n for t, n in counts.items() if t not in seen | known)
        assert report.ORGANISATION in held or hidden == 0 or hidden >= 5, (counts, held)
        assert not held & known, "their own teams are never held back"


def test_an_evaluator_cannot_subtract_a_team_from_the_organisation(sign_in, cast):
    _fill(cast.team, 6)
    _fill(cast.other_team, 3, name="Quentin")
    client = sign_in(cast.evaluator)
    assert WITHHELD in _row_text(client, f"team-{cast.team.pk}")
    whole = _row_text(client, f"organisation-{cast.organisation.pk}")
    assert WITHHELD not in whole
    assert ">9<" in whole.replace(" ", "")
    assert "Too few people to say" in _row_text(client, f"team-{cast.other_team.pk}")
    # The count of people follows the same rule: the whole shows 9, the small team "fewer than
    # 5", and the bigger team's count is held back (9 minus it would give the small team's).
    assert _people_line(client, f"organisation-{cast.organisation.pk}") == "9"
    assert _people_line(client, f"team-{cast.other_team.pk}") == "fewer than 5"
    assert "not shown" in _people_line(client, f"team-{cast.team.pk}")


def _people_line(client, scope):
    html = client.get(URL, {"scope": scope}).content.decode()
    return re.search(r"People with a baseline and a follow-up: ([^.]*)\.", html).group(1)


def test_a_team_lead_cannot_subtract_their_team_from_the_organisation(sign_in, cast):
    _fill(cast.team, 6)
    _fill(cast.other_team, 2, name="Quentin")
    client = sign_in(cast.team_lead)
    assert WITHHELD in _row_text(client, f"organisation-{cast.organisation.pk}")
    # Nor count the people of the other team by taking theirs from the whole.
    assert _people_line(client, f"organisation-{cast.organisation.pk}") == (
        "not shown, so that a few people elsewhere cannot be counted"
    )
    own = _row_text(client, f"team-{cast.team.pk}")
    assert WITHHELD not in own
    assert "Too few people to say" not in own


def test_with_enough_people_everywhere_nothing_is_held_back(sign_in, cast):
    _fill(cast.team, 6)
    _fill(cast.other_team, 5, name="Quentin")
    for who in (cast.evaluator, cast.team_lead, cast.org_admin):
        client = sign_in(who)
        assert WITHHELD not in _row_text(client, f"organisation-{cast.organisation.pk}")
    assert WITHHELD not in _row_text(sign_in(cast.evaluator), f"team-{cast.team.pk}")


def test_another_organisation_does_not_count(sign_in, cast):
    _fill(cast.team, 6)
    _fill(cast.elsewhere_team, 2, name="Ursula")
    _fill(TeamFactory(organisation=cast.elsewhere_team.organisation), 7, name="Violet")
    client = sign_in(cast.evaluator)
    assert WITHHELD not in _row_text(client, f"team-{cast.team.pk}")


def test_evaluators_do_not_count_people_who_asked_to_be_left_out_of_research(sign_in, cast):
    _fill(cast.team, 5)
    _fill(cast.team, 1, name="Olive", research_opt_out=True)
    evaluator = _row_text(sign_in(cast.evaluator), f"team-{cast.team.pk}")
    assert ">5<" in evaluator.replace(" ", "")
    staff = _row_text(sign_in(cast.practitioner), f"team-{cast.team.pk}")
    assert ">6<" in staff.replace(" ", "")
    assert report.change_report({cast.team.pk}, research_only=True).rows[0].n == 5
    assert report.change_report({cast.team.pk}).rows[0].n == 6


@pytest.mark.parametrize("who", ["team_lead", "org_admin"])
def test_leads_and_admins_see_beyond_their_team_for_all_time_only(sign_in, cast, who):
    _fill(cast.team, 6)
    _fill(cast.other_team, 5, name="Quentin")
    client = sign_in(getattr(cast, who))
    since = days_ago(-400).strftime("%d/%m/%Y")  # after every baseline
    html = client.get(
        URL, {"scope": f"organisation-{cast.organisation.pk}", "since": since}
    ).content.decode()
    assert "People with a baseline and a follow-up: 11." in html
    assert "covers everyone whatever the dates" in html


def test_evaluators_and_staff_in_their_own_team_still_choose_a_period(sign_in, cast):
    _fill(cast.team, 6)
    since = days_ago(100).strftime("%d/%m/%Y")  # after every baseline (150 days ago)
    for who in (cast.evaluator, cast.team_lead):
        html = sign_in(who).get(URL, {"scope": f"team-{cast.team.pk}", "since": since})
        text = html.content.decode()
        assert "covers everyone whatever the dates" not in text
        counted = "and a follow-up: 0." if who == cast.evaluator else "0 people have a baseline"
        assert counted in text
