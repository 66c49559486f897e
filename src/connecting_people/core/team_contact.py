"""What a person sees of their team's contact details and crisis advice (issue 14).

The team's leads set them (`accounts.services.team_contact_save`); until they do, or for any
part left empty, the person sees UK-wide help that is always there: NHS 111, 999 and Samaritans.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from connecting_people.core.models import Team, TeamContact


@dataclass(frozen=True)
class CrisisAdvice:
    """What to do in a crisis, as the person's space shows it."""

    what_to_do: str
    who: str
    phone: str
    is_default: bool


def default_crisis_advice() -> CrisisAdvice:
    """UK-wide help: NHS 111 for urgent help, 999 in an emergency, Samaritans 116 123 (free,
    day and night)."""
    return CrisisAdvice(
        what_to_do=_(
            "If you feel you might harm yourself or someone else, or you are in danger, call "
            "999 now. If you need help soon but it is not an emergency, call NHS 111. You can "
            "talk to Samaritans at any time, day or night. The call is free."
        ),
        who=_("Samaritans"),
        phone="116 123",
        is_default=True,
    )


def team_contact_of(team: Team) -> TeamContact | None:
    """The team's own details, if its leads have set any."""
    return TeamContact.objects.filter(team=team).first()


def crisis_advice_for(contact: TeamContact | None) -> CrisisAdvice:
    """The team's crisis advice, or the UK-wide default when the team has set none."""
    if contact is None or not (contact.crisis_what_to_do.strip() or contact.crisis_phone.strip()):
        return default_crisis_advice()
    default = default_crisis_advice()
    return CrisisAdvice(
        what_to_do=contact.crisis_what_to_do.strip() or default.what_to_do,
        who=contact.crisis_who.strip(),
        phone=contact.crisis_phone.strip(),
        is_default=False,
    )
