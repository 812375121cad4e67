"""A checked exchange document written as a new plan: everything, or nothing at all.

The import runs in one transaction. The plan is made through `plans.services.plan_create`
(the importing user becomes its leder), housing estates through `estate_attach`, every other
kind row by row: its keys resolved to the rows made before it, `full_clean()` run, and then
written in bulk with a history row each ("Import af plan: fil.json"). Every problem is
collected with its sheet, row and field; if there is any, the transaction is rolled back. The
preview is the same run, always rolled back, so it shows exactly what a confirm would write.
"""

import datetime
import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from activities.models import CoreActivity
from helhedsplan.audit import audit_event
from plans import services
from plans.history import bulk_save
from plans.models import (
    BudgetGroup,
    Delaftale,
    DocumentVersion,
    Organisation,
    Plan,
    PlanEstate,
    RuleSet,
    RuleSetArea,
    Section,
)
from plans.sections import sections_create_from_template

from .export import VERSION_BLOCK_KEY, VERSION_BLOCK_KINDS
from .kinds import (
    CORE_ACTIVITY,
    KINDS,
    RULE_SET,
    RULE_SET_AREA,
    Column,
    Kind,
    fields_of,
    key_of,
)
from .reader import Problem, Upload, locate

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class _Failed(enum.Enum):
    """A reference to a row that could not be made (its own problem is listed already)."""

    FAILED = "failed"


_FAILED = _Failed.FAILED
# The rows made so far, per kind: key → row, or None for a row that failed. Rows without a
# key share the key None.
Made = dict[str | None, models.Model | None]


class _RolledBack(Exception):
    """Leaves the transaction without writing (a preview, or a file with problems)."""


@dataclass
class ImportResult:
    plan: Plan | None = None
    counts: list[tuple[str, int]] = field(default_factory=list)  # (sheet, rows created)
    problems: list[Problem] = field(default_factory=list)
    # What the preview would create, per sheet: (sheet, first rows as text, rows not listed).
    listing: list[tuple[str, list[str], int]] = field(default_factory=list)
    name: str = ""
    slug: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def _value(model_field: models.Field[Any, Any], raw: Any) -> Any:
    """A document value as the model field takes it."""
    if raw is None:
        return None
    if isinstance(model_field, models.DateTimeField):
        return datetime.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    if isinstance(model_field, models.DateField):
        return datetime.date.fromisoformat(raw)
    return model_field.to_python(raw)


LISTED_PER_KIND = 50  # rows of each kind the preview lists


