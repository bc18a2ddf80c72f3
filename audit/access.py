"""One guarded way to read protected data: through the app's selector, and with an access event.

Pages, the API, exports and side views read a protected object with ``get_visible_or_404`` (the
selector decides what the user may see; anything else is a 404, never a 403) and a list with
``log_list_read`` after taking the rows from a selector. DRF viewsets get both from
``AuditedReadMixin``. ``tests/security/test_access_events.py`` requests every page and API URL as
a permitted user and fails for any that reads a protected record without writing an event.

A list read writes one event (not one per row: the chain takes a lock per event, and a list's
cost must not grow with its page size): its label carries the identifiers shown, its purpose
the filters used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.http import Http404

from audit.choices import AccessAction
from audit.services import access_event_record


def _person_of(obj):
    return obj.person


# model label -> (object type in the access log, public identifier, label): never content
DESCRIPTIONS: dict[str, tuple[str, Callable, Callable]] = {
    "cases.Case": ("case", lambda o: o.public_id, lambda o: o.reference),
    "workforce.Person": ("person", lambda o: o.public_id, lambda o: o.staff_number),
    "reporting.Report": ("report", lambda o: o.public_id, lambda o: o.reference),
    # a flag is a prompt about a person: logged as a read of that person
    "cases.InterventionFlag": ("person", lambda o: o.person.public_id, lambda o: o.person.staff_number),
}
PROTECTED_MODELS = tuple(DESCRIPTIONS)


def describe(obj) -> tuple[str, str, str]:
    """(object type, id, label) of a protected object for the access log."""
    try:
        object_type, ident, label = DESCRIPTIONS[obj._meta.label]
    except KeyError:
        raise ValueError(f"{obj._meta.label} is not a registered protected model (audit/access.py)") from None
    return object_type, str(ident(obj)), str(label(obj))


def log_read(*, user, obj, purpose: str, request=None, action: str = AccessAction.VIEW):
    """The access event for one protected object already read through its selector."""
    object_type, object_id, label = describe(obj)
    return access_event_record(
        actor=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=label,
        purpose=purpose,
        request=request,
    )


def get_visible_or_404(
    *,
    user,
    selector: Callable,
    lookup: dict,
    purpose: str,
    request=None,
    action: str = AccessAction.VIEW,
    log: bool = True,
):
    """The object ``selector(user=user)`` holds for ``lookup``, with its access event; Http404
    when the user may not see it, or the lookup is malformed (DRF turns Http404 into its 404).

    ``log=False`` only where the caller writes the event itself once it knows what is disclosed
    (an evidence item, a PDF): it must still call ``log_read``."""
    try:
        obj = selector(user=user).filter(**lookup).first()
    except (ValidationError, ValueError):  # e.g. a public id that is not a UUID
        obj = None
    if obj is None:
        raise Http404
    if log:
        log_read(user=user, obj=obj, purpose=purpose, request=request, action=action)
    return obj


def log_list_read(
    *, user, objects: Iterable, purpose: str, request=None, what: str = "", action: str = AccessAction.SEARCH
):
    """One access event for a list (or search) of protected objects shown to the user: the
    identifiers shown in its label (as many as fit), the count and the filters in its purpose."""
    objects = list(objects)
    labels = [describe(obj)[2] for obj in objects]
    object_type = describe(objects[0])[0] if objects else what
    query = ""
    if request is not None:
        query = "&".join(f"{k}={v}" for k, v in request.GET.items() if k not in ("page", "page_size"))
    details = f"{purpose}; {len(objects)} shown" + (f"; filters {query}" if query else "")
    return access_event_record(
        actor=user,
        action=action,
        object_type=f"{object_type or 'record'}_list",
        object_id=(request.path if request is not None else "list")[:64],
        object_label=", ".join(labels) if labels else "(none)",
        purpose=details,
        request=request,
    )


class AuditedReadMixin:
    """For DRF viewsets whose ``get_queryset`` is a selector: every object read (detail and
    actions) goes through ``get_visible_or_404`` and every list page writes a list event.
    Set ``access_purpose``."""

    access_purpose = "API read"

    def get_object(self):
        lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field
        obj = get_visible_or_404(
            user=self.request.user,
            selector=lambda *, user: self.filter_queryset(self.get_queryset()),
            lookup={self.lookup_field: self.kwargs[lookup_url_kwarg]},
            purpose=f"{self.access_purpose} (API)",
            request=self.request,
        )
        self.check_object_permissions(self.request, obj)
        return obj

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._listed = page
        return page

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        listed = getattr(self, "_listed", None)
        log_list_read(
            user=request.user,
            objects=listed if listed is not None else [],
            purpose=f"{self.access_purpose} (API list)",
            request=request,
            what=getattr(self, "access_object_type", ""),
        )
        return response
