# ruff: noqa: E501 (the team's words read best one to a line)
"""What each demo team knows about the directory: the entries it uses, with notes, named
contacts, when each was last checked (some overdue, so the to-check queue has work in it), who on
the team knows it, what people who tried it said, and the team's own community connectors.

Written with bulk inserts from the seeded random the directory build passes in. Notes and what
people said never name anyone; contacts and connectors are fictional first names.
"""

from __future__ import annotations

import datetime as dt
import random

from connecting_people.accounts.models import User
from connecting_people.core.models import Team, TeamMembership
from connecting_people.demo.directory_places import AREAS
from connecting_people.directory.models import (
    CommunityConnector,
    Feedback,
    Service,
    ServiceKnower,
    TeamService,
)
from connecting_people.taxonomy.models import InterestCategory

# Entries each team is sure to have, because its people's stories mention them.
MUST: dict[str, tuple[str, ...]] = {
    "cmht": (
        "riverside-library/drawing-group", "riverside-library/tuesday-book-club",
        "harriers/harriers-tuesday", "harriers/saturday-5k", "chess-club/chess-park",
        "food-bank/food-bank-volunteering", "wellbeing-trust/hearing-voices",
        "wellbeing-trust/recovery-college", "community-transport/dial-a-ride",
        "repair-cafe/repair-cafe-monthly", "mill-street-cafe/cafe-knit",
    ),
    "housing": (
        "brook-lane-garden/garden-saturday", "council-communities/wednesday-tea-dance",
        "board-game-cafe/games-thursday", "new-life/gospel-choir",
        "riverside-library/tuesday-book-club", "riverside-library/tablet-loans",
        "digital-riverside/device-bank", "advice-centre/advice-drop-in",
    ),
}  # fmt: skip

NOTES = (
    "Really friendly welcome. The organiser is happy for one of us to come along the first time.",
    "Quieter in the first half hour: good for people who find crowds hard.",
    "Ring ahead: numbers are limited and it fills up in winter.",
    "Step-free, but the nearest toilet is up a flight of stairs.",
    "Good for people who would rather do something than talk.",
    "Tea and biscuits included. Regulars are mostly over 60 and very kind.",
    "They can meet people at the bus stop if you ring the day before.",
    "Busy and noisy at the start; it settles down after the first activity.",
    "Lots of people come on their own, so nobody stands out.",
    "The leader is brilliant with people who are anxious. Mention it when you ring.",
    "The room is up two flights of stairs with no lift.",
    "Free taster session first, then they ask for the fee.",
    "People who've been say the second visit is much easier than the first.",
    "Men and women both go, but mostly women on weekday mornings.",
    "Some regulars have their own mental health experience and talk openly about it.",
    "Good follow-on for people who have finished the recovery college courses.",
    "Parking is hard; the bus is easier.",
    "They lend equipment, so nobody needs to buy anything to try it.",
    "Can feel cliquey at first; it helps to arrive with someone.",
    "Quiet in school holidays; the term-time sessions are livelier.",
)
CONTACT_ROLES = (
    "runs the group",
    "volunteer coordinator",
    "organiser",
    "on reception",
    "activities lead",
    "the Tuesday volunteer",
)
KNOWS_HOW = (
    "Knows the organiser well",
    "Has been along with someone",
    "Went to their open day",
    "Used to volunteer there",
    "Did the taster session",
    "Met them at the wellbeing fair",
    "Goes there themselves",
    "Visited to check it out for the team",
)
FEEDBACK = (
    ("went_well", True, "Really welcoming. They've been every week since."),
    ("went_well", True, "Loved it and has made a friend there."),
    ("went_well", False, "Enjoyed it, but the time clashes with work now."),
    ("went_well", True, "Said it was the best part of the week."),
    ("mixed", False, "Liked the activity, found the room too noisy."),
    ("mixed", True, "Nervous the first time; much better the second."),
    ("mixed", False, "Good people, but the bus there is a struggle."),
    ("not_for_them", False, "Too many people at once; might try the quieter session."),
    ("not_for_them", False, "Felt everyone already knew each other."),
    ("went_well", True, "Now helps set up the chairs each week."),
)

