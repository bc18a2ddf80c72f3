from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from accounts.choices import ETHNICITY_READERS, IDENTITY_READERS, WORKFORCE_READERS, Role
from audit.access import get_visible_or_404, log_list_read

from .extensions import person_sections
from .filters import PersonFilter
from .forms import WorkforceUploadForm
from .selectors import people_visible_to, workforce_imports_visible_to
from .services import HEADER, OPTIONAL_COLUMNS, REQUIRED, workforce_import_submit


def _require_workforce_reader(user):
    if not user.has_role(*WORKFORCE_READERS):
        raise Http404


@login_required
def people(request):
    _require_workforce_reader(request.user)
    filterset = PersonFilter(request.GET or None, queryset=people_visible_to(user=request.user))
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    log_list_read(user=request.user, objects=page.object_list, purpose="workforce list", request=request)
    return render(request, "workforce/people.html", {"filter": filterset, "page": page})


@login_required
def person_detail(request, public_id):
    person = get_visible_or_404(
        user=request.user,
        selector=people_visible_to,
        lookup={"public_id": public_id},
        purpose="workforce record",
        request=request,
    )
    context = {
        "person": person,
        "show_identity": request.user.has_role(*IDENTITY_READERS),
        "show_ethnicity": request.user.has_role(*ETHNICITY_READERS),
        "reports": people_visible_to(user=request.user).filter(line_manager=person, is_leaver=False)[:50],
        "cases": [],  # the cases app's section fills these (workforce.extensions)
    }
    context.update(person_sections(user=request.user, person=person))
    return render(request, "workforce/person_detail.html", context)


@login_required
def imports(request):
    if not request.user.has_role(Role.ADMINISTRATOR):
        raise Http404
    if request.method == "POST":
        form = WorkforceUploadForm(request.POST, request.FILES)
    else:
        form = WorkforceUploadForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        run = workforce_import_submit(
            actor=request.user,
            filename=upload.name,
            data=upload.read(),
            allow_mass_leavers=form.cleaned_data["allow_mass_leavers"],
        )
        messages.success(request, f"{upload.name} uploaded. The import is running; this page shows its progress.")
        return redirect("workforce:import-detail", public_id=run.public_id)
    runs = Paginator(workforce_imports_visible_to(user=request.user), 20).get_page(request.GET.get("page"))
    columns = [(name, "required" if name in REQUIRED else "optional") for name in HEADER] + [
        (name, "optional, may be left out of the file") for name in OPTIONAL_COLUMNS
    ]
    return render(
        request,
        "workforce/imports.html",
        {"form": form, "page": runs, "columns": columns},
        status=400 if form.errors else 200,
    )


@login_required
def import_detail(request, public_id):
    run = workforce_imports_visible_to(user=request.user).filter(public_id=public_id).first()
    if run is None:
        raise Http404
    template = "workforce/_import_status.html" if request.headers.get("HX-Request") else "workforce/import_detail.html"
    return render(request, template, {"run": run})
