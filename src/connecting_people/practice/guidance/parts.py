"""The parts of the model diagram and the guidance behind each, in our own words.

Each part names the screens that support it by URL name; a screen that is not in this version of
the app (its name does not resolve) is simply left out, so guidance never links to nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Screen:
    label: Promise
    url_name: str
    query: str = ""

    @property
    def url(self) -> str:
        """The screen's address, or '' when this version of the app does not have it."""
        try:
            return reverse(self.url_name) + self.query
        except NoReverseMatch:
            return ""


@dataclass(frozen=True)
class Part:
    slug: str
    title: Promise
    summary: Promise
    guidance: tuple[Promise, ...]
    question: Promise
    screens: tuple[Screen, ...]

    @property
    def links(self) -> list[tuple[Promise, str]]:
        return [(s.label, s.url) for s in self.screens if s.url]


CASELOAD = Screen(_("Your people: open someone's page"), "practice:caseload", "?view=mine")
DIRECTORY = Screen(_("The community directory"), "directory:browse")
REFLECTION = Screen(_("The team's practice reflection"), "reflection:overview")

PARTS: tuple[Part, ...] = (
    Part(
        slug="person",
        title=_("The person"),
        summary=_("Their hopes, interests and strengths lead the way."),
        guidance=(
            _(
                "Start from what the person enjoys, is good at or has always wanted to try, and "
                "from the people already in their life. Their goals go down in their own words."
            ),
            _(
                "The person takes on steps themselves, not only the worker. They can see their "
                "plan and what is written about them, and add to it."
            ),
        ),
        question=_(
            "How do you see the person you work with: their strengths and interests, not only "
            "their problems?"
        ),
        screens=(CASELOAD,),
    ),
    Part(
        slug="worker",
        title=_("The worker"),
        summary=_("Encouragement, fresh ideas and knowledge of what goes on locally."),
        guidance=(
            _(
                "The worker brings ideas, contacts and company for the first visit. Knowing the "
                "area well is part of the job: the groups, the places, the people who run them."
            ),
            _(
                "Share what you find with the team, and keep it fresh: a group that has moved or "
                "stopped is a bad first experience for someone."
            ),
        ),
        question=_(
            "What do you know about groups, places and people in the area, and how do you keep "
            "that knowledge fresh?"
        ),
        screens=(
            DIRECTORY,
            Screen(_("Community connectors the team knows"), "directory:connectors"),
            Screen(_("Directory entries to check again"), "directory:to_check"),
        ),
    ),
    Part(
        slug="agency",
        title=_("Agency support"),
        summary=_("Time, backing and a team that shares what it knows."),
        guidance=(
            _(
                "Workers need time to go out with people, and the freedom to be flexible about "
                "where and when they meet. Managers make that possible."
            ),
            _(
                "A team that talks about its practice keeps it going. Take the practice "
                "reflection together each quarter and look at what the records show beside it."
            ),
        ),
        question=_("How does your agency link with its local community, and how could it do more?"),
        screens=(
            Screen(_("The team page"), "team:page"),
            REFLECTION,
            Screen(_("The team's practice indicators"), "indicators:team"),
        ),
    ),
    Part(
        slug="equality",
        title=_("Equality"),
        summary=_("Working side by side, with trust and respect both ways."),
        guidance=(
            _(
                "The worker and the person meet as equals. Decisions and tasks are shared, and "
                "the aim is that the two rely on each other rather than the person depending on "
                "the worker."
            ),
            _("Record whose idea a goal was and that you both agreed it."),
        ),
        question=_(
            "Where are the edges of your role, and how do you keep them while staying warm and "
            "flexible?"
        ),
        screens=(CASELOAD,),
    ),
    Part(
        slug="person-centred",
        title=_("Person-centred"),
        summary=_("Everything starts from what the person wants."),
        guidance=(
            _(
                "Begin with what the person wants, not with what the service usually offers. "
                "Break each goal into small steps with a date, so progress is easy to see and "
                "nobody feels swamped."
            ),
        ),
        question=_("Where can you make the most difference for this person right now?"),
        screens=(CASELOAD,),
    ),
    Part(
        slug="attitudinal-barriers",
        title=_("Attitudinal barriers"),
        summary=_("Confidence, self-stigma, trying new things, stigma from others."),
        guidance=(
            _(
                "Some barriers are about how people think and feel: low confidence, not wanting "
                "to try new things, taking on other people's poor view of them, or meeting that "
                "view in others."
            ),
            _(
                "Name them together and make a plan for each. Small first steps, going along "
                "the first time, or a smaller group can make the difference."
            ),
        ),
        question=_("How can you help the person get past what is holding them back?"),
        screens=(CASELOAD,),
    ),
    Part(
        slug="contextual-barriers",
        title=_("Contextual barriers"),
        summary=_("Time, money, distance, other relationships and physical health."),
        guidance=(
            _(
                "Other barriers are about circumstances, and they hold workers back as well as "
                "the person: not enough time or money, distance and transport, other "
                "relationships, physical health."
            ),
            _(
                "Ideas to try take these into account: cost, distance, timing and group size. "
                "Record what gets in the way, so suggestions respect it."
            ),
        ),
        question=_("What stops you or your team working this way, and what could change it?"),
        screens=(CASELOAD, DIRECTORY),
    ),
    Part(
        slug="new-connections",
        title=_("New connections"),
        summary=_("They can start at any point, often through doing things."),
        guidance=(
            _(
                "Nobody can arrange a friendship for someone else. New connections tend to grow "
                "out of activities the person enjoys, is good at or wants to learn."
            ),
            _(
                "Draw the person's network map together, and look at it again at each review, "
                "so you can both see what has changed. Connections inside and outside services "
                "both count."
            ),
        ),
        question=_("How could you introduce someone to a person or group they do not know yet?"),
        screens=(
            Screen(_("How connections are changing across the team"), "network:team"),
            DIRECTORY,
        ),
    ),
)

BY_SLUG = {part.slug: part for part in PARTS}
