"""System administration (Django's admin) on the app's own sign-in, second step and audit trail.

The admin has no sign-in of its own: its sign-in page sends people to the app's sign-in, so the
same rate limits and the same second step (allauth MFA) apply. A user who has an authenticator
opens the admin only once they have used it in this session. Every add, change and deletion made
here writes an event in the app's audit trail, in the same transaction as the change, naming the
fields changed but never their values.

`AdminConfig` (in `core.admin_apps`, named in INSTALLED_APPS) makes this site `admin.site`, so
every app's `admin.py` and the admin pages of installed packages (allauth's, Django's groups) use
it unchanged; `register` gives every model admin the audit, so none can forget it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db import models, router, transaction
from django.forms import BaseModelForm
from django.forms.models import BaseModelFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction

# Set by `construct_change_message`, read by the `log_*` call that follows it in the same request.
_FIELDS_ATTR = "_admin_audit_fields"


def second_step_done(request: HttpRequest, user: Any) -> bool:
    """True unless the user has an authenticator and has not used it in this session."""
    from allauth.account.authentication import get_authentication_records
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import is_mfa_enabled

    if not is_mfa_enabled(user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]):
        return True
    records = get_authentication_records(request, user)
    return any(record.get("method") == "mfa" for record in records)


def _audit(request: HttpRequest, action: AuditAction, obj: models.Model, fields: Any) -> None:
    detail: dict[str, Any] = {"via": "admin"}
    if fields:
        detail["fields"] = sorted(str(field) for field in fields)
    audit_record(by=request.user, action=action, target=obj, detail=detail, request=request)


class AuditedModelAdmin(admin.ModelAdmin):
    """Audits every add, change and deletion, its inline rows included, by field name only.

    Django calls the `log_*` methods inside the transaction that makes the change (this class
    makes admin actions, such as deleting the selected rows, one transaction too), so the change
    and its event are saved together or not at all.
    """

    def construct_change_message(
        self, request: HttpRequest, form: Any, formsets: Any, add: bool = False
    ) -> Any:
        setattr(request, _FIELDS_ATTR, list(form.changed_data))
        return super().construct_change_message(request, form, formsets, add)

    def _changed_fields(self, request: HttpRequest) -> list[str]:
        fields = getattr(request, _FIELDS_ATTR, None) or []
        if hasattr(request, _FIELDS_ATTR):
            delattr(request, _FIELDS_ATTR)
        return list(fields)

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        entry = super().log_addition(request, obj, message)
        _audit(request, AuditAction.CREATED, obj, self._changed_fields(request))
        return entry

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        entry = super().log_change(request, obj, message)
        _audit(request, AuditAction.CHANGED, obj, self._changed_fields(request))
        return entry

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        entries = super().log_deletions(request, queryset)
        for obj in queryset:
            _audit(request, AuditAction.DELETED, obj, None)
        return entries

    def save_formset(
        self, request: HttpRequest, form: BaseModelForm, formset: Any, change: bool
    ) -> None:
        """Inline rows (a team's members, say) are records of their own: one event each."""
        if not isinstance(formset, BaseModelFormSet):
            super().save_formset(request, form, formset, change)
            return
        # A deleted row loses its id; keep it so the trail can name the row.
        deleted_ids = {id(f.instance): f.instance.pk for f in formset.deleted_forms}
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            _audit(request, AuditAction.CREATED, obj, None)
        for obj, fields in formset.changed_objects:
            _audit(request, AuditAction.CHANGED, obj, fields)
        for obj in formset.deleted_objects:
            obj.pk = deleted_ids.get(id(obj))
            _audit(request, AuditAction.DELETED, obj, None)

    def response_action(
        self, request: HttpRequest, queryset: Any, *args: Any, **kwargs: Any
    ) -> HttpResponse | None:
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().response_action(request, queryset, *args, **kwargs)


class ConnectingPeopleAdminSite(admin.AdminSite):
    site_header = _("Connecting People: system administration")
    site_title = _("Connecting People: system administration")
    index_title = _("System administration")

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        """Register as Django does, with the audit added to any model admin that lacks it."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedModelAdmin):
            admin_class = type(
                admin_class.__name__,
                (AuditedModelAdmin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and second_step_done(request, request.user)

    @method_decorator(never_cache)
    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """Never takes a password: sends people to the app's sign-in (or its second step)."""
        index = reverse("admin:index", current_app=self.name)
        target = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = index
        user = request.user
        if not user.is_authenticated:
            query = urlencode({REDIRECT_FIELD_NAME: target})
            return HttpResponseRedirect(f"{reverse('account_login')}?{query}")
        if self.has_permission(request):
            return HttpResponseRedirect(target)
        if user.is_active and user.is_staff:
            query = urlencode({REDIRECT_FIELD_NAME: target})
            return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return render(request, "core/admin_refused.html", status=403)