class _Run:
    """One import: the keys made so far and the problems found."""

    def __init__(self, *, upload: Upload, user: "User", slug: str | None, reason: str):
        self.document = upload.document
        self.numbers = upload.numbers
        self.user = user
        self.slug = slug
        self.reason = reason
        self.problems: list[Problem] = list(upload.problems)
        self.bad_rows = upload.bad_rows
        self.made: dict[str, Made] = {}
        self.counts: list[tuple[str, int]] = []
        self.plan: Plan | None = None

    @property
    def new_plan(self) -> Plan:
        """The plan being imported; set by plan_make, which runs before every other kind."""
        assert self.plan is not None
        return self.plan

    # --- problems ---------------------------------------------------------------------------

    def problem(self, kind: Kind, index: int | None, field_name: str, message: str) -> None:
        path = [kind.name] + ([] if kind.single or index is None else [index])
        sheet, row, label = locate(path + ([field_name] if field_name else []), self.numbers)
        self.problems.append(Problem(sheet, row, label, str(message)))

    def validation_problems(self, kind: Kind, index: int | None, error: ValidationError) -> None:
        names = {column.name for column in fields_of(kind)}
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                for message in messages:
                    where = name if name in names else ""
                    self.problem(kind, index, where, message)
        else:
            for message in error.messages:
                self.problem(kind, index, "", message)

    # --- rows -------------------------------------------------------------------------------

    def rows(self, kind: Kind) -> list[Any]:  # rows that are not objects are skipped
        value = self.document.get(kind.name)
        if kind.single:
            return [value] if isinstance(value, dict) else []
        return value if isinstance(value, list) else []

    def reference(
        self, kind: Kind, index: int, column: Column, raw: Any
    ) -> models.Model | _Failed | None:
        """The row or reference-data object a key names; None (and a problem) if none."""
        if raw is None:
            return None
        found: models.Model | None
        if column.ref == RULE_SET:
            found = RuleSet.objects.filter(code=raw).first()
            what = _("rule set")
        elif column.ref == RULE_SET_AREA:
            found = RuleSetArea.objects.filter(rule_set=self.new_plan.rule_set, name=raw).first()
            what = _("focus area of the rule set")
        elif column.ref == CORE_ACTIVITY:
            core = CoreActivity.objects.filter(name__iexact=raw).first()
            if core is None:  # a core activity the catalogue lacks is added, as a form does
                core = CoreActivity.objects.create(name=raw, order=CoreActivity.objects.count())
            return core
        else:
            made = self.made.get(column.ref, {})
            if raw in made:
                return made[raw] or _FAILED
            found, what = None, _("row")
        if found is None:
            self.problem(
                kind, index, column.name,
                _("Refers to %(what)s '%(key)s', which does not exist.")
                % {"what": what, "key": str(raw)[:80]},
            )
        return found

    def build(self, kind: Kind, index: int, row: dict[str, Any], instance: models.Model) -> bool:
        """Set the row's values on `instance`; False when a reference is missing."""
        complete = True
        for column in fields_of(kind):
            if column.field is None or column.name not in row:
                continue
            raw = row.get(column.name)
            if column.ref:
                target = self.reference(kind, index, column, raw)
                if target is _FAILED or (target is None and raw is not None):
                    complete = False
                    continue
                setattr(instance, column.name, target)
            else:
                try:
                    setattr(instance, column.field.attname, _value(column.field, raw))
                except (ValidationError, ValueError, TypeError):
                    self.problem(kind, index, column.name, _("The value cannot be read."))
                    complete = False
        return complete

    # --- kinds ------------------------------------------------------------------------------

    def plan_make(self, kind: Kind) -> bool:
        if any(name in ("plan", "agreement") for name, _index in self.bad_rows):
            return False  # without a readable plan nothing below it can be checked
        rows = self.rows(kind)
        if not rows:
            self.problem(kind, None, "", _("The file holds no plan."))
            return False
        row = dict(rows[0])
        if self.slug:
            row["slug"] = self.slug
        rule_set = RuleSet.objects.filter(code=row.get("rule_set")).first()
        if rule_set is None:
            self.problem(kind, 0, "rule_set", _("There is no rule set with the code '%(code)s'.")
                         % {"code": str(row.get("rule_set"))[:40]})
            return False
        plan = Plan()
        self.plan = plan  # rule-set areas are looked up in its rule set
        plan.rule_set = rule_set
        if not self.build(kind, 0, {k: v for k, v in row.items() if k != "rule_set"}, plan):
            return False
        try:
            self.plan = services.plan_create(user=self.user, plan=plan)
        except ValidationError as error:
            self.validation_problems(kind, 0, error)
            return False
        return True

    def organisations(self, kind: Kind) -> None:
        made = self.made.setdefault(kind.name, {})
        for index, row in enumerate(self.rows(kind)):
            if not isinstance(row, dict):
                continue
            name = row.get("name")
            if (kind.name, index) in self.bad_rows:
                if isinstance(name, str):
                    made[name] = None
                continue
            existing = Organisation.objects.filter(
                Q(plan__isnull=True) | Q(plan=self.plan), name=name
            ).first()
            if existing is None:  # one the installation lacks belongs to the imported plan
                existing = Organisation(plan=self.plan)
                self.build(kind, index, row, existing)
                try:
                    existing.full_clean()
                    existing.save()
                except ValidationError as error:
                    self.validation_problems(kind, index, error)
                    made[name] = None
                    continue
            made[name] = existing
        self.counts.append((str(kind.sheet), len(made)))

    def estates(self, kind: Kind) -> None:
        """Boligafdelinger are attached as a form attaches them: an afdeling with owner and
        number that the installation knows is reused, any other is made."""
        made = self.made.setdefault(kind.name, {})
        column = next(c for c in fields_of(kind) if c.name == "organisation")
        for index, row in enumerate(self.rows(kind)):
            if not isinstance(row, dict):
                continue
            key = key_of(kind, row)
            if (kind.name, index) in self.bad_rows:
                if isinstance(key, str):
                    made[key] = None
                continue
            if key in made:
                self.problem(kind, index, "key",
                             _("The key '%(key)s' is used twice.") % {"key": str(key)[:80]})
                continue
            made[key] = None
            organisation = self.reference(kind, index, column, row.get("organisation"))
            if organisation is _FAILED or (organisation is None and row.get("organisation")):
                continue
            assert organisation is None or isinstance(organisation, Organisation)  # refs say so
            try:
                made[key] = services.estate_attach(
                    plan=self.new_plan, organisation=organisation, number=row.get("number") or "",
                    name=row.get("name") or "", address=row.get("address") or "",
                )
            except ValidationError as error:
                self.validation_problems(kind, index, error)
        self.counts.append((str(kind.sheet), sum(1 for e in made.values() if e is not None)))

    def agreement(self, kind: Kind) -> None:
        rows = self.rows(kind)
        agreement = self.new_plan.agreement
        self.made[kind.name] = {"": agreement}
        if not rows:
            return
        if self.build(kind, 0, rows[0], agreement):
            try:
                agreement.full_clean()
                agreement.save()
            except ValidationError as error:
                self.validation_problems(kind, 0, error)
        self.counts.append((str(kind.sheet), 1))

    def rows_make(self, kind: Kind) -> None:
        made = self.made.setdefault(kind.name, {})
        parents = [name for name in kind.parent.split("|") if name]
        siblings: dict[tuple[Any, ...], int] = {}
        created: list[tuple[int, str | None, models.Model]] = []
        skip = [*kind.exclude, *(f.name for f in kind.model._meta.concrete_fields
                                 if f.is_relation)]
        # A row may point at another row of its own kind (a forum under a forum), before or
        # after it in the file: those references are set once every row of the kind exists.
        own = [c.name for c in fields_of(kind) if c.ref == kind.name]
        later: dict[int, dict[str, Any]] = {}
        for index, row in enumerate(self.rows(kind)):
            if not isinstance(row, dict):
                continue
            key = key_of(kind, row)
            if (kind.name, index) in self.bad_rows:  # its problem is listed already
                if isinstance(key, str):
                    made[key] = None
                continue
            if key is not None and key in made:
                self.problem(kind, index, "key" if kind.has_key_column else kind.key[0],
                             _("The key '%(key)s' is used twice.") % {"key": str(key)[:80]})
                continue
            instance: Any = kind.model()  # any kind's model: the columns say what it has
            if any(f.name == "plan" for f in kind.model._meta.concrete_fields):
                instance.plan = self.plan
            if kind.parent == "agreement":
                instance.agreement = self.new_plan.agreement
            later[index] = {name: row.get(name) for name in own if row.get(name) is not None}
            complete = self.build(kind, index, {k: v for k, v in row.items() if k not in own},
                                  instance)
            if kind.ordered:
                group = tuple(row.get(name) for name in parents)
                instance.order = siblings.get(group, 0)
                siblings[group] = instance.order + 1
            if kind.name == "versions":
                instance.data = self.version_data(instance.data)
                instance.document_pk = self.version_document_pk(instance)
            if not complete:
                made[key] = None
                continue
            try:
                # References point at rows made in this run: no query per foreign key. The
                # constraints are checked by the database, and row by row only if it refuses.
                instance.full_clean(exclude=skip, validate_unique=False,
                                    validate_constraints=False)
            except ValidationError as error:
                self.validation_problems(kind, index, error)
                made[key] = None
                continue
            created.append((index, key, instance))
            made[key] = instance
        if created:
            try:
                with transaction.atomic():
                    bulk_save(kind.model, create=[i for _n, _k, i in created], user=self.user,
                              reason=self.reason, plan=self.plan)
            except DatabaseError:
                self.constraint_problems(kind, created, skip)
                created = []
        if own and created:
            self.own_references(kind, created, later)
        self.counts.append((str(kind.sheet), len(created)))

    def own_references(
        self,
        kind: Kind,
        created: list[tuple[int, str | None, models.Model]],
        later: dict[int, dict[str, Any]],
    ) -> None:
        """Set the references to rows of the same kind, now that all of them exist."""
        made = self.made[kind.name]
        changed: list[tuple[int, models.Model]] = []
        for index, _key, instance in created:
            for name, raw in later.get(index, {}).items():
                target = made.get(raw)
                if target is None:
                    self.problem(kind, index, name, _(
                        "Refers to %(what)s '%(key)s', which does not exist."
                    ) % {"what": _("row"), "key": str(raw)[:80]})
                    continue
                setattr(instance, name, target)
                changed.append((index, instance))
        for index, instance in changed:
            try:
                instance.clean()  # e.g. a forum cannot sit under a forum below it
            except ValidationError as error:
                self.validation_problems(kind, index, error)
        own = [c.name for c in fields_of(kind) if c.ref == kind.name]
        bulk_save(kind.model, update=[i for _n, i in changed], fields=own, user=self.user,
                  reason=self.reason, plan=self.plan)

    def constraint_problems(
        self, kind: Kind, created: list[tuple[int, str | None, models.Model]], skip: list[str]
    ) -> None:
        """The database refused the rows: find which break a rule, one by one."""
        found = False
        unique = [c for c in kind.model._meta.constraints if isinstance(c, models.UniqueConstraint)]
        for constraint in unique:
            seen: set[tuple[Any, ...]] = set()
            attnames = [_model_field(kind.model, name).attname for name in constraint.fields]
            for index, _key, instance in created:
                values = tuple(getattr(instance, name) for name in attnames)
                if values in seen:
                    labels = ", ".join(
                        str(_model_field(kind.model, name).verbose_name)
                        for name in constraint.fields if name != "plan"
                    )
                    self.problem(kind, index, "", _(
                        "Another row has the same %(fields)s; they must differ."
                    ) % {"fields": labels})
                    found = True
                seen.add(values)
        for index, _key, instance in created:
            instance.pk = None
            try:
                instance.validate_constraints(exclude=list(kind.exclude))
            except ValidationError as error:
                self.validation_problems(kind, index, error)
                found = True
        if not found:
            self.problem(kind, None, "", _(
                "Two rows are the same where they must differ (e.g. the same year twice "
                "for one line)."
            ))

    def version_document_pk(self, version: DocumentVersion) -> int | None:
        """The id of the document a version is of: the agreement, or the delaftale of its area."""
        if version.kind == "agreement":
            return self.new_plan.agreement.pk
        delaftale = self.made.get("delaftaler", {}).get(version.area_slug)
        return delaftale.pk if delaftale is not None else None

    def version_data(self, data: Any) -> Any:
        """Block keys written with exchange keys ("activity-A3") point at the new rows."""
        if not isinstance(data, dict) or not isinstance(data.get("blocks"), list):
            return data
        blocks = []
        for block in data["blocks"]:
            if isinstance(block, dict):
                match = VERSION_BLOCK_KEY.match(str(block.get("key", "")))
                if match:
                    row = self.made.get(VERSION_BLOCK_KINDS[match[1]], {}).get(match[2])
                    block = {**block, "key": f"{match[1]}-{row.pk if row else '?'}"}
            blocks.append(block)
        return {**data, "blocks": blocks}

    def defaults(self, kind: Kind) -> None:
        """What a new plan starts with (the template's sections, the budget groups) is replaced
        by the file's rows when the file lists the kind, and kept (or made) when it does not."""
        listed = isinstance(self.document.get(kind.name), list)
        if kind.name == "plan_estates":
            links = {link.estate_id: link for link in self.new_plan.plan_estates.all()}
            if listed:
                PlanEstate.objects.filter(plan=self.plan).delete()
            else:
                plan_estates: Made = {
                    key: links.get(estate.pk)
                    for key, estate in self.made.get("estates", {}).items() if estate is not None
                }
                self.made[kind.name] = plan_estates
        elif kind.name == "agreement_sections" and listed:
            Section.objects.filter(agreement=self.new_plan.agreement).delete()
        elif kind.name == "budget_groups":
            if listed:
                BudgetGroup.objects.filter(plan=self.plan).delete()
            else:
                for area in self.new_plan.focus_areas.order_by("order", "id"):
                    services.budget_group_add_for_area(area=area)
        elif kind.name == "delaftale_sections" and not listed:
            for delaftale in self.made.get("delaftaler", {}).values():
                if isinstance(delaftale, Delaftale) and delaftale.pk:
                    sections_create_from_template(delaftale=delaftale)

    def listing(self, limit: int = LISTED_PER_KIND) -> list[tuple[str, list[str], int]]:
        """The rows made, as text, per sheet (the first `limit`; read inside the transaction,
        before a preview rolls it back)."""
        listing = []
        for kind in KINDS:
            made: list[models.Model] = [
                row for row in self.made.get(kind.name, {}).values() if row is not None
            ]
            if kind.name == "plan" and self.plan is not None:
                made = [self.plan]
            if made:
                shown = [str(row)[:120] for row in made[:limit]]
                listing.append((str(kind.sheet), shown, len(made) - len(shown)))
        return listing

    def run(self) -> None:
        for kind in KINDS:
            if kind.name == "plan":
                if not self.plan_make(kind):
                    return
            elif kind.name == "organisations":
                self.organisations(kind)
            elif kind.name == "estates":
                self.estates(kind)
            elif kind.name == "agreement":
                self.agreement(kind)
            else:
                self.defaults(kind)
                self.rows_make(kind)