# (kind, name, offers, interest slugs, area, where, when, go along, free, how to reach)
CONNECTORS: dict[str, tuple[tuple[str, str, str, tuple[str, ...], str, str, str, bool, bool, str], ...]] = {
    "cmht": (
        ("person", "Maureen (Tuesday walks)", "Leads a gentle walk round the lake every Tuesday. Happy to meet someone at the gates the first time and walk beside them.", ("nature-and-gardening", "sport-and-movement"), "centre", "Victoria Park gates", "Tuesdays, 10am", True, True, "Through the park café staff, or 01632 960901"),
        ("group", "Knitters at the Mill Street café", "A few neighbours knit in the corner on Thursday afternoons. Anyone can sit in, with or without needles.", ("arts-and-crafts", "social-groups"), "centre", "The Mill Street Café, back room", "Thursday afternoons", False, True, "Ask at the café counter"),
        ("person", "Des (allotment, plot 14)", "Has more allotment than he can manage and likes the company. Would teach someone to grow vegetables from scratch.", ("nature-and-gardening", "food-and-cooking"), "brookfield", "Brook Lane allotments, plot 14", "Most mornings in summer", True, True, "01632 960902 (mornings)"),
        ("person", "Ruth (befriending volunteer)", "A retired teacher who will go along to a first session with someone and stay as long as they want her to.", ("social-groups", "volunteering"), "centre", "Anywhere in town", "Weekdays, by arrangement", True, True, "Email ruth.befriends@example.org"),
        ("group", "Saturday chess at the stone tables", "A handful of regulars play at the stone tables from about 11 most Saturdays, with spare boards in a bag.", ("social-groups", "learning"), "centre", "Victoria Park, by the bandstand", "Saturdays from 11am, dry days", False, True, "Just turn up"),
        ("person", "Tariq (five-a-side)", "Organises a friendly kickabout in the Kingsmead cages and is always short of players. Very patient with beginners.", ("sport-and-movement", "social-groups"), "kingsmead", "Kingsmead Playing Fields, the cages", "Wednesday evenings", True, True, "01632 960903 (text is best)"),
        ("group", "Reservoir dog walkers", "A loose group who meet at the reservoir car park around 8am. They chat, the dogs play, some go for breakfast after.", ("animals", "nature-and-gardening"), "millbrook", "Millbrook Reservoir car park", "Most mornings around 8am", False, True, "Just turn up with a dog"),
        ("person", "Bev (Sunday tea urn)", "Runs the tea urn after the Sunday service at St Anne's and is very good at introducing people to each other.", ("faith-and-belief", "social-groups"), "centre", "St Anne's church hall", "Sundays after 11am", True, True, "Through the church office"),
        ("group", "Thursday night quiz team", "A friendly quiz team at the Bridge Inn that is always a member short. Soft drinks are fine; nobody minds wrong answers.", ("social-groups",), "centre", "The Bridge Inn, Bridge Street", "Thursdays, 8pm", False, False, "Ask behind the bar for the Rovers team"),
    ),
    "housing": (
        ("group", "Brookfield litter pickers", "A monthly litter pick round the estate. Grabbers, gloves and bags provided, and a brew at the community centre after.", ("volunteering", "nature-and-gardening"), "brookfield", "Brookfield Community Centre car park", "First Saturday of the month, 10am", False, True, "Notice in the community centre"),
        ("person", "Winston (DIY help)", "A retired joiner who helps new tenants put up shelves and curtain rails, and will teach them how if they'd like.", ("work-and-training", "arts-and-crafts"), "brookfield", "At your home", "Weekdays, by arrangement", True, True, "01632 960911"),
        ("person", "Agnieszka (Polish-speaking neighbour)", "Happy to go along with Polish speakers the first time they go to the library, a group or the GP.", ("social-groups", "learning"), "ashgrove", "Anywhere in town", "Evenings and weekends", True, True, "01632 960912"),
        ("person", "Stan (tea dance regular)", "Goes to the Wednesday tea dance every week and loves showing newcomers the steps. Saves seats at his table.", ("music", "sport-and-movement", "social-groups"), "centre", "Riverside Town Hall ballroom", "Wednesday afternoons", True, True, "Through the tea dance organisers"),
        ("person", "Helen (library book club)", "A regular at the Tuesday book club who will save a seat and lend a copy of the book to anyone new.", ("reading-and-writing", "social-groups"), "centre", "Riverside Library", "Tuesday afternoons", True, True, "Leave a message at the library desk"),
        ("group", "Fieldside parents' walk", "Parents and carers who walk the pushchairs round the park after school drop-off, then have a coffee.", ("social-groups", "sport-and-movement"), "brookfield", "Fieldside school gates", "Weekdays, 9am", False, True, "Just join in at the gates"),
        ("group", "Orchard Way front-garden growers", "Neighbours who swap cuttings and help each other with front gardens. Good for tenants with a garden they don't know what to do with.", ("nature-and-gardening",), "brookfield", "Orchard Way", "Weekends in spring and summer", True, True, "Knock at number 12"),
        ("person", "Gloria (choir)", "Sings with the gospel choir and will bring a friend along to a Friday rehearsal and sit with them.", ("music", "faith-and-belief"), "brookfield", "New Life Centre", "Friday evenings", True, True, "Through the church office"),
    ),
}  # fmt: skip


