from django import forms
from django.utils.translation import gettext_lazy as _

from connecting_people.core.forms import LengthLimits


class ReminderEmailForm(LengthLimits, forms.Form):
    email_digest = forms.BooleanField(
        label=_("Email me when something new needs doing"),
        help_text=_(
            "Once a day at most. The email says only how many new things there are, with a link "
            "to this page: it never names anyone."
        ),
        required=False,
    )
