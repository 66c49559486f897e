"""The worker's "needs doing" list, and their choice of a daily email about it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from connecting_people.practice.reminders.forms import ReminderEmailForm
from connecting_people.practice.reminders.selectors import needs_doing
from connecting_people.practice.reminders.services import (
    needs_doing_viewed,
    reminder_email_set,
    reminder_email_wanted,
)


@login_required
@require_GET
def needs_doing_list(request: HttpRequest) -> HttpResponse:
    found = needs_doing(request.user)
    needs_doing_viewed(request, found)
    form = ReminderEmailForm(initial={"email_digest": reminder_email_wanted(request.user)})
    return render(request, "practice/reminders/needs_doing.html", {"found": found, "form": form})


@login_required
@require_POST
def email_choice(request: HttpRequest) -> HttpResponse:
    form = ReminderEmailForm(request.POST)
    form.is_valid()  # a single tick box: unticked or missing means no email
    wanted = bool(form.cleaned_data.get("email_digest"))
    reminder_email_set(by=request.user, email_digest=wanted)
    if wanted:
        messages.success(request, _("We will email you when something new needs doing."))
    else:
        messages.success(request, _("We will not email you about what needs doing."))
    return redirect("reminders:list")
