"""Stories a person agreed to share with their team: written down with them, shown on the team
page, and taken back (deleted) whenever they say so. Only the person's team reaches these pages
(404, audited, for anyone else)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from connecting_people.core.editing import edit
from connecting_people.network import forms, services
from connecting_people.network.access import story_for
from connecting_people.network.selectors import stories_of
from connecting_people.people.access import person_for


@login_required
@require_http_methods(["GET", "POST"])
def story_share(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    form = forms.StoryForm(
        request.POST or None, person=person, initial={"connection": request.GET.get("connection")}
    )
    done = edit(
        request,
        form,
        lambda data: services.story_share(
            person=person, text=data["text"], connection=data["connection"], by=request.user
        ),
    )
    if done.saved:
        messages.success(request, _("Story kept. The team can read it on the team page."))
        return redirect("team:stories", person_pk=person.pk)
    context = {"person": person, "form": form, "stories": stories_of(person)}
    return render(request, "practice/story_share.html", context)


@login_required
@require_POST
def story_withdraw(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    services.story_withdraw(story=story_for(request, person, pk), by=request.user)
    messages.success(request, _("Story taken back. Nobody sees it any more."))
    return redirect("team:stories", person_pk=person.pk)
