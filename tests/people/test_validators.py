import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from connecting_people.people.validators import nhs_check_digit, validate_nhs_number

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "943-476-5919", "4010232137"])
def test_real_format_nhs_numbers_pass(number):
    validate_nhs_number(number)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("9434765918", "last digit does not match"),
        ("943476591", "10 digits long"),
        ("94347659190", "10 digits long"),
        ("94347A5919", "only digits"),
    ],
)
def test_wrong_nhs_numbers_say_what_is_wrong(number, message):
    with pytest.raises(ValidationError, match=message):
        validate_nhs_number(number)


@given(nine_digits)
def test_every_valid_number_passes_and_any_other_last_digit_fails(first_nine):
    check = nhs_check_digit(first_nine)
    if check is None:  # no valid NHS number starts with these nine digits
        for last in "0123456789":
            with pytest.raises(ValidationError):
                validate_nhs_number(first_nine + last)
        return
    validate_nhs_number(f"{first_nine}{check}")
    for last in "0123456789".replace(str(check), ""):
        with pytest.raises(ValidationError):
            validate_nhs_number(first_nine + last)
