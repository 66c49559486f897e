"""Template helpers for the directory's pages."""

from urllib.parse import urlsplit

from django import template

register = template.Library()

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


@register.filter
def safe_url(value: str) -> str:
    """The address if it is a web, email or phone link; "" for anything else (such as
    javascript:), since imported directories may carry any text in their link fields."""
    text = (value or "").strip()
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return ""
    return text if scheme in SAFE_SCHEMES else ""
