"""Checks on identifiers people give us."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_NOT_DIGITS = re.compile(r"[\s-]")


def normalise_nhs_number(value: str) -> str:
    """Spaces and dashes removed: '943 476 5919' → '9434765919'."""
    return _NOT_DIGITS.sub("", value or "")


def nhs_check_digit(first_nine: str) -> int | None:
    """The NHS number check digit (modulus 11), or None when no valid number has these digits."""
    weights = range(10, 1, -1)
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, weights, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def validate_nhs_number(value: str) -> None:
    """An NHS number is ten digits and its last digit checks the other nine."""
    digits = normalise_nhs_number(value)
    if not (digits.isascii() and digits.isdigit()):  # "²".isdigit() is true
        raise ValidationError(
            _("An NHS number has only digits, like 943 476 5919"), code="nhs_number_format"
        )
    if len(digits) != 10:
        raise ValidationError(
            _("An NHS number is 10 digits long, like 943 476 5919. This one has %(count)d.")
            % {"count": len(digits)},
            code="nhs_number_length",
        )
    if nhs_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(
            _(
                "This is not a valid NHS number: the last digit does not match the others. "
                "Check it has been copied correctly."
            ),
            code="nhs_number_check_digit",
        )
