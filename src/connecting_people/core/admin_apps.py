"""Django's admin, with our site as `admin.site` (see `core.admin_site`).

Named in INSTALLED_APPS in place of "django.contrib.admin".
"""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """The app's sign-in, second step and audit trail for every admin page."""

    default_site = "connecting_people.core.admin_site.ConnectingPeopleAdminSite"
