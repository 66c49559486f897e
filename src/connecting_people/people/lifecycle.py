"""The steps of a person's journey offered on their page (the service enforces the same rules)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from connecting_people.people.models import Person, Status

# The lifecycle actions offered on the person's page: URL word → (status, page heading).
STATUS_ACTIONS = {
    "start": (Status.ACTIVE, gettext_lazy("Start working together")),
    "moving-on": (Status.MOVING_ON, gettext_lazy("Start moving on")),
    "move-on": (Status.MOVED_ON, gettext_lazy("Record that they have moved on")),
    "return": (Status.ACTIVE, gettext_lazy("Welcome them back")),
    "carry-on": (Status.ACTIVE, gettext_lazy("Carry on working together")),
}


# Which of those actions fit each status.
ACTIONS_FROM: dict[str, list[str]] = {
    Status.REFERRED: ["start", "move-on"],
    Status.ACTIVE: ["moving-on", "move-on"],
    Status.MOVING_ON: ["carry-on", "move-on"],
    Status.MOVED_ON: ["return"],
}


def lifecycle_actions(person: Person) -> list[tuple[str, str]]:
    """(URL word, button text) for the lifecycle steps open to this person now."""
    return [(action, str(STATUS_ACTIONS[action][1])) for action in ACTIONS_FROM[person.status]]
