import math
from numbers import Real

from django import template
from django.utils.html import format_html

register = template.Library()

STATUS_TAGS = {
    "FLAG": "govuk-tag--red",
    "WATCH": "govuk-tag--orange",
    "OK": "govuk-tag--green",
    "INSUFFICIENT": "govuk-tag--grey",
}


def _number(value) -> bool:
    """Only real, finite numbers are formatted: None, a missing row's "" or NaN show as blank."""
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


@register.filter
def pct(value, places=1):
    if not _number(value):
        return ""
    return f"{value * 100:.{int(places)}f}%"


@register.filter
def num2(value):
    if not _number(value):
        return ""
    return f"{value:.2f}"


@register.filter
def pval(value):
    if not _number(value):
        return ""
    if value < 0.0001:
        return "<0.0001"
    return f"{value:.4f}"


@register.filter
def status_tag(status):
    if not status:
        return ""
    from oversight.presentation import WATCH_LABEL, WATCH_MEANING

    if status == "WATCH":
        return format_html(
            '<strong class="govuk-tag {}" title="{}">{}</strong>', STATUS_TAGS["WATCH"], WATCH_MEANING, WATCH_LABEL
        )
    label = "Insufficient data" if status == "INSUFFICIENT" else status
    return format_html('<strong class="govuk-tag {}">{}</strong>', STATUS_TAGS.get(status, ""), label)
