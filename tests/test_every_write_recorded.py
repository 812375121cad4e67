"""Every write leaves a record of who and when (issue 17, point 7): a history row (plan data,
django-simple-history) or an audit event (members, invitations, reference data, accounts).

The test walks every URL pattern: each route has a case that makes it write, or a reason why a
POST to it writes nothing (which is checked too). A new route without either fails
`test_every_route_has_a_write_case`. The database is compared row by row before and after the
request; a change with neither a new history row by the acting user nor an audit event naming
them fails.
"""

import datetime
import hashlib
import logging
from dataclasses import dataclass
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from activities.history import history_models
from activities.models import BudgetLine, SuccessCriterion
from plans.models import (
    FinancingLine,
    Invitation,
    Membership,
    Organisation,
    RuleSetArea,
)
from reporting.models import RenderedDocument
from tests.conftest import _approved_version as _version
from tests.factories import FocusAreaFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.plan_rows import is_part_route, part_route_kwargs, row_kinds
from tests.test_routes import ALL_ROUTES, OPEN_ROUTES, _kwargs_for

PASSWORD = "langt-og-godt-kodeord-42"

# Routes whose POST writes nothing, with the reason (checked: the database stays the same).
NO_WRITE = {
    "home": "a redirect",
    "logout": "ends the session (sessions are no plan data); the audit log has sign_out",
    "set_language": "a cookie",
    "health": "reads the database",
    "password_reset": "sends an e-mail",
    "password_reset_done": "a page",
    "password_reset_complete": "a page",
    "plans:plan_list": "a list",
    "plans:organisation": "a page",
    "reporting:portfolio": "a list",
    "reporting:dashboard": "a page",
    "reporting:deadlines": "a page",
    "reporting:documents": "a page",
    "reporting:preview": "a page",
    "reporting:pdf": "renders; a slow PDF is a job in the file cache, no plan data",
    "reporting:job": "a page",
    "reporting:job_download": "a file",
    "activities:plan_detail": "a page",
    "activities:agreement_detail": "a page",
    "activities:focus_area_detail": "a page",
    "activities:delaftale_detail": "a page",
    "activities:activity_detail": "a page",
    "activities:milestone_plan": "a page",
    "activities:indicators": "a page",
    "activities:milestone_plan_year": "a page",
    "activities:budget_check": "checks typed numbers without saving them",
    "activities:delaftale_compare": "a page",
    "activities:agreement_compare": "a page",
    "activities:plan_history": "a page",
    "activities:object_history": "a page",
    "activities:version_pdf": "a file",
    "activities:evidence_download": "a file",
    "spreadsheets:index": "a page",
    "spreadsheets:export": "a file",
    "spreadsheets:template": "a file",
    "spreadsheets:import_upload": "keeps the file until it is confirmed (no plan data)",
    "spreadsheets:import_preview": "a page",
    "spreadsheets:import_errors": "a file (the preview's errors)",
}


@dataclass
class Case:
    """`prepare(plan)` makes the rows the write needs (before the database is compared);
    `post(client, plan, prepared)` makes the route write and returns the response, or the
    response and the id of the user who acted when that is not the signed-in one."""

    post: Any
    prepare: Any = None


def _url(name, plan, **kwargs):
    return reverse(name, kwargs={"slug": plan.slug, **kwargs})


def _changed(data: tuple[dict, list]) -> dict:
    """The form's data with its first plain text field changed."""
    values, text_keys = data
    if not text_keys:
        raise AssertionError(f"no text field to change in {sorted(values)}")
    key = text_keys[0]
    return {**values, key: f"{values.get(key) or 'Tekst'} (ændret)"}


def _edit(url_of):
    def post(client, plan, prepared):
        url = url_of(plan)
        return client.post(url, _changed(_form_values(client, url)))

    return post


def _edit_validity(url_of):
    def post(client, plan, prepared):
        url = url_of(plan)
        data, _text = _form_values(client, url)
        return client.post(url, {**data, "valid_to": "2024-01-31"})

    return post


def _post(url_of, data_of=lambda plan, prepared: {}):
    """POST `data_of(plan, prepared)` to `url_of(plan, prepared)`."""

    def post(client, plan, prepared):
        return client.post(url_of(plan, prepared), data_of(plan, prepared))

    return post


