"""The words of the network map: kinds of connection, rings, how it feels, what it gives.

Shared by the models, the measures, the drawing and the exports, so they always agree.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    FAMILY = "family", _("Family")
    PARTNER = "partner", _("Partner")
    FRIEND = "friend", _("Friend")
    NEIGHBOUR = "neighbour", _("Neighbour")
    COLLEAGUE = "colleague", _("Colleague or classmate")
    PEER = "peer", _("Peer from a service")
    WORKER = "worker", _("Worker or professional")
    GROUP = "group", _("Group or club")
    FAITH = "faith", _("Faith community")
    ONLINE = "online", _("Online community")
    PET = "pet", _("Pet")
    OTHER = "other", _("Other")


class Ring(models.TextChoices):
    """How close the person feels: the three rings of the map, from the centre out."""

    CLOSE = "close", _("Close")
    MIDDLE = "middle", _("Middle")
    OUTER = "outer", _("Outer")


class Feels(models.TextChoices):
    SUPPORTIVE = "supportive", _("Supportive")
    MIXED = "mixed", _("Mixed")
    DIFFICULT = "difficult", _("Difficult")


class Gives(models.TextChoices):
    EMOTIONAL = "emotional", _("Emotional support")
    PRACTICAL = "practical", _("Practical help")
    INFORMATION = "information", _("Information and advice")
    COMPANY = "company", _("Company")
    ACCESS = "access", _("Access to other people or resources")


class Frequency(models.TextChoices):
    DAILY = "daily", _("Most days")
    WEEKLY = "weekly", _("Every week or so")
    MONTHLY = "monthly", _("Every month or so")
    LESS = "less", _("Less often")
    NOT_NOW = "not_now", _("Not in touch at the moment")


class Began(models.TextChoices):
    """How a connection began: the point of the work is new ones through activities."""

    ALREADY = "already", _("Already knew them")
    ACTIVITY = "activity", _("Through an activity")
    SUGGESTION = "suggestion", _("Through something suggested")
    INTRODUCTION = "introduction", _("Introduced by the worker")
    OTHER_PERSON = "other_person", _("Introduced by someone else")
    OTHER = "other", _("Another way")


# Kinds that are part of health and social care services by their nature. The "inside services"
# flag on each connection is what counts; this only sets its default.
USUALLY_INSIDE_SERVICES = {Kind.WORKER, Kind.PEER}
