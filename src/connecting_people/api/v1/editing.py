"""The screens' edit flow over HTTP: the screen's own form checks what was sent, the screen's own
service saves it, and each way it can go wrong becomes a problem (ADR 0017, ADR 0022)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from connecting_people.api.v1.problems import Problem, differences, field_errors
from connecting_people.api.v1.versions import etag
from connecting_people.core.concurrency import EditConflict

T = TypeVar("T")


def checked(form: Any) -> dict[str, Any]:
    """The form's cleaned data, or a 422 problem with its messages, field by field."""
    if not form.is_valid():
        raise Problem(
            422, _("Some of what was sent needs correcting."), errors=field_errors(form.errors)
        )
    return dict(form.cleaned_data)


def saved(save: Callable[[], T], *, kind: str, refusals: tuple[type[Exception], ...] = ()) -> T:
    """Run the service: its ValidationError is a 422, an edit conflict a 412 (with what the
    other person changed and the ETag now stored), a refusal it names a 409."""
    try:
        return save()
    except ValidationError as error:
        errors = (
            field_errors(error.message_dict)
            if hasattr(error, "error_dict")
            else {"_": [str(m) for m in error.messages]}
        )
        raise Problem(422, _("Some of what was sent needs correcting."), errors=errors) from error
    except EditConflict as clash:
        current = clash.current
        tag = etag(kind, current.pk, current.version)  # type: ignore[attr-defined]
        raise Problem(
            412,
            _(
                "Someone else changed this record since that version. Read it again, and make "
                "the change over what is there now."
            ),
            headers={"ETag": tag},
            extra={"differences": differences(clash.differences), "etag": tag},
        ) from clash
    except refusals as refused:
        raise Problem(409, str(refused)) from refused


def form_data(values: dict[str, Any]) -> dict[str, Any]:
    """Values as a form reads them: None as an empty box."""
    return {name: ("" if value is None else value) for name, value in values.items()}
