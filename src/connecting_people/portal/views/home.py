"""The first page of the person's own space: hello, what matters, next steps, who to reach, and
what to do if they need help now."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from connecting_people.core.team_contact import crisis_advice_for, team_contact_of
from connecting_people.portal.access import own_person
from connecting_people.portal.selectors import next_steps


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    person = own_person(request)
    contact = team_contact_of(person.team)
    context = {
        "person": person,
        "next_steps": next_steps(person),
        "team_contact": contact,
        "crisis": crisis_advice_for(contact),
    }
    return render(request, "portal/home.html", context)
