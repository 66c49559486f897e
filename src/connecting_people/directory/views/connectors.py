"""Placeholder until the screens land: every view answers "not found"."""

from django.http import Http404, HttpRequest, HttpResponse


def connector_list(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def connector_add(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def connector_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def connector_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def connector_checked(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