def _form_values(client, url) -> tuple[dict, list]:
    """The form's data as the browser posts it back (files are not sent again), and the names
    of its plain text fields."""
    form = client.get(url).context["form"]
    data, text_keys = {}, []
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or isinstance(value, FieldFile):
            continue
        key = form.add_prefix(name)
        data[key] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
        if type(field) is forms.CharField and not field.widget.is_hidden:
            text_keys.append((-(field.max_length or 10**9), key))
    return data, [key for _length, key in sorted(text_keys)]  # the roomiest text field first


def _part_case(kind: str, action: str) -> Case:
    def url(plan, action=action):
        return reverse(f"{kind}_{action}", kwargs=part_route_kwargs(plan, kind, action))

    if action == "edit":
        return Case(_edit(url))
    if action == "create":
        # The data of an existing row, posted to the create form, makes a second such row.
        def create(client, plan, prepared):
            data, text_keys = _form_values(client, url(plan, "edit"))
            data.pop("loaded_values", None)
            if "content" in data:  # a part that a section shows is printed once: show none
                data["content"] = ""
            return client.post(url(plan), _changed((data, text_keys)))

        return Case(create)
    if action == "move":
        # A second row to swap with: a copy of the first, made before the comparison.
        def second_row(plan):
            first = row_kinds()[kind].rows(plan).order_by("pk").first()
            first.pk = first.id = None
            first._state.adding = True
            first.save()

        return Case(_post(lambda plan, prepared: url(plan)), prepare=second_row)
    return Case(_post(lambda plan, prepared: url(plan)))


def _free_rule_set_area(plan):
    chosen = plan.focus_areas.exclude(rule_set_area=None).values("rule_set_area")
    return RuleSetArea.objects.filter(rule_set=plan.rule_set).exclude(pk__in=chosen).first()


def _area_without_lines(plan):
    rule_area = _free_rule_set_area(plan)
    return FocusAreaFactory(plan=plan, rule_set_area=rule_area, name=rule_area.name,
                            slug="uden-linjer")


def _delaftale_without_activities(plan):
    from plans.services import delaftale_create

    return delaftale_create(plan=plan, focus_area=_area_without_lines(plan))


def _invitation_accept(client, plan, invitation):
    response = client.post(
        reverse("invitation_accept", args=[invitation.token]),
        {"username": "ny-bruger", "password1": PASSWORD, "password2": PASSWORD},
    )
    return response, get_user_model().objects.get(username="ny-bruger").pk


