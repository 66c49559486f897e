"""A baseline and a 3-month follow-up in a real browser, end to end: a demo practitioner takes
ONS4 and UCLA-3 for a demo person who has none yet, dated about 3 months ago, then both again
today with clearly better answers; the person's change page shows the charts (SVG with a text
alternative, and a table) and says in words which way things went; the team report counts the
new pair. Both pages are checked with axe-core.

The browser tests share one served database for the whole session, so this test adds a person
of its own, through the screens, who started with the team 100 days ago (a questionnaire cannot
be dated before someone's start); test_outcomes.py takes Tomasz's."""

import datetime as dt
import re

from playwright.sync_api import expect

from tests.browser.conftest import open_section, serious_accessibility_problems, sign_in

PERSON = "Wren"  # added by the test, started STARTED_DAYS_AGO
STARTED_DAYS_AGO = 100
BASELINE_DAYS_AGO = 95
TOO_FEW = 5  # outcomes.stats.TOO_FEW: fewer people and the report says "too few people to say"

WELLBEING = {
    "satisfied are you with your life": ("3", "8"),
    "things you do in your life are worthwhile": ("4", "8"),
    "how happy did you feel yesterday": ("3", "7"),
    "how anxious did you feel yesterday": ("7", "2"),
}
LONELINESS = {
    "lack companionship": ("Often", "Hardly ever or never"),
    "feel left out": ("Often", "Some of the time"),
    "isolated from others": ("Some of the time", "Hardly ever or never"),
}  # totals: 3 + 3 + 2 = 8 at baseline, 1 + 2 + 1 = 4 now


def _no_serious_problems(page):
    problems = serious_accessibility_problems(page)
    assert problems == [], f"{page.url}: {problems}"


def _long(day: dt.date) -> str:
    """As the pages write a date: "23 August 2026"."""
    return f"{day.day} {day:%B %Y}"


def _month(day: dt.date, latest: dt.date) -> str:
    """As outcomes.change.when names an earlier month: "August", or "August 2025"."""
    return f"{day:%B}" if day.year == latest.year else f"{day:%B %Y}"


def _server_today(page) -> dt.date:
    """Today as the server sees it: the start form's date field is filled with it."""
    page.get_by_role("link", name="Start a questionnaire").click()
    shown = page.get_by_label("Date it was taken").input_value()
    page.go_back()
    return dt.datetime.strptime(shown, "%d/%m/%Y").date()


def _take(page, title: str, day: dt.date, answers: dict[str, str]) -> None:
    """From the questionnaires page: start `title` dated `day`, answer on one page, finish."""
    page.get_by_role("link", name="Start a questionnaire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a questionnaire")
    page.get_by_label(title, exact=True).check()
    page.get_by_label("The person with their worker").check()
    page.get_by_label("Date it was taken").fill(day.strftime("%d/%m/%Y"))
    page.get_by_label("All the questions on one page").check()
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    for question, answer in answers.items():
        group = page.get_by_role("group", name=re.compile(question))
        group.get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Finish and see the scores").click()
    expect(page.get_by_text("Finished. The scores are worked out and saved.")).to_be_visible()
    page.get_by_role("link", name="Back to questionnaires").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Questionnaires")


def _count(text: str) -> int | None:
    """A count as the report shows it; None for "fewer than 5", which it shows for 1 to 4 so
    that "too few people to say" is never beside the exact count."""
    if re.match(r"\s*fewer than", text, re.IGNORECASE):
        return None
    return int(re.match(r"\s*(\d+)", text).group(1))