def _model_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    model_field = model._meta.get_field(name)
    assert isinstance(model_field, models.Field)  # a constraint names the model's own fields
    return model_field


def plan_import(*, upload: Upload, user: "User", name: str, slug: str | None = None,
                commit: bool = True) -> ImportResult:
    """Import the uploaded document as a new plan led by `user`. With `commit=False`, or when
    any problem is found, nothing is written; the result lists what would be (or why not)."""
    reason = _("Plan import: %(name)s") % {"name": name[:80]}
    run = _Run(upload=upload, user=user, slug=slug, reason=reason)
    listing: list[tuple[str, list[str], int]] = []
    try:
        with transaction.atomic():
            run.run()
            if not commit:
                listing = run.listing()
            if run.problems or not commit:
                raise _RolledBack
            audit_event("plan_import", user_id=user.pk, plan_id=run.new_plan.pk, reason=name[:80])
    except _RolledBack:
        pass
    plan = run.plan if commit and not run.problems else None
    document_plan = upload.document.get("plan") if isinstance(upload.document, dict) else None
    document_plan = document_plan if isinstance(document_plan, dict) else {}
    return ImportResult(
        plan=plan,
        counts=run.counts,
        problems=run.problems,
        listing=listing,
        name=str(document_plan.get("name", ""))[:200],
        slug=slug or str(document_plan.get("slug", ""))[:80],
    )


__all__ = ["ImportResult", "plan_import", "NON_FIELD_ERRORS"]
