"""Spreadsheet pages: downloads for every member, imports for those who may edit.

Import flow: upload → preview (every row's outcome; the file stays on the server) → confirm
(parsed again and written in one transaction) or cancel.
"""

from collections.abc import Callable, Container

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from plans.selectors import PlanAccess
from plans.views import plan_view

from .. import uploads
from ..safety import SpreadsheetRejected
from .errors import errors_workbook_build
from .export import EXPORTS, TEMPLATES, XLSX_CONTENT_TYPE, export_build, template_build
from .forms import UploadForm
from .imports import CHANGED, ERROR, NEW, UNCHANGED, import_preview, may_import
from .services import spreadsheet_import

EXPORT_LABELS = {
    "plan": gettext_lazy("The whole plan (a sheet per kind)"),
    "aktiviteter": gettext_lazy("Activities with their success criteria"),
    "maalinger": gettext_lazy("Success criteria with their measurements"),
    "milepaele": gettext_lazy("Milestone plan"),
    "budget": gettext_lazy("Budget and financing with spending"),
    "indikatorer": gettext_lazy("Indicators with their values"),
}

IMPORT_LABELS = {
    "maalinger": gettext_lazy("Measurements"),
    "milepaele": gettext_lazy("Milestones"),
    "budget": gettext_lazy("Budget lines with spending"),
    "aktiviteter": gettext_lazy("Activities"),
    "indikatorer": gettext_lazy("Indicators (e.g. Boligsociale Data)"),
}

IMPORT_HELP = {
    "maalinger": gettext_lazy(
        "One row per measurement. A row is matched by criterion ID and date: the same date "
        "again updates the measurement, a new date adds one. Qualitative criteria take Yes or "
        "No in the column Achieved."
    ),
    "milepaele": gettext_lazy(
        "One row per milestone. A row with an ID updates that milestone; without an ID it is "
        "matched by title, year and quarter, or added."
    ),
    "budget": gettext_lazy(
        "One row per budget line and year. A row with an ID updates that line; without an ID "
        "it is matched by text and focus area, or added. Leave the focus area empty for "
        "cross-cutting costs."
    ),
    "indikatorer": gettext_lazy(
        "One row per value. A row is matched by indicator, housing estate and date: the same "
        "again updates the value. Leave the housing estate empty for the whole area; an "
        "indicator the plan lacks is added with the row's unit and source."
    ),
    "aktiviteter": gettext_lazy(
        "One row per activity. A row with an ID updates that activity; without an ID it is "
        "matched by name and focus area, or added to the focus area's sub-agreement."
    ),
}


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _import_kind(access: PlanAccess, kind: str) -> str:
    if kind not in IMPORT_LABELS:
        raise Http404
    if not may_import(access, kind):
        raise PermissionDenied
    return kind


@plan_view()
def index(request: HttpRequest, access: PlanAccess) -> HttpResponse:
    imports = [
        {
            "kind": kind,
            "label": label,
            "help": IMPORT_HELP[kind],
            "allowed": may_import(access, kind),
        }
        for kind, label in IMPORT_LABELS.items()
    ]
    return render(
        request,
        "reporting/spreadsheets/index.html",
        {
            "access": access,
            "plan": access.plan,
            "exports": list(EXPORT_LABELS.items()),
            "imports": imports,
            "may_import": any(item["allowed"] for item in imports),
        },
    )


def _built(
    access: PlanAccess,
    kind: str,
    kinds: Container[str],
    build: Callable[..., bytes],
    filename: str,
) -> HttpResponse:
    if kind not in kinds:
        raise Http404
    return _xlsx(build(plan=access.plan, kind=kind), filename)


@plan_view()
def export(request: HttpRequest, access: PlanAccess, kind: str) -> HttpResponse:
    return _built(access, kind, EXPORTS, export_build, f"{access.plan.slug}-{kind}.xlsx")


@plan_view()
def template(request: HttpRequest, access: PlanAccess, kind: str) -> HttpResponse:
    return _built(
        access, kind, TEMPLATES, template_build, f"{access.plan.slug}-skabelon-{kind}.xlsx"
    )


