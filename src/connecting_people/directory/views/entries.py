"""Placeholder until the screens land: every view answers "not found"."""

from django.http import Http404, HttpRequest, HttpResponse


def entry_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def mark_checked(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def knower_add(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def knower_remove(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def feedback_add(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def entry_remove(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def to_check(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
