"""Questionnaires in a real browser: a demo practitioner opens a demo person's questionnaires
from their page, takes ONS4 with every question on one page and UCLA-3 one question per screen
(going back a question on the way), and sees the scores in words. The questionnaires page, a
question page and a result page are checked with axe-core and must fit a 320 px screen."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import open_section, serious_accessibility_problems, sign_in

PERSON = "Tomasz"  # on Sam's team; no other browser test takes his questionnaires


def _checked(page):
    problems = serious_accessibility_problems(page)
    assert problems == [], f"{page.url}: {problems}"
    page.set_viewport_size({"width": 320, "height": 800})
    too_wide = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.set_viewport_size({"width": 1024, "height": 800})
    assert too_wide <= 0, f"{page.url} scrolls sideways by {too_wide}px at 320px wide"


def _start(page, title, layout):
    page.get_by_role("link", name="Start a questionnaire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a questionnaire")
    page.get_by_label(title, exact=True).check()
    page.get_by_label("The person with their worker").check()
    page.get_by_label(layout).check()
    page.get_by_role("button", name="Start", exact=True).click()


def _answer(page, question, answer):
    group = page.get_by_role("group", name=re.compile(question))
    group.get_by_label(answer, exact=True).check()


def test_taking_ons4_and_ucla3_and_seeing_the_scores(page):
    sign_in(page, "sam@riverside.example")
    page.goto("/people/?view=team&status=all")
    page.get_by_role("link", name=PERSON, exact=True).click()
    open_section(page, "review")
    panel = page.locator("#questionnaires")
    expect(panel).to_contain_text("Questionnaires")
    panel.get_by_role("link", name="See questionnaires").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Questionnaires")
    expect(page.locator("#due")).to_contain_text("Personal wellbeing")
    _checked(page)

    # ONS4, every question on one page.
    _start(page, "Personal wellbeing", "All the questions on one page")
    expect(page.get_by_role("heading", level=1)).to_have_text("Personal wellbeing")
    expect(page.get_by_text("Office for National Statistics").first).to_be_attached()
    _checked(page)
    _answer(page, "satisfied are you with your life", "7")
    _answer(page, "things you do in your life are worthwhile", "9")
    _answer(page, "how happy did you feel yesterday", "5")
    _answer(page, "how anxious did you feel yesterday", "1")
    page.get_by_role("button", name="Finish and see the scores").click()
    expect(page.get_by_text("Finished. The scores are worked out and saved.")).to_be_visible()
    satisfied = page.locator("#score-satisfied")
    expect(satisfied).to_contain_text("7 out of 10")
    expect(satisfied).to_contain_text("High")
    expect(page.locator("#score-anxious")).to_contain_text("Very low")
    expect(page.locator("#score-happy")).to_contain_text("Medium")
    _checked(page)

    # UCLA-3, one question per screen, going back once.
    page.get_by_role("link", name="Back to questionnaires").first.click()
    _start(page, "Loneliness (three questions)", "One question per screen")
    expect(page.get_by_text("Question 1 of 3")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How often do you feel that you lack companionship?"
    )
    _checked(page)
    page.get_by_label("Some of the time").check()
    page.get_by_role("button", name="Next", exact=True).click()
    expect(page.get_by_text("Question 2 of 3")).to_be_visible()
    page.get_by_label("Hardly ever or never").check()
    page.get_by_role("button", name="Next", exact=True).click()
    expect(page.get_by_text("Question 3 of 3")).to_be_visible()
    page.get_by_role("button", name="Back", exact=True).click()
    expect(page.get_by_text("Question 2 of 3")).to_be_visible()
    expect(page.get_by_label("Hardly ever or never")).to_be_checked()
    page.get_by_role("button", name="Next", exact=True).click()
    page.get_by_label("Often", exact=True).check()
    page.get_by_role("button", name="Next: check the answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the answers")
    expect(page.get_by_text("3 of 3 questions answered.")).to_be_visible()
    page.get_by_role("button", name="Finish and see the scores").click()
    expect(page.locator("#score-total")).to_contain_text("6, on a scale from 3 to 9")
    expect(page.locator("#score-total")).to_contain_text("lonely more often")

    # Both are listed with their scores in words.
    page.get_by_role("link", name="Back to questionnaires").first.click()
    done = page.locator("#done")
    expect(done).to_contain_text("Life satisfaction: 7 out of 10 — high")
    expect(done).to_contain_text("Loneliness score: 6, on a scale from 3 to 9")