@plan_view()
def import_upload(request: HttpRequest, access: PlanAccess, kind: str) -> HttpResponse:
    kind = _import_kind(access, kind)
    plan = access.plan
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = form.content()
        try:
            import_preview(access=access, kind=kind, name=upload.name, content=content)
        except SpreadsheetRejected as error:
            form.add_error("file", error)
        else:
            uploads.upload_store(
                session=request.session,
                plan_id=plan.pk,
                kind=kind,
                name=upload.name,
                content=content,
            )
            return redirect("spreadsheets:import_preview", slug=plan.slug, kind=kind)
    return render(
        request,
        "reporting/spreadsheets/upload.html",
        {
            "access": access,
            "plan": plan,
            "kind": kind,
            "label": IMPORT_LABELS[kind],
            "help": IMPORT_HELP[kind],
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _stored_or_redirect(
    request: HttpRequest, access: PlanAccess, kind: str
) -> tuple[str, bytes] | None:
    stored = uploads.upload_get(session=request.session, plan_id=access.plan.pk, kind=kind)
    if stored is None:
        messages.info(request, _("Upload the file again: the preview has expired or is done."))
    return stored


@plan_view()
def import_preview_page(request: HttpRequest, access: PlanAccess, kind: str) -> HttpResponse:
    kind = _import_kind(access, kind)
    plan = access.plan
    upload_url = reverse("spreadsheets:import_upload", kwargs={"slug": plan.slug, "kind": kind})
    stored = _stored_or_redirect(request, access, kind)
    if stored is None:
        return redirect(upload_url)
    name, content = stored
    try:
        preview = import_preview(access=access, kind=kind, name=name, content=content)
    except SpreadsheetRejected as error:
        uploads.upload_discard(session=request.session, plan_id=plan.pk, kind=kind)
        for message in error.messages:
            messages.error(request, message)
        return redirect(upload_url)
    return render(
        request,
        "reporting/spreadsheets/preview.html",
        {
            "access": access,
            "plan": plan,
            "kind": kind,
            "label": IMPORT_LABELS[kind],
            "name": name,
            "preview": preview,
            "counts": preview.counts,
            "statuses": {"new": NEW, "changed": CHANGED, "unchanged": UNCHANGED, "error": ERROR},
        },
    )


@plan_view()
def import_errors(request: HttpRequest, access: PlanAccess, kind: str) -> HttpResponse:
    """The preview's errors as a workbook: the sheet again with a column of errors per row."""
    kind = _import_kind(access, kind)
    plan = access.plan
    stored = _stored_or_redirect(request, access, kind)
    if stored is None:
        return redirect(
            reverse("spreadsheets:import_upload", kwargs={"slug": plan.slug, "kind": kind})
        )
    name, content = stored
    preview_url = reverse("spreadsheets:import_preview", kwargs={"slug": plan.slug, "kind": kind})
    try:
        preview = import_preview(access=access, kind=kind, name=name, content=content)
    except SpreadsheetRejected:
        return redirect(preview_url)  # the preview page explains why
    if not preview.has_errors:
        messages.info(request, _("The file has no errors."))
        return redirect(preview_url)
    title = _("Errors in %(file)s") % {"file": name}
    return _xlsx(
        errors_workbook_build(preview=preview, title=title), f"{plan.slug}-{kind}-fejl.xlsx"
    )


@plan_view()
@require_POST
def import_confirm(request: HttpRequest, access: PlanAccess, kind: str) -> HttpResponse:
    kind = _import_kind(access, kind)
    plan = access.plan
    index_url = reverse("spreadsheets:index", kwargs={"slug": plan.slug})
    preview_url = reverse("spreadsheets:import_preview", kwargs={"slug": plan.slug, "kind": kind})
    if "cancel" in request.POST:
        uploads.upload_discard(session=request.session, plan_id=plan.pk, kind=kind)
        messages.info(request, _("The import was cancelled; nothing was changed."))
        return redirect(index_url)
    stored = _stored_or_redirect(request, access, kind)
    if stored is None:
        return redirect(
            reverse("spreadsheets:import_upload", kwargs={"slug": plan.slug, "kind": kind})
        )
    name, content = stored
    try:
        preview = spreadsheet_import(
            access=access,
            kind=kind,
            name=name,
            content=content,
            user_id=request.user.pk,
            expected_fingerprint=request.POST.get("fingerprint", ""),
        )
    except SpreadsheetRejected as error:
        uploads.upload_discard(session=request.session, plan_id=plan.pk, kind=kind)
        for message in error.messages:
            messages.error(request, message)
        return redirect(index_url)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(preview_url)
    uploads.upload_discard(session=request.session, plan_id=plan.pk, kind=kind)
    counts = preview.counts
    messages.success(
        request,
        _("Imported: %(new)s new and %(changed)s changed rows; %(unchanged)s were unchanged.")
        % {"new": counts[NEW], "changed": counts[CHANGED], "unchanged": counts[UNCHANGED]},
    )
    return redirect(index_url)
