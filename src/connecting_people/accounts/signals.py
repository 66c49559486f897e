"""Sign-ins, sign-outs and failed sign-ins go into the audit trail; an account switched off,
wherever it is switched off (our service or system administration), loses its sessions at once."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest

from connecting_people.accounts.models import User
from connecting_people.accounts.services import sessions_end
from connecting_people.core.audit import audit_record
from connecting_people.core.models import AuditAction
from connecting_people.core.session_limits import session_start


@receiver(user_logged_in, dispatch_uid="audit_signed_in")
def _signed_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit_record(by=user, action=AuditAction.SIGNED_IN, target=user, request=request)
    if getattr(request, "session", None) is not None:
        session_start(request)


@receiver(user_logged_out, dispatch_uid="audit_signed_out")
def _signed_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(by=user, action=AuditAction.SIGNED_OUT, target=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Record which address was tried (never the password) so repeated guessing shows up.
    tried = str(credentials.get("email") or credentials.get("username") or "")[:254]
    audit_record(
        by=None,
        action=AuditAction.SIGN_IN_FAILED,
        request=request,
        actor_label=tried,
        detail={"email": tried},
    )


@receiver(post_save, sender=User, dispatch_uid="end_sessions_when_switched_off")
def _switched_off(sender: Any, instance: User, **kwargs: Any) -> None:
    if not instance.is_active:
        sessions_end(instance)
