"""A whole plan in and out: export from the Documents page, import as a new plan.

Import flow: upload → preview (what will be created, every problem by sheet, row and field;
the file stays on the server) → confirm (read and imported again, in one transaction) or
cancel. Anyone signed in may import; they become the new plan's leder.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helhedsplan.pages import plan_page
from plans.selectors import PlanAccess
from plans.views import plan_view

from . import uploads
from .export import document_json, plan_document
from .forms import PlanUploadForm
from .imports import ImportResult, plan_import
from .reader import ExchangeRejected, Upload, upload_read
from .sheets.export import XLSX_CONTENT_TYPE
from .workbook import document_workbook

UPLOAD_PLAN_ID = 0  # the upload belongs to no plan yet
UPLOAD_KIND = "plan-exchange"
SLUG_KEY = "exchange_import_slug"


@plan_view()
def export(request: HttpRequest, access: PlanAccess, fmt: str) -> HttpResponse:
    document = plan_document(access.plan)
    if fmt == "json":
        content, content_type = document_json(document), "application/json"
    elif fmt == "xlsx":
        content, content_type = document_workbook(document), XLSX_CONTENT_TYPE
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{access.plan.slug}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _read(name: str, content: bytes) -> Upload | str:
    """The upload's document, or the one Danish message that refuses the whole file."""
    try:
        return upload_read(name=name, content=content)
    except ExchangeRejected as error:
        return str(error.messages[0])


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["file"].name
        content = form.content()
        upload = _read(name, content)
        if isinstance(upload, str):
            form.add_error("file", upload)
        else:
            uploads.upload_store(session=request.session, plan_id=UPLOAD_PLAN_ID,
                                 kind=UPLOAD_KIND, name=name, content=content)
            request.session[SLUG_KEY] = form.cleaned_data["slug"]
            return redirect("exchange:import_preview")
    return render(request, "reporting/exchange/upload.html", {"form": form},
                  status=400 if form.errors else 200)


def _stored(request: HttpRequest) -> tuple[str, bytes] | None:
    stored = uploads.upload_get(session=request.session, plan_id=UPLOAD_PLAN_ID, kind=UPLOAD_KIND)
    if stored is None:
        messages.info(request, _("Upload the file again: the preview has expired or is done."))
    return stored


def _discard(request: HttpRequest) -> None:
    uploads.upload_discard(session=request.session, plan_id=UPLOAD_PLAN_ID, kind=UPLOAD_KIND)
    request.session.pop(SLUG_KEY, None)


def _preview_page(
    request: HttpRequest, name: str, result: ImportResult, status: int = 200
) -> HttpResponse:
    return render(request, "reporting/exchange/preview.html",
                  {"name": name, "result": result}, status=status)


def _imported(request: HttpRequest, *, commit: bool) -> HttpResponse | tuple[str, ImportResult]:
    """(file name, result) of importing the stored upload, or a redirect to the upload page
    when the upload has expired or is refused as a whole."""
    stored = _stored(request)
    if stored is None:
        return redirect("exchange:import_upload")
    name, content = stored
    upload = _read(name, content)
    if isinstance(upload, str):
        _discard(request)
        messages.error(request, upload)
        return redirect("exchange:import_upload")
    user = request.user
    assert not isinstance(user, AnonymousUser)  # the views are login_required
    result = plan_import(upload=upload, user=user, name=name,
                         slug=request.session.get(SLUG_KEY) or None, commit=commit)
    return name, result


@login_required
def import_preview(request: HttpRequest) -> HttpResponse:
    imported = _imported(request, commit=False)
    if isinstance(imported, HttpResponse):
        return imported
    name, result = imported
    return _preview_page(request, name, result)


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    if "cancel" in request.POST:
        _discard(request)
        messages.info(request, _("The import was cancelled; nothing was changed."))
        return redirect("plans:plan_list")
    imported = _imported(request, commit=True)
    if isinstance(imported, HttpResponse):
        return imported
    name, result = imported
    if not result.ok:
        return _preview_page(request, name, result, status=400)
    plan = result.plan
    assert plan is not None  # an import without problems made the plan
    _discard(request)
    messages.success(request, _("The plan %(name)s has been imported. You are its leader.")
                     % {"name": plan.name})
    return redirect(plan_page(plan))  # the page plan.get_absolute_url() names
