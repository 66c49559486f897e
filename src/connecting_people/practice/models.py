"""The practice app's models live beside the screens that use them; Django finds them here."""

from connecting_people.practice.guidance.models import HiddenPrompt
from connecting_people.practice.reflection.models import (
    Reflection,
    ReflectionArea,
    ReflectionQuestion,
)

__all__ = ["HiddenPrompt", "Reflection", "ReflectionArea", "ReflectionQuestion"]
