"""Word pages: a .docx of the plan, the agreement or a delaftale for every member; the import
of an edited delaftale (upload -> preview of every change -> accept or reject) for the leder.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import selectors as activity_selectors
from plans.selectors import PlanAccess
from plans.views import plan_view

from ..documents import DocumentSpec
from ..exchange import uploads
from .changes import word_import_read
from .export import docx_build
from .forms import AcceptForm, WordUploadForm
from .layout import WORD_KINDS
from .safety import WordRejected
from .services import word_import_apply

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@plan_view()
def docx(request, access: PlanAccess, spec: str):
    try:
        parsed = DocumentSpec.parse(spec)
    except ValueError:
        raise Http404 from None
    if parsed.kind not in WORD_KINDS:
        raise Http404
    filename, content = docx_build(access.plan, parsed)
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _kind(area: str) -> str:
    return f"word-{area}"


def _context(access, delaftale, **extra):
    return {"access": access, "plan": access.plan, "delaftale": delaftale,
            "area": delaftale.focus_area, **extra}


@plan_view(edit=True)
def word_import(request, access: PlanAccess, area: str):
    delaftale = activity_selectors.delaftale_get(plan=access.plan, area_slug=area)
    form = WordUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        name, content = form.cleaned_data["file"].name, form.content()
        try:
            word_import_read(plan=access.plan, area_slug=area, name=name, content=content)
        except WordRejected as error:
            form.add_error("file", error)
        else:
            uploads.upload_store(session=request.session, plan_id=access.plan.pk,
                                 kind=_kind(area), name=name, content=content, suffix=".docx")
            return redirect("reporting:word_import_preview", slug=access.plan.slug, area=area)
    return render(request, "reporting/word/upload.html", _context(access, delaftale, form=form),
                  status=400 if form.errors else 200)


def _rejected(request, access, area: str, error: WordRejected):
    """The file cannot be imported: it is forgotten, the user reads why and starts again."""
    uploads.upload_discard(session=request.session, plan_id=access.plan.pk, kind=_kind(area))
    for message in error.messages:
        messages.error(request, message)
    return redirect("reporting:word_import", slug=access.plan.slug, area=area)


def _stored(request, access, area):
    stored = uploads.upload_get(session=request.session, plan_id=access.plan.pk,
                                kind=_kind(area))
    if stored is None:
        messages.info(request, _("Upload the file again: the preview has expired or is done."))
    return stored


@plan_view(edit=True)
def word_import_preview(request, access: PlanAccess, area: str):
    return _preview(request, access, area)


def _preview(request, access: PlanAccess, area: str, form=None):
    """Every change the file proposes, each to accept or not, and what could not be placed."""
    delaftale = activity_selectors.delaftale_get(plan=access.plan, area_slug=area)
    stored = _stored(request, access, area)
    if stored is None:
        return redirect("reporting:word_import", slug=access.plan.slug, area=area)
    name, content = stored
    try:
        result = word_import_read(plan=access.plan, area_slug=area, name=name, content=content)
    except WordRejected as error:
        return _rejected(request, access, area, error)
    return render(request, "reporting/word/preview.html",
                  _context(access, delaftale, name=name, result=result, form=form),
                  status=400 if form is not None else 200)


@plan_view(edit=True)
@require_POST
def word_import_confirm(request, access: PlanAccess, area: str):
    delaftale = activity_selectors.delaftale_get(plan=access.plan, area_slug=area)
    back = delaftale.get_absolute_url()
    if "cancel" in request.POST:
        uploads.upload_discard(session=request.session, plan_id=access.plan.pk, kind=_kind(area))
        messages.info(request, _("The import was cancelled; nothing was changed."))
        return redirect(back)
    stored = _stored(request, access, area)
    if stored is None:
        return redirect("reporting:word_import", slug=access.plan.slug, area=area)
    name, content = stored
    try:
        result = word_import_read(plan=access.plan, area_slug=area, name=name, content=content)
        form = AcceptForm(request.POST, change_ids=[c.id for c in result.valid_changes])
        if not form.is_valid():
            return _preview(request, access, area, form=form)
        saved = word_import_apply(access=access, area_slug=area, name=name, content=content,
                                  accepted=form.cleaned_data["accept"], user=request.user)
    except WordRejected as error:
        return _rejected(request, access, area, error)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("reporting:word_import_preview", slug=access.plan.slug, area=area)
    uploads.upload_discard(session=request.session, plan_id=access.plan.pk, kind=_kind(area))
    messages.success(request, _("%(n)s changes from %(name)s were saved.")
                     % {"n": saved, "name": name})
    return redirect(back)
