"""Values written for machines inside HTML: ``<time datetime>`` and ``tel:`` addresses.

Loaded as a builtin (see ``TEMPLATES`` in the settings), so every template can use them.
"""

import re

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def iso_datetime(value):
    """A valid HTML date-and-time to the second, in the local time with its offset.

    Django's ``date:'c'`` writes microseconds, which ``<time datetime>`` does not accept."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()


@register.filter
def tel_uri(value):
    """``tel:`` and the number without its spaces, dots or dashes (RFC 3966)."""
    digits = re.sub(r"[^\d+]", "", str(value or ""))
    return f"tel:{digits}" if digits else ""
