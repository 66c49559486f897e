"""Completed questionnaires on given dates, through the services, for the change tests."""

import datetime as dt

from django.utils import timezone

from connecting_people.outcomes import services
from connecting_people.outcomes.models import CompletedBy
from connecting_people.outcomes.selectors import instrument_version
from connecting_people.people.models import Person

TODAY = timezone.localdate()


def days_ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def take(person, slug, answers, on, by=None):
    """A completed response to `slug` with these answers, taken on `on`. A questionnaire cannot
    be taken before the person started, so one who "started" later is moved back to `on`."""
    if on < person.started_on:
        Person.objects.filter(pk=person.pk).update(started_on=on)
        person.started_on = on
    response = services.response_start(
        person=person,
        instrument=instrument_version(slug),
        by=by,
        completed_by=CompletedBy.WITH_WORKER,
        taken_on=on,
        answers=answers,
    )
    response.person = person
    return services.response_complete(response=response, by=by, version=response.version)


def ons4(satisfied, worthwhile=6, happy=6, anxious=3):
    return {"satisfied": satisfied, "worthwhile": worthwhile, "happy": happy, "anxious": anxious}


def ucla3(lack, left_out, isolated):
    return {"lack_companionship": lack, "left_out": left_out, "isolated": isolated}
