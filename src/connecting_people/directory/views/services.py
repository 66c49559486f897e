"""Placeholder until the screens land: every view answers "not found"."""

from django.http import Http404, HttpRequest, HttpResponse


def browse(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def service_add(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def service_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def service_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
