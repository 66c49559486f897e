"""The practice app's models live beside the feature that owns them; Django finds them here."""

from connecting_people.practice.guidance.models import HiddenPrompt
from connecting_people.practice.reflection.models import (
    Reflection,
    ReflectionArea,
    ReflectionQuestion,
)
from connecting_people.practice.reminders.models import ReminderPreference, SentReminder
from connecting_people.practice.updates.models import UpdateSeen

__all__ = [
    "HiddenPrompt",
    "Reflection",
    "ReflectionArea",
    "ReflectionQuestion",
    "ReminderPreference",
    "SentReminder",
    "UpdateSeen",
]