def _password_reset_confirm(client, plan, user):
    url = reverse("password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    })
    form_url = client.get(url)["Location"]
    response = client.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    return response, user.pk


def _user_with_password(plan):
    user = UserFactory()
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client, plan, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    return response, user.pk


def _upload_measurements(plan):
    from tests.reporting.spreadsheet_files import measurements_file

    criterion = SuccessCriterion.objects.get(activity__delaftale__focus_area__plan=plan)
    return measurements_file([[criterion.pk, datetime.date(2022, 3, 1), 6, None, "", ""]])


def _import_confirm(client, plan, content):
    from reporting.exchange.sheets.export import XLSX_CONTENT_TYPE

    client.post(_url("spreadsheets:import_upload", plan, kind="maalinger"), {
        "file": SimpleUploadedFile("m.xlsx", content, content_type=XLSX_CONTENT_TYPE)})
    page = client.get(_url("spreadsheets:import_preview", plan, kind="maalinger"))
    return client.post(_url("spreadsheets:import_confirm", plan, kind="maalinger"),
                       {"fingerprint": page.context["preview"].fingerprint, "confirm": "1"})


def _grid(grid, key, model):
    def post(client, plan, prepared):
        line = model.objects.filter(plan=plan).first()
        year = plan.period_start.year
        return client.post(_url("activities:budget", plan) + (
            "?visning=forbrug" if grid == "forbrug" else ""),
            {"grid": grid, f"{key}-{line.pk}-{year}": "1.000"})

    return post


def _reader(plan):
    return MembershipFactory(plan=plan, role=Membership.Role.READER)


def _plan_url(name, **kwargs):
    """The url of `name` in the plan, with kwargs computed from the prepared row."""
    return lambda plan, prepared: _url(name, plan, **{
        key: value(prepared) for key, value in kwargs.items()})


CASES: dict[str, list[Case]] = {
    "login": [Case(_login, prepare=_user_with_password)],
    "invitation_accept": [Case(_invitation_accept, prepare=lambda plan: Invitation.objects.create(
        plan=plan, email="ny@example.dk", role="laeser", token="y" * 40))],
    "password_reset_confirm": [Case(_password_reset_confirm, prepare=_user_with_password)],
    "plans:plan_create": [Case(_post(lambda plan, _p: reverse("plans:plan_create"),
                                     lambda plan, _p: {
        "name": "Ny plan", "area_name": "Et område", "slug": "ny-plan-test",
        "rule_set": plan.rule_set.pk, "period_start": "2025-01-01", "period_end": "2028-12-31",
        "status": plan.status}))],
    "plans:plan_edit": [Case(_edit(lambda plan: _url("plans:plan_edit", plan)))],
    "plans:plan_parties": [
        Case(_post(_plan_url("plans:plan_parties"), lambda plan, organisation: {
            "add_party": "1", "party-organisation": organisation.pk, "party-role": "kommune"}),
            prepare=lambda plan: OrganisationFactory()),
        Case(_post(_plan_url("plans:plan_parties"), lambda plan, _p: {
            "add_organisation": "1", "org-name": "Ny forening", "org-kind": "andet"})),
        Case(_post(_plan_url("plans:plan_parties"), lambda plan, organisation: {
            "add_estate": "1", "estate-organisation": organisation.pk,
            "estate-number": "7", "estate-name": "Engen"}),
            prepare=lambda plan: OrganisationFactory(kind=Organisation.Kind.HOUSING)),
    ],
    "plans:party_remove": [Case(_post(lambda plan, _p: _url(
        "plans:party_remove", plan, pk=plan.parties.first().pk)))],
    "plans:estate_remove": [Case(_post(lambda plan, _p: _url(
        "plans:estate_remove", plan, pk=plan.estates.first().pk)))],
    "plans:focus_areas": [Case(_post(_plan_url("plans:focus_areas"),
                                     lambda plan, _p: {"areas": [_free_rule_set_area(plan).pk]}))],
    "plans:focus_area_edit": [Case(_edit(lambda plan: _url(
        "plans:focus_area_edit", plan, area=plan.focus_areas.first().slug)))],
    "plans:focus_area_delete": [Case(_post(_plan_url("plans:focus_area_delete",
                                                     area=lambda area: area.slug)),
                                     prepare=_area_without_lines)],
    "plans:agreement_section_edit": [Case(_edit_validity(lambda plan: _url(
        "plans:agreement_section_edit", plan, section="gyldighed")))],
    "plans:delaftale_create": [Case(_post(_plan_url("plans:delaftale_create"),
                                          lambda plan, area: {"focus_area": area.pk}),
                                    prepare=_area_without_lines)],
    "plans:delaftale_delete": [Case(_post(_plan_url(
        "plans:delaftale_delete", area=lambda delaftale: delaftale.focus_area.slug)),
        prepare=_delaftale_without_activities)],
    "plans:delaftale_section_edit": [Case(_edit_validity(lambda plan: _url(
        "plans:delaftale_section_edit", plan, area=plan.focus_areas.first().slug,
        section="gyldighed")))],
    "plans:members": [
        Case(_post(_plan_url("plans:members"),
                   lambda plan, _p: {"email": "ny@example.dk", "role": "laeser"})),
        Case(_post(_plan_url("plans:members"),
                   lambda plan, user: {"email": user.email, "role": "laeser"}),
             prepare=lambda plan: UserFactory(email="kendt@example.dk")),
    ],
    "plans:member_edit": [Case(_post(_plan_url("plans:member_edit", pk=lambda m: m.pk),
                                     lambda plan, _p: {"role": "bestyrelse"}), prepare=_reader)],
    "plans:member_remove": [Case(_post(_plan_url("plans:member_remove", pk=lambda m: m.pk)),
                                 prepare=_reader)],
    "plans:invitation_withdraw": [Case(_post(lambda plan, _p: _url(
        "plans:invitation_withdraw", plan, pk=plan.invitations.first().pk)))],
    "activities:budget": [
        Case(_grid("budget", "b", BudgetLine)),
        Case(_grid("forbrug", "b", BudgetLine)),
        Case(_grid("finansiering", "f", FinancingLine)),
    ],
    "reporting:delaftale_transition": [Case(_post(
        lambda plan, _p: _url("reporting:delaftale_transition", plan,
                              area=plan.focus_areas.first().slug),
        lambda plan, _p: {"action": "submit"}))],
    "reporting:agreement_transition": [Case(_post(
        _plan_url("reporting:agreement_transition"), lambda plan, _p: {"action": "submit"}))],
    "spreadsheets:import_confirm": [Case(_import_confirm, prepare=_upload_measurements)],
}


# Rows kept one per afdeling (time split, values per afdeling) need another afdeling to add or
# order a second row, and change a number rather than a text.
def _another_afdeling(plan):
    from plans.models import HousingEstate, PlanEstate

    estate = HousingEstate.objects.create(name="Nyparken")
    return PlanEstate.objects.create(plan=plan, estate=estate, order=9)


def _per_afdeling_cases(kind: str, numbers: dict) -> dict[str, list[Case]]:
    def url(plan, action):
        return reverse(f"{kind}_{action}", kwargs=part_route_kwargs(plan, kind, action))

    def create(client, plan, other):
        data, _text = _form_values(client, url(plan, "edit"))
        data.pop("loaded_values", None)
        return client.post(url(plan, "create"), {**data, **numbers, "plan_estate": other.pk})

    def edit(client, plan, prepared):
        data, _text = _form_values(client, url(plan, "edit"))
        return client.post(url(plan, "edit"), {**data, **numbers})

    def second_row(plan):
        first = row_kinds()[kind].rows(plan).order_by("pk").first()
        first.pk = first.id = None
        first._state.adding = True
        first.plan_estate = _another_afdeling(plan)
        first.save()

    return {
        f"{kind}_create": [Case(create, prepare=_another_afdeling)],
        f"{kind}_edit": [Case(edit)],
        f"{kind}_move": [Case(_post(lambda plan, _p: url(plan, "move")),
                                    prepare=second_row)],
    }


def _new_afdeling(plan):
    from plans.models import HousingEstate

    return HousingEstate.objects.create(name="Nyparken")


CASES.update(_per_afdeling_cases("plans:ressourcefordeling", {"share_percent": "7"}))
CASES.update(_per_afdeling_cases("plans:sekretariatsfordeling", {"share_percent": "7"}))
CASES.update(_per_afdeling_cases("activities:afdelingsvaerdier", {"baseline_value": "3",
                                                       "target_value": "9"}))
CASES["plans:boligafdelinger_create"] = [Case(
    _post(lambda plan, estate: reverse("plans:boligafdelinger_create", args=[plan.slug]),
          lambda plan, estate: {"estate": estate.pk, "status": "Udsat boligområde"}),
    prepare=_new_afdeling,
)]
def _word_section(plan):
    from plans.sections import sections_write

    delaftale = plan.focus_areas.first().delaftale
    sections_write(document=delaftale, texts={"kommunal": "Første afsnit.\n\nAndet afsnit."})
    return delaftale


def _word_confirm(client, plan, delaftale):
    """Upload a .docx whose section an editor changed, look at the preview, accept it all."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.reporting.word_files import edited, exported, paragraph_after

    args = [plan.slug, delaftale.focus_area.slug]

    def edit(document):
        paragraph_after(document, "Sammenhæng med den kommunale indsats", 2).text = "Ændret."

    content = edited(exported(plan, delaftale.focus_area.slug), edit)
    client.post(reverse("reporting:word_import", args=args),
                {"file": SimpleUploadedFile("delaftale.docx", content)})
    preview = client.get(reverse("reporting:word_import_preview", args=args))
    ids = [change.id for change in preview.context["result"].changes]
    return client.post(reverse("reporting:word_import_confirm", args=args), {"accept": ids})


CASES["reporting:word_import_confirm"] = [Case(_word_confirm, prepare=_word_section)]


def _exchange_confirm(client, plan, prepared):
    """Bring a plan in from an exchange file (the format's example), then confirm."""
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    content = (Path(__file__).parents[1] / "reporting/exchange/example.json").read_bytes()
    client.post(reverse("exchange:import_upload"),
                {"file": SimpleUploadedFile("plan.json", content), "slug": "kopi"})
    return client.post(reverse("exchange:import_confirm"), {"confirm": "1"})


CASES["exchange:import_confirm"] = [Case(_exchange_confirm)]


def _lock_first_year(plan):
    from plans.models import YearLock

    return YearLock.objects.create(plan=plan, year=plan.period_start.year)


def _propose(plan, _prepared):
    return {"m-TOTAL_FORMS": "1", "m-INITIAL_FORMS": "0", "m-0-include": "on",
            "m-0-title": "Ny milepæl", "m-0-quarter": "2"}


CASES["reporting:year_lock"] = [Case(_post(lambda plan, _p: _url(
    "reporting:year_lock", plan, year=plan.period_start.year)))]
CASES["reporting:year_reopen"] = [Case(_post(
    lambda plan, _p: _url("reporting:year_reopen", plan, year=plan.period_start.year),
    lambda plan, _p: {"reason": "Revisor fandt en fejl"}), prepare=_lock_first_year)]
CASES["activities:milestone_plan_propose"] = [Case(_post(lambda plan, _p: _url(
    "activities:milestone_plan_propose", plan, year=plan.period_start.year + 1), _propose))]
NO_WRITE["reporting:years"] = "a page"
NO_WRITE["reporting:annual_xlsx"] = "a download (GET)"
NO_WRITE["exchange:export"] = "a download (GET)"
NO_WRITE["exchange:import_upload"] = (
    "keeps the uploaded file for the preview; nothing is created until the user confirms"
)
NO_WRITE["exchange:import_preview"] = "a page (GET)"
NO_WRITE["reporting:docx"] = "a download (GET)"
NO_WRITE["reporting:word_import"] = (
    "keeps the uploaded file for the preview; the plan changes only when the leder confirms"
)
NO_WRITE["reporting:word_import_preview"] = "a page (GET)"
CASES["plans:boligafdelinger_move"] = [Case(
    _post(lambda plan, _p: reverse(
        "plans:boligafdelinger_move",
        kwargs=part_route_kwargs(plan, "plans:boligafdelinger", "move"),
    )),
    prepare=_another_afdeling,
)]
def _second_indicator(plan):
    from activities.models import Indicator

    return Indicator.objects.create(plan=plan, name="Anden indikator", order=1)


def _indicator_value_for_the_area(client, plan, _prepared):
    """A value for the whole area next to the filled plan's value for its afdeling."""
    def url(action):
        return reverse(f"activities:indikatorvaerdier_{action}",
                       kwargs=part_route_kwargs(plan, "activities:indikatorvaerdier", action))

    data, _text = _form_values(client, url("edit"))
    return client.post(url("create"), {**data, "plan_estate": ""})


CASES["activities:indikatorer_move"] = [Case(
    _post(lambda plan, second: reverse("activities:indikatorer_move",
                                       args=[plan.slug, second.pk, "op"])),
    prepare=_second_indicator,
)]
CASES["activities:indikatorvaerdier_create"] = [Case(_indicator_value_for_the_area)]
for _name in ALL_ROUTES:
    if is_part_route(_name):
        _kind, _, _action = _name.rpartition("_")
        if _action == "move" and not row_kinds()[_kind].ordered:
            NO_WRITE[_name] = "the rows of this kind have no order of their own: 404"
        else:
            CASES.setdefault(_name, [_part_case(_kind, _action)])

WRITE_CASES = [(name, number) for name, cases in CASES.items() for number in range(len(cases))]


def test_every_route_has_a_write_case():
    missing = sorted(set(ALL_ROUTES) - set(CASES) - set(NO_WRITE))
    assert not missing, "Routes without a case in tests/test_every_write_recorded.py: " + (
        ", ".join(missing))
    assert not set(CASES) & set(NO_WRITE)
    assert set(row_kinds()) <= {name.rpartition("_")[0] for name in CASES}


# --- The database, before and after ------------------------------------------------------------

_SKIPPED = {"RenderedDocument", "Session", "LogEntry"}  # a file cache, sessions, admin's own log


def _watched_models():
    history = {model.history.model for model in history_models()}
    return [
        model
        for app in ("plans", "activities", "reporting", "auth")
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
        if model not in history and model.__name__ not in _SKIPPED
    ]


def _state() -> dict[str, str]:
    """A fingerprint of every row of plan data, reference data and accounts, per model."""
    state = {}
    for model in _watched_models():
        rows = sorted(model.objects.order_by().values_list(), key=repr)
        state[model.__name__] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return state


def _history_rows_by(user_id) -> int:
    return sum(model.history.filter(history_user_id=user_id).count()
               for model in history_models())


@pytest.fixture
def audit(caplog):
    caplog.set_level(logging.INFO, logger="helhedsplan.audit")
    return caplog


@pytest.fixture
def writable_plan(filled_plan, settings, tmp_path):
    """A plan with one row of everything, an estate, an open invitation and a second leader."""

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    MembershipFactory(plan=filled_plan, role=Membership.Role.LEADER)
    Invitation.objects.create(plan=filled_plan, email="a@example.dk", role="laeser", token="x")
    _version(filled_plan)
    job = RenderedDocument.objects.create(plan=filled_plan, spec="budget", title="Budget",
                                          status="done")
    job.file.save("budget.pdf", ContentFile(b"%PDF-1.7\n"))
    return filled_plan


@pytest.mark.parametrize(("name", "number"), WRITE_CASES)
def test_every_write_leaves_a_history_row_or_an_audit_event(name, number, writable_plan, audit):
    case = CASES[name][number]
    acting = MembershipFactory(plan=writable_plan, role=Membership.Role.LEADER).user
    # Starting plans is a right the admin gives (plans:plan_create).
    acting.user_permissions.add(Permission.objects.get(codename="add_plan"))
    client = Client()
    if name not in ("login", "invitation_accept", "password_reset_confirm"):
        client.force_login(acting)
    prepared = case.prepare(writable_plan) if case.prepare else None
    before = _state()
    history_before = _history_rows_by(acting.pk)
    audit.clear()

    result = case.post(client, writable_plan, prepared)

    response, user_id = result if isinstance(result, tuple) else (result, acting.pk)
    form = (response.context or {}).get("form")
    assert response.status_code in (200, 302), (name, response.status_code,
                                                form.errors if form else response.content[:500])
    after = _state()
    changed = sorted(model for model in after if after[model] != before[model])
    assert changed, f"{name} (case {number}) wrote nothing: the case must make it write"
    history_now = _history_rows_by(user_id) if user_id == acting.pk else 0
    events = [record for record in audit.records
              if record.name == "helhedsplan.audit" and record.user_id == user_id
              and record.event != "permission_denied"
              and (record.event != "sign_in" or name == "login")]
    assert history_now > history_before or events, (
        f"{name} (case {number}) changed {changed} without a history row or an audit event "
        f"naming who did it"
    )


NO_WRITE_ROUTES = sorted(NO_WRITE)


@pytest.mark.parametrize("name", NO_WRITE_ROUTES)
def test_a_route_said_to_write_nothing_writes_nothing(name, writable_plan):
    client = Client()
    client.force_login(writable_plan.memberships.filter(role="leder").first().user)
    url = reverse(name) if name in OPEN_ROUTES else reverse(
        name, kwargs=_kwargs_for(name, writable_plan))
    before = _state()

    client.post(url, {"email": "a@example.dk", "grid": "budget", "text": "x"})

    after = _state()
    assert sorted(model for model in after if after[model] != before[model]) == []


def test_a_new_member_role_is_told_with_who_changed_it(writable_plan, audit, leader_client):
    """The audit event names the person who made the change and the row, in the plan."""
    membership = _reader(writable_plan)
    audit.clear()
    leader_client.post(_url("plans:member_edit", writable_plan, pk=membership.pk),
                       {"role": "bestyrelse"})
    [record] = [r for r in audit.records if r.name == "helhedsplan.audit"]
    assert (record.event, record.plan_id, record.object_type, record.object_id) == (
        "member_role_changed", writable_plan.pk, "membership", membership.pk)
    assert record.user_id == int(leader_client.session["_auth_user_id"])

