"""The first page of the person's own space."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from connecting_people.portal.access import own_person


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    person = own_person(request)
    return render(request, "portal/home.html", {"person": person})
