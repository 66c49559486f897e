"""What the privacy page says about time limits and cookies, read from the settings that decide
them, so that the page cannot say one thing while the app does another (a period typed twice
drifts: the page once said "signed out after 8 hours" while the settings said 30 minutes idle
and 12 hours at most).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

DAY = 24 * 60 * 60


@dataclass(frozen=True)
class PrivacyFacts:
    """Every figure and name the privacy page states."""

    idle_minutes: int  # signed out after this long without using the app
    max_hours: int  # and this long after signing in, however busy
    session_cookie: str
    csrf_cookie: str
    csrf_cookie_days: int
    moved_on_years: int  # a record is erased this long after the person moved on
    audit_detail_years: int  # what the trail says about a record is erased after this long
    staff_account_years: int  # a switched-off staff account's name and email go after this long
    files_days: int  # backups and exports in the data folder are deleted after this long
    invitation_days: int  # an invitation to the person's own space lasts this long


def privacy_facts() -> PrivacyFacts:
    return PrivacyFacts(
        idle_minutes=int(settings.SESSION_IDLE_MINUTES),
        max_hours=int(settings.SESSION_MAX_HOURS),
        session_cookie=str(settings.SESSION_COOKIE_NAME),
        csrf_cookie=str(settings.CSRF_COOKIE_NAME),
        csrf_cookie_days=int(settings.CSRF_COOKIE_AGE) // DAY,
        moved_on_years=int(settings.RETENTION_MOVED_ON_YEARS),
        audit_detail_years=int(settings.RETENTION_AUDIT_DETAIL_YEARS),
        staff_account_years=int(settings.RETENTION_STAFF_ACCOUNT_YEARS),
        files_days=int(settings.RETENTION_FILES_DAYS),
        invitation_days=int(settings.CPI_INVITATION_DAYS),
    )
