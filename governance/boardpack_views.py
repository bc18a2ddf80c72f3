"""Pages of the board pack: the list with a button to generate this month's pack, and the download."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from audit.choices import AccessAction
from audit.services import access_event_record
from core.forms import GovukFormMixin

from .boardpack_services import board_pack_request, previous_month
from .models_boardpack import BoardPack
from .roles import BOARD_PACK_READERS


class BoardPackRequestForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Reason", help_text="Why the pack is being made now, e.g. for the board on 8 December.",
        max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give the reason.", "max_length": "Keep the reason under 300 characters."},
    )  # fmt: skip

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 5:
            raise forms.ValidationError("Give the reason in a few words.")
        return reason


def _require(user):
    if not user.has_role(*BOARD_PACK_READERS):
        raise Http404


@login_required
def board_packs(request):
    _require(request.user)
    month = previous_month(timezone.localdate())
    form = BoardPackRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        board_pack_request(month=month, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"The pack for {month:%B %Y} is being generated; this page shows when it is ready.")
        return redirect("governance:board-packs")
    packs = list(BoardPack.objects.defer("pdf").select_related("requested_by").order_by("-month")[:36])
    context = {"packs": packs, "form": form, "month": month, "waiting": any(p.is_waiting for p in packs)}
    if request.headers.get("HX-Request"):
        return render(request, "governance/boardpack/_packs.html", context)
    return render(request, "governance/boardpack/list.html", context, status=400 if form.errors else 200)


@login_required
def board_pack(request, public_id):
    _require(request.user)
    pack = get_object_or_404(BoardPack, public_id=public_id, status="ready")
    print_copy = request.GET.get("print") == "1"
    access_event_record(
        actor=request.user,
        action=AccessAction.PRINT if print_copy else AccessAction.EXPORT,
        object_type="board_pack",
        object_id=str(pack.public_id),
        object_label=f"Board pack {pack.month:%B %Y} ({pack.sha256[:12]})",
        purpose="Monthly professional standards board pack",
        request=request,
    )
    response = HttpResponse(bytes(pack.pdf), content_type="application/pdf")
    disposition = "inline" if print_copy else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="board-pack-{pack.month:%Y-%m}.pdf"'
    return response
