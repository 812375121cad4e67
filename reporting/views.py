"""Documents (HTML preview and PDF), background jobs, the board dashboard and the portfolio."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import approval
from activities import selectors as activity_selectors
from plans import paging
from plans.models import ApprovalState
from plans.selectors import PlanAccess
from plans.views import plan_view

from . import reminders, selectors, services, versions
from .documents import DocumentSpec, available_documents, build_document
from .models import RenderedDocument
from .word.layout import WORD_KINDS

_BODY = re.compile(r"<body>(.*)</body>", re.S)


def _spec_or_404(text: str) -> DocumentSpec:
    try:
        return DocumentSpec.parse(text)
    except ValueError:
        raise Http404 from None


@plan_view()
def documents(request, access: PlanAccess):
    plan = access.plan
    available = available_documents(plan)
    return render(
        request,
        "reporting/documents.html",
        {
            "access": access,
            "plan": plan,
            "documents": available,
            # Word files for the whole plan, the agreement and each delaftale; a delaftale
            # edited in Word comes back in through its import.
            "word_specs": [spec for spec, _title in available
                           if spec.partition(":")[0] in WORD_KINDS],
            "word_imports": {spec: spec.partition(":")[2] for spec, _title in available
                             if spec.startswith("delaftale:")},
            "jobs": plan.rendered_documents.all()[:5],
        },
    )


@plan_view()
def document_preview(request, access: PlanAccess, spec: str):
    """The HTML preview of a document: the same parts and templates as the PDF."""
    document = build_document(access.plan, _spec_or_404(spec))
    bodies = [mark_safe(_BODY.search(part.html).group(1)) for part in document.parts]  # noqa: S308
    return render(
        request,
        "reporting/preview.html",
        {
            "access": access,
            "plan": access.plan,
            "document": document,
            "bodies": bodies,
            "spec": spec,
        },
    )


@plan_view()
def document_pdf(request, access: PlanAccess, spec: str):
    """The document's PDF in its current state: sent at once when it is stored (or renders
    quickly on a worker); otherwise its render's progress page. This GET queues a render
    only when the document in its current state is neither stored nor being rendered
    (a second request joins the first one's render). The document is never built here: the
    plan's state token says which render this is, the worker builds it."""
    parsed = _spec_or_404(spec)
    # Taken before the worker builds: a save meanwhile makes it older, never newer.
    token = services.plan_state_token(access.plan, parsed)
    stored = services.document_stored(access.plan, parsed, token)
    if stored is not None:  # unchanged since it was rendered
        return _pdf_response(stored)
    joined = services.document_in_progress(access.plan, parsed, token)
    if joined is not None:  # being rendered in this state: its progress page
        return redirect("reporting:job", slug=access.plan.slug, pk=joined.pk)
    quick = services.render_estimate(access.plan, parsed) <= services.BACKGROUND_AFTER_SECONDS
    try:
        job = services.document_request(
            plan=access.plan, spec=parsed, user=request.user, token=token
        )
    except services.QueueFull as refusal:
        messages.warning(request, " ".join(refusal.messages))
        return redirect("reporting:documents", slug=access.plan.slug)
    if quick:
        job = services.job_wait(job, services.BACKGROUND_AFTER_SECONDS * 2)
    if not (quick and job.status == RenderedDocument.Status.DONE and job.file):
        return redirect("reporting:job", slug=access.plan.slug, pk=job.pk)
    return _pdf_response(job)


def _pdf_response(job: RenderedDocument) -> HttpResponse:
    filename = job.file.name.rsplit("/", 1)[-1]
    with job.file.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@plan_view()
def job(request, access: PlanAccess, pk):
    job = get_object_or_404(access.plan.rendered_documents, pk=pk)
    template = "reporting/_job.html" if request.headers.get("HX-Request") else "reporting/job.html"
    return render(request, template, {"access": access, "plan": access.plan, "job": job})


@plan_view()
def job_download(request, access: PlanAccess, pk):
    job = get_object_or_404(
        access.plan.rendered_documents, pk=pk, status=RenderedDocument.Status.DONE
    )
    if not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"),
        content_type="application/pdf",
        filename=job.file.name.rsplit("/", 1)[-1],
    )


@plan_view()
def dashboard(request, access: PlanAccess):
    return render(
        request,
        "reporting/dashboard.html",
        {
            "access": access,
            "plan": access.plan,
            "board": selectors.dashboard_get(plan=access.plan),
            "toc": [
                ("kriterier", _("Success criteria"), 1),
                ("opmaerksomhed", _("Needs attention"), 1),
                ("alle-kriterier", _("All success criteria"), 1),
                ("forbrug", _("Budget spent against time elapsed"), 1),
                ("godkendelser", _("Approval"), 1),
                ("medfinansiering", _("Co-financing"), 1),
                ("milepaele", _("Milestones"), 1),
                ("frister", _("Upcoming deadlines"), 1),
            ],
        },
    )


@plan_view()
def deadlines(request, access: PlanAccess):
    """The plan's deadlines for the next year, who answers for each, and the plan's own."""
    today = timezone.localdate()
    found = reminders.deadlines_get(plan=access.plan, since=today)
    for deadline in found:
        deadline.days = deadline.days_left(today)
    return render(
        request,
        "reporting/deadlines.html",
        {
            "access": access,
            "plan": access.plan,
            "deadlines": found,
            "own": access.plan.own_deadlines.select_related("responsible__user"),
        },
    )


@login_required
def portfolio(request):
    sort = request.GET.get("sorter", "plan")
    sort = sort if sort in selectors.SORTS else "plan"
    portfolio = selectors.portfolio_get(
        user=request.user, sort=sort, page=paging.page_number(request.GET)
    )
    return render(
        request,
        "reporting/portfolio.html",
        {"rows": portfolio.rows, "page": portfolio.page, "sort": sort},
    )


# --- Approval: the service `activities.approval.transition`, with this app's PDF renderer ------


def _transition(request, access: PlanAccess, document, back: str):
    """Take the posted action; an approval freezes the version with the PDF rendered here."""
    try:
        version = approval.transition(
            document=document,
            action=request.POST.get("action", ""),
            user=request.user,
            access=access,
            reason=request.POST.get("reason", ""),
            render_pdf=versions.render_approved,
            link=request.build_absolute_uri(back),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    state = ApprovalState(document.approval_state).label
    if version is None:
        messages.success(request, _("The document is now '%(state)s'.") % {"state": state})
    else:
        messages.success(
            request,
            _("The document is now '%(state)s' and stored as version %(number)s.")
            % {"state": state, "number": version.number},
        )
    return redirect(back)


@plan_view()
@require_POST
def delaftale_transition(request, access: PlanAccess, area: str):
    delaftale = activity_selectors.delaftale_get(plan=access.plan, area_slug=area)
    return _transition(request, access, delaftale, delaftale.get_absolute_url() + "#godkendelse")


@plan_view()
@require_POST
def agreement_transition(request, access: PlanAccess):
    agreement = activity_selectors.agreement_get(plan=access.plan)
    back = reverse("activities:agreement_detail", args=[access.plan.slug]) + "#godkendelse"
    return _transition(request, access, agreement, back)
