"""Rows of a plan that are edited one at a time: mål, signatures, criteria, milestones …

The shared shape, imported downwards: a `RowKind` names a model, its form, where its rows hang
in the plan, who may edit them and where the user returns after saving; `row_urls()` gives a
kind its four routes (add, edit, delete, move) and the views below serve them. Every kind gets
the same scoping (parent and row looked up inside the plan, 404 otherwise), ordering,
confirmation and inline (htmx) editing. Each app declares its own kinds beside its other views
and writes their routes in its own `urls.py`; nothing is registered anywhere.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import concurrency, forms, services
from .models import Plan
from .selectors import PlanAccess
from .views import apply_errors, confirm_page, form_page, plan_view


def leader_only(access, parent, row=None) -> bool:
    return access.can_edit


def parent_page(plan, parent) -> str:
    """Back to the page of the row's parent (a focus area, a delaftale …)."""
    return parent.get_absolute_url()


@dataclass(frozen=True)
class RowKind:
    model: type[models.Model]
    form_class: type[forms.PartForm]
    noun: str
    parent_field: str
    # The parents of this kind inside one plan (None: the plan itself is the parent).
    parents: Callable[[Plan], models.QuerySet] | None
    # Where to go back to, given the plan and the parent.
    back: Callable[[Plan, models.Model], str] = parent_page
    # Rows keep a user-chosen order (↑/↓); otherwise the model's own ordering rules.
    ordered: bool = True
    # Attributes every new row gets besides its parent, e.g. {"plan": plan}.
    fixed: Callable[[Plan, models.Model], dict] | None = None
    # Who may add and edit rows (row is None when adding), and who may delete or move them.
    may_edit: Callable = leader_only
    may_remove: Callable | None = None
    # For inline editing: (template, context) of the section that lists the parent's rows.
    section: Callable | None = None
    # Values the edit form starts with instead of the row's own (request, plan, row) -> dict.
    edit_initial: Callable | None = None
    # Called with the plan after a row is added or saved, in the same transaction: rows that
    # follow from this one (an indicator's values become a criterion's measurements).
    after_save: Callable | None = None

    def new_row(self, plan: Plan, parent):
        values = {self.parent_field: parent}
        if self.fixed:
            values.update(self.fixed(plan, parent))
        return self.model(**values)

    def removable_by(self, access, parent, row) -> bool:
        return (self.may_remove or self.may_edit)(access, parent, row)

    def parent_get(self, plan: Plan, parent_id: int | None):
        if self.parents is None:
            if parent_id is not None:
                raise Http404
            return plan
        if parent_id is None:
            raise Http404
        return get_object_or_404(self.parents(plan), pk=parent_id)

    def rows(self, plan: Plan) -> models.QuerySet:
        if self.parents is None:
            return self.model.objects.filter(**{self.parent_field: plan})
        return self.model.objects.filter(**{f"{self.parent_field}__in": self.parents(plan)})

    def row_get(self, plan: Plan, pk: int):
        return get_object_or_404(self.rows(plan), pk=pk)

    def siblings(self, parent) -> models.QuerySet:
        return self.model.objects.filter(**{self.parent_field: parent})

    def parent_of(self, row):
        return getattr(row, self.parent_field)


def row_urls(name: str, kind: RowKind) -> list:
    """The routes of one kind of row, for an app's `urls.py`:

    <slug>/<name>/ny/ (or ny/<parent>/ when the rows hang below something in the plan),
    <slug>/<name>/<pk>/, <slug>/<name>/<pk>/slet/ and <slug>/<name>/<pk>/flyt/<op|ned>/,
    named <name>_create, <name>_edit, <name>_delete and <name>_move.
    """
    args = {"kind": kind, "name": name}
    create = f"<slug:slug>/{name}/ny/" + ("" if kind.parents is None else "<int:parent>/")
    return [
        path(create, row_create, args, name=f"{name}_create"),
        path(f"<slug:slug>/{name}/<int:pk>/", row_edit, args, name=f"{name}_edit"),
        path(f"<slug:slug>/{name}/<int:pk>/slet/", row_delete, args, name=f"{name}_delete"),
        path(
            f"<slug:slug>/{name}/<int:pk>/flyt/<str:direction>/",
            row_move,
            args,
            name=f"{name}_move",
        ),
    ]


# --- The views ------------------------------------------------------------------------------


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


_ANNOUNCE = {
    "saved": gettext_lazy("Saved: %(noun)s “%(row)s”."),
    "moved": gettext_lazy("Moved: %(noun)s “%(row)s”."),
}


def _inline_result(kind, name, row, message, section_id, done) -> str:
    """What the page does after an inline write (app.js): which row takes the focus (the saved
    one; after a delete the section itself) and the sentence a screen reader hears."""
    if row is not None and done in _ANNOUNCE:
        shown = str(row)
        if len(shown) > 80:
            shown = shown[:79] + "…"
        message = _ANNOUNCE[done] % {"noun": kind.noun, "row": shown}
    # ASCII only in a header: json escapes the Danish letters.
    return json.dumps({"inline-saved": {
        "row": f"{name}-{row.pk}" if row is not None else "",
        "section": section_id,
        "message": str(message),
    }})