def teams_build(
    *, teams: dict[str, Team], services: dict[str, Service], rng: random.Random, today: dt.date
) -> tuple[int, int]:
    """Give each team its entries (with knowers and what people said) and its connectors."""
    entries = connectors = 0
    for key in sorted(teams):
        team = teams[key]
        members = [
            m.user
            for m in TeamMembership.objects.filter(team=team)
            .select_related("user")
            .order_by("user__email")
        ]
        if not members:
            continue
        entries += _entries(team, key, members, services, rng, today)
        connectors += _connectors(team, key, members, rng, today)
    return entries, connectors


def _entries(
    team: Team,
    key: str,
    members: list[User],
    services: dict[str, Service],
    rng: random.Random,
    today: dt.date,
) -> int:
    must = [k for k in MUST.get(key, ()) if k in services]
    rest = [k for k in services if k not in must]
    chosen = must + rng.sample(rest, k=min(len(rest), rng.randint(95, 135) - len(must)))
    rows = [_entry(team, services[k], members, rng, today) for k in sorted(chosen)]
    TeamService.objects.bulk_create(rows)
    knowers, feedback = [], []
    for entry in rows:
        if rng.random() < 0.45:
            for user in rng.sample(members, k=min(len(members), rng.choice((1, 1, 2)))):
                knowers.append(
                    ServiceKnower(
                        entry=entry,
                        user=user,
                        how=rng.choice(KNOWS_HOW),
                        can_go_along=rng.random() < 0.3,
                    )
                )
        if rng.random() < 0.3:
            for rating, kept_going, note in rng.sample(FEEDBACK, k=rng.randint(1, 3)):
                feedback.append(
                    Feedback(
                        entry=entry, rating=rating, kept_going=kept_going, note=note,
                        recorded_on=today - dt.timedelta(days=rng.randint(3, 360)),
                        recorded_by=rng.choice(members),
                    )
                )  # fmt: skip
    ServiceKnower.objects.bulk_create(knowers)
    Feedback.objects.bulk_create(feedback)
    return len(rows)


def _last_checked(rng: random.Random, today: dt.date) -> dt.date | None:
    """Most checked lately, some overdue, a few never: the to-check queue always has work."""
    roll = rng.random()
    if roll < 0.08:
        return None
    if roll < 0.3:
        return today - dt.timedelta(days=rng.randint(200, 420))
    return today - dt.timedelta(days=rng.randint(0, 170))


def _entry(
    team: Team, service: Service, members: list[User], rng: random.Random, today: dt.date
) -> TeamService:
    checked = _last_checked(rng, today)
    entry = TeamService(
        team=team,
        service=service,
        notes=rng.choice(NOTES) if rng.random() < 0.6 else "",
        last_checked_on=checked,
        last_checked_by=rng.choice(members) if checked else None,
        check_every_months=rng.choice((6, 6, 6, 6, 3, 12)),
        added_by=rng.choice(members),
    )
    if rng.random() < 0.5:
        first = rng.choice(
            ("Lorna", "Dev", "Kofi", "Helen", "Bashir", "Megan", "Tom", "Carys", "Femi", "Joan")
        )
        entry.contact_name = f"{first} ({rng.choice(CONTACT_ROLES)})"
        entry.contact_how = (
            f"01632 960{rng.randint(500, 899)}"
            if rng.random() < 0.6
            else f"{first.lower()}@example.org"
        )
    entry.set_check_due()  # what save() does; bulk_create does not call save()
    return entry


def _connectors(
    team: Team, key: str, members: list[User], rng: random.Random, today: dt.date
) -> int:
    categories = {c.slug: c for c in InterestCategory.objects.all()}
    stories = CONNECTORS.get(key) or CONNECTORS["cmht"]
    rows = []
    for kind, name, offers, _slugs, area_key, where, when, go_along, free, reach in stories:
        area = AREAS[area_key]
        checked = _last_checked(rng, today)
        connector = CommunityConnector(
            team=team, kind=kind, name=name, offers=offers, where=where, when=when,
            latitude=round(area.latitude + rng.uniform(-0.008, 0.008), 5),
            longitude=round(area.longitude + rng.uniform(-0.012, 0.012), 5),
            how_to_reach=reach, can_go_along=go_along, is_free=free,
            known_by=rng.choice(members), last_checked_on=checked,
            last_checked_by=rng.choice(members) if checked else None,
        )  # fmt: skip
        connector.set_check_due()  # what save() does; bulk_create does not call save()
        rows.append(connector)
    CommunityConnector.objects.bulk_create(rows)
    through = CommunityConnector.interests.through
    through.objects.bulk_create(
        through(communityconnector_id=connector.pk, interestcategory_id=categories[slug].pk)
        for connector, story in zip(rows, stories, strict=True)
        for slug in story[3]
        if slug in categories
    )
    return len(rows)