def _report_for_baselines_on(page, day: dt.date) -> tuple[int | None, int | None]:
    """The team report for baselines taken on `day`: (people counted, people in the life
    satisfaction row), each None when the report says "fewer than 5"."""
    page.goto("/people/measures/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Change since the start")
    page.get_by_label("Baseline taken from").fill(day.strftime("%d/%m/%Y"))
    page.get_by_label("Baseline taken up to").fill(day.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Show").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("a baseline and a follow-up")
    people = _count(status.inner_text())
    row = page.locator("#group-0").get_by_role("row", name=re.compile("^Life satisfaction"))
    in_row = _count(row.get_by_role("cell").first.inner_text())
    return people, in_row


def test_baseline_and_three_months_on_then_the_change_and_the_team_report(page):
    sign_in(page, "sam@riverside.example")
    page.get_by_role("link", name="Add someone").click()
    started = page.get_by_label("Date started")
    today = dt.datetime.strptime(started.input_value(), "%d/%m/%Y").date()  # the server's today
    page.get_by_label("Preferred name").fill(PERSON)
    page.get_by_label("What matters to me").fill("Feeling less on my own.")
    started.fill((today - dt.timedelta(days=STARTED_DAYS_AGO)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Add to the caseload", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PERSON)
    person_url = page.url
    open_section(page, "review")
    page.locator("#questionnaires").get_by_role("link", name="See questionnaires").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Questionnaires")
    expect(page.get_by_role("link", name=re.compile("^See how things have changed"))).to_have_count(
        0
    )  # nothing taken yet: a clean start, whatever other tests did
    questionnaires_url = page.url

    assert _server_today(page) == today
    baseline = today - dt.timedelta(days=BASELINE_DAYS_AGO)
    before_people, before_in_row = _report_for_baselines_on(page, baseline)

    # Baseline, about 3 months ago, then the follow-up today with better answers.
    page.goto(questionnaires_url)
    _take(page, "Personal wellbeing", baseline, {q: a[0] for q, a in WELLBEING.items()})
    _take(page, "Loneliness (three questions)", baseline, {q: a[0] for q, a in LONELINESS.items()})
    _take(page, "Personal wellbeing", today, {q: a[1] for q, a in WELLBEING.items()})
    _take(page, "Loneliness (three questions)", today, {q: a[1] for q, a in LONELINESS.items()})
    done = page.locator("#done")
    expect(done).to_contain_text("Life satisfaction: 8 out of 10 — high")
    expect(done).to_contain_text("Loneliness score: 4, on a scale from 3 to 9")

    # The change page, from the person's page.
    page.goto(person_url)
    open_section(page, "review")
    page.locator("#questionnaires").get_by_role("link", name="See how things have changed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How things have changed")
    month = _month(baseline, today)

    wellbeing = page.locator("#change-ons4")
    satisfaction = wellbeing.get_by_role("img", name=re.compile("^Life satisfaction"))
    expect(satisfaction).to_be_visible()
    expect(satisfaction).to_have_accessible_name(
        re.compile(f"3 on {_long(baseline)}; 8 on {_long(today)}")
    )
    expect(satisfaction.locator("rect").first).to_be_attached()  # the bands
    anxiety = wellbeing.get_by_role("img", name=re.compile(r"^Anxiety yesterday \(lower is"))
    expect(anxiety).to_have_accessible_name(re.compile(f"7 on {_long(baseline)}; 2 on"))
    words = wellbeing.locator(".cp-change__words")
    expect(words).to_contain_text(
        f"Your life satisfaction score went from 3 (low) to 8 (high) since {month}: "
        "a change for the better."
    )
    expect(words).to_contain_text(
        f"Your anxiety score went from 7 (high) to 2 (low) since {month}: "
        "a change for the better. For anxiety, lower is better."
    )
    table = wellbeing.get_by_role("table")
    expect(table).to_contain_text("Date taken")
    expect(table.get_by_role("row", name=re.compile(_long(baseline)))).to_contain_text("3")
    expect(table.get_by_role("row", name=re.compile(_long(today)))).to_contain_text("8")

    loneliness = page.locator("#change-ucla3")
    expect(loneliness.get_by_role("img").first).to_have_accessible_name(
        re.compile(f"8 on {_long(baseline)}; 4 on {_long(today)}")
    )
    lonely_words = loneliness.locator(".cp-change__words")
    expect(lonely_words).to_contain_text(f"You said you felt left out less often than in {month}.")
    expect(lonely_words).to_contain_text(
        f"You said you felt you lacked companionship less often than in {month}."
    )
    expect(lonely_words).to_contain_text(
        f"Your loneliness score went from 8 to 4 since {month}: a change for the better."
    )
    expect(loneliness.get_by_role("table")).to_contain_text(_long(baseline))
    _no_serious_problems(page)

    # The team report counts the new pair among those whose baseline was that day.
    after_people, after_in_row = _report_for_baselines_on(page, baseline)
    for before, after in ((before_people, after_people), (before_in_row, after_in_row)):
        if after is None:  # 1 to 4 now: from 0, or from "fewer than 5"
            assert before in (None, 0)
        elif before is None:  # from 4 to 5
            assert after == TOO_FEW
        else:
            assert after == before + 1
    wellbeing_report = page.locator("#group-0")
    expect(wellbeing_report.get_by_role("heading", level=2)).to_have_text("Personal wellbeing")
    expect(wellbeing_report.get_by_role("table")).to_contain_text("95% confidence interval")
    expect(
        wellbeing_report.get_by_role("img", name=re.compile("mean change from baseline"))
    ).to_be_visible()
    row = wellbeing_report.get_by_role("row", name=re.compile("^Life satisfaction"))
    if after_in_row is None:
        expect(row).to_contain_text("Too few people to say")
    else:
        expect(row).to_contain_text(re.compile(r"\d+\.\d\d to [+\u2212]?\d"))
    _no_serious_problems(page)
