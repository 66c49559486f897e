"""The About page with its linked diagram and each part's guidance (open to everyone), and
hiding or showing the practice prompts (a worker's own choice)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from connecting_people.practice.guidance import prompts
from connecting_people.practice.guidance.models import HiddenPrompt
from connecting_people.practice.guidance.parts import BY_SLUG, PARTS


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "practice/guidance/about.html", {"parts": PARTS})


@require_GET
def part(request: HttpRequest, part: str) -> HttpResponse:
    """Short guidance on one part of the model, and the screens that support it."""
    found = BY_SLUG.get(part)
    if found is None:
        raise Http404
    index = PARTS.index(found)
    context = {
        "part": found,
        "previous": PARTS[index - 1] if index else None,
        "next": PARTS[index + 1] if index + 1 < len(PARTS) else None,
    }
    return render(request, "practice/guidance/part.html", context)


@login_required
@require_POST
def prompt_hide(request: HttpRequest, key: str) -> HttpResponse:
    """Hide one practice prompt for this worker, then go back to where they were."""
    if key not in prompts.PROMPTS:
        raise Http404
    HiddenPrompt.objects.get_or_create(user=request.user, key=key)  # type: ignore[misc]
    messages.success(request, _("That prompt is hidden. You can show it again from your account."))
    return redirect(_back_to(request))


@login_required
@require_POST
def prompts_show(request: HttpRequest) -> HttpResponse:
    """Bring back every practice prompt this worker had hidden."""
    HiddenPrompt.objects.filter(user=request.user).delete()  # type: ignore[misc]
    messages.success(request, _("The practice prompts will show again."))
    return redirect("accounts:settings")


def _back_to(request: HttpRequest) -> str:
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return reverse("guidance:about")