def _done(request, access, kind, name, parent_obj, message, *, row=None, done=""):
    """After a successful write: swap the parent's section in place (htmx) or go back."""
    if _is_htmx(request):
        if kind.section is None:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = kind.back(access.plan, parent_obj)
            return response
        template, context = kind.section(access, parent_obj)
        response = render(request, template, {"access": access, "plan": access.plan, **context})
        response["HX-Retarget"] = f"#{context['section_id']}"
        response["HX-Reswap"] = "outerHTML"
        response["HX-Trigger-After-Settle"] = _inline_result(
            kind, name, row, message, context["section_id"], done
        )
        return response
    messages.success(request, message)
    return redirect(kind.back(access.plan, parent_obj))


def _form(request, access, form, *, title, back, crumb, action):
    if _is_htmx(request):
        # Errors come back into the same inline form, keeping what was typed.
        return render(
            request,
            "plans/_part_form.html",
            {
                "access": access,
                "plan": access.plan,
                "form": form,
                "title": title,
                "action": action,
                "back": back,
            },
        )
    return form_page(request, access, form, title=title, back=back, crumb=crumb)


def _list_full(form, kind, parent_obj) -> bool:
    """Every list a page shows is bounded: a list at MAX_ROWS_PER_LIST takes no more rows."""
    limit = settings.MAX_ROWS_PER_LIST
    if kind.siblings(parent_obj).count() < limit:
        return False
    form.add_error(
        None, _("This list already has %(max)s rows, the most it can hold.") % {"max": limit}
    )
    return True


@plan_view()
def row_create(request, access: PlanAccess, kind: RowKind, name: str, parent: int | None = None):
    parent_obj = kind.parent_get(access.plan, parent)
    if not kind.may_edit(access, parent_obj, None):
        raise PermissionDenied
    form = kind.form_class(
        request.POST or None,
        request.FILES or None,
        instance=kind.new_row(access.plan, parent_obj),
        plan=access.plan,
        initial=request.GET.dict() if request.method == "GET" else None,
    )
    back = kind.back(access.plan, parent_obj)
    if request.method == "POST" and form.is_valid() and not _list_full(form, kind, parent_obj):
        try:
            with transaction.atomic():
                row = form.save(commit=False)
                if kind.ordered:
                    services.ordered_append(instance=row, siblings=kind.siblings(parent_obj))
                    form.save_m2m()
                else:
                    services.row_save(instance=row, form=form)
                if kind.after_save:
                    kind.after_save(access.plan)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _done(
                request, access, kind, name, parent_obj, _("Saved."), row=row, done="saved"
            )
    if kind.parents is None:
        title, crumb = _("Add %(noun)s") % {"noun": kind.noun}, ""
    else:
        title = _("Add %(noun)s to %(parent)s") % {"noun": kind.noun, "parent": parent_obj}
        crumb = str(parent_obj)
    return _form(request, access, form, title=title, back=back, crumb=crumb, action=request.path)


@plan_view()
def row_edit(request, access: PlanAccess, kind: RowKind, name: str, pk: int):
    row = kind.row_get(access.plan, pk)
    parent_obj = kind.parent_of(row)
    if not kind.may_edit(access, parent_obj, row):
        raise PermissionDenied
    initial = (
        kind.edit_initial(request, access.plan, row)
        if kind.edit_initial and request.method == "GET"
        else None
    )
    form = kind.form_class(
        request.POST or None, request.FILES or None, instance=row, plan=access.plan,
        initial=initial,
    )
    concurrency.watch(form)
    back = kind.back(access.plan, parent_obj)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                concurrency.check(form)
                row = form.save(commit=False)
                services.row_save(instance=row, form=form)
                if kind.after_save:
                    kind.after_save(access.plan)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _done(
                request, access, kind, name, parent_obj, _("Saved."), row=row, done="saved"
            )
    crumb = "" if kind.parents is None else str(parent_obj)
    title = _("Edit %(noun)s") % {"noun": kind.noun}
    return _form(request, access, form, title=title, back=back, crumb=crumb, action=request.path)


@plan_view()
def row_delete(request, access: PlanAccess, kind: RowKind, name: str, pk: int):
    row = kind.row_get(access.plan, pk)
    parent_obj = kind.parent_of(row)
    if not kind.removable_by(access, parent_obj, row):
        raise PermissionDenied
    back = kind.back(access.plan, parent_obj)
    blocked = ""
    if request.method == "POST":
        try:
            if kind.ordered:
                services.ordered_delete(instance=row, siblings=kind.siblings(parent_obj))
            else:
                services.row_delete(instance=row)
        except ValidationError as error:
            blocked = " ".join(error.messages)  # e.g. a row dated in a locked year
        else:
            return _done(request, access, kind, name, parent_obj, _("Deleted."))
    return confirm_page(request, access, row, consequence="", back=back, blocked=blocked)


@plan_view()
@require_POST
def row_move(request, access: PlanAccess, kind: RowKind, name: str, pk: int, direction: str):
    row = kind.row_get(access.plan, pk)
    parent_obj = kind.parent_of(row)
    if not kind.ordered:
        raise Http404
    if not kind.removable_by(access, parent_obj, row):
        raise PermissionDenied
    services.ordered_move(instance=row, siblings=kind.siblings(parent_obj), up=direction == "op")
    return _done(request, access, kind, name, parent_obj, _("Saved."), row=row, done="moved")
