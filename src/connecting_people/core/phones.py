"""Checking a phone number someone typed (issue 16, section 6): the shapes UK and international
numbers are written in, with the spaces, dashes, dots and brackets people put in them.

- A UK number: 0 then 9 or 10 more digits (01134960000, 0113 496 0000, 07700 900123,
  0800 123 4567), or +44 / 0044 then the same without its 0 (+44 113 496 0000, and the common
  +44 (0)113 496 0000).
- An international number: + or 00, a country code and the number, 8 to 15 digits in all
  (the longest ITU-T E.164 allows).
- Either may end with an extension: "ext 123", "ext. 123", "x123" (1 to 6 digits).

Numbers are kept as typed (trimmed); only the shape is checked, never whether it is in use.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PHONE_MESSAGE = _("Enter a phone number, like 0113 496 0000 or +44 113 496 0000")
PHONE_MAX = 40

_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x)\s*(\d{1,6})\s*$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s\-.()/]")
_ALLOWED = re.compile(r"^[\d\s\-.()/+]+$")


def phone_ok(text: str) -> bool:
    """Whether `text` has the shape of a UK or international phone number."""
    text = text.strip()
    if not text or len(text) > PHONE_MAX:
        return False
    text = _EXTENSION.sub("", text)
    if not _ALLOWED.match(text) or text.count("+") > 1 or ("+" in text and text[0] != "+"):
        return False
    if text.count("(") != text.count(")"):
        return False
    international = text.startswith("+") or text.startswith("00")
    digits = _SEPARATORS.sub("", text.replace("(0)", "") if international else text)
    digits = digits.removeprefix("+")
    if not digits.isdigit():
        return False
    if digits.startswith("00"):
        digits = digits[2:]
        international = True
    if not international:
        return digits.startswith("0") and len(digits) in (10, 11)
    if digits.startswith("44"):
        national = digits[2:]
        return not national.startswith("0") and len(national) in (9, 10)
    return not digits.startswith("0") and 8 <= len(digits) <= 15


def validate_phone(text: str) -> None:
    """A form's or a service's check: a plain message when the shape is wrong."""
    if text and not phone_ok(text):
        raise ValidationError(PHONE_MESSAGE, code="phone")
