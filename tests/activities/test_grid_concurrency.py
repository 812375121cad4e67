"""No lost updates in the money grids (issue 17, points 1 and 2): a grid page carries the cells
it showed; a save over someone else's change is refused with what they changed, and a cell that
was not sent stays as it is."""

import threading
import time

import pytest
from django.test import Client
from django.urls import reverse

from activities import services as activity_services
from activities.models import BudgetAmount, BudgetLine
from activities.services import budget_cells_save
from plans.models import FinancingAmount, FinancingLine, Membership, Plan
from plans.services import financing_cells_save
from tests.factories import MembershipFactory

CONFLICT = "En anden har gemt"


def _url(plan, query=""):
    return reverse("activities:budget", args=[plan.slug]) + query


def _page_data(client, plan, grid="budget"):
    """What the browser posts back unchanged: every cell as shown and the hidden field."""
    query = "?visning=forbrug" if grid == "forbrug" else ""
    context = client.get(_url(plan, query)).context
    if grid == "finansiering":
        rows, form = context["financing_lines"], context["financing_form"]
    else:
        rows = [row for group in context["money"].grid.groups for row in group.rows]
        form = context["budget_form"]
    data = {"grid": grid, "loaded_values": form["loaded_values"].value()}
    for row in rows:
        for _year, name, value, _errors, _locked in row.inputs:
            data[name] = value
    return data


@pytest.fixture
def two_lines(plan):
    first = BudgetLine.objects.create(plan=plan, text="Kontorhold", category="drift")
    second = BudgetLine.objects.create(plan=plan, text="Husleje", category="drift")
    budget_cells_save(plan=plan, cells={(first.pk, 2020): 1000, (second.pk, 2020): 2000})
    return first, second


@pytest.fixture
def second_leader_client(plan):
    client = Client()
    client.force_login(MembershipFactory(plan=plan, role=Membership.Role.LEADER).user)
    return client


def _amount(line, year=2020, field="amount"):
    return getattr(BudgetAmount.objects.get(line=line, year=year), field)


def test_budget_save_from_an_older_page_is_refused_and_keeps_the_other_change(
    leader_client, second_leader_client, plan, two_lines
):
    first, second = two_lines
    anne = _page_data(leader_client, plan)
    bo = _page_data(second_leader_client, plan)

    anne[f"b-{first.pk}-2020"] = "1.111"
    assert leader_client.post(_url(plan), anne).status_code == 302
    bo[f"b-{second.pk}-2020"] = "2.222"
    response = second_leader_client.post(_url(plan), bo)

    assert response.status_code == 400
    text = response.content.decode()
    assert CONFLICT in text
    assert "Kontorhold, 2020: »1.000 kr.« → »1.111 kr.«" in text
    assert (_amount(first), _amount(second)) == (1111, 2000)  # nothing overwritten


def test_saving_again_after_the_refusal_keeps_the_other_change_in_untouched_cells(
    leader_client, second_leader_client, plan, two_lines
):
    first, second = two_lines
    anne = _page_data(leader_client, plan)
    bo = _page_data(second_leader_client, plan)
    anne[f"b-{first.pk}-2020"] = "1.111"
    leader_client.post(_url(plan), anne)
    bo[f"b-{second.pk}-2020"] = "2.222"
    refused = second_leader_client.post(_url(plan), bo)

    # The refused page shows Anne's value in the cell Bo did not touch and Bo's typing in his.
    rows = [row for group in refused.context["money"].grid.groups for row in group.rows]
    shown = {name: value for row in rows for _y, name, value, _e, _locked in row.inputs}
    assert shown[f"b-{first.pk}-2020"] == "1.111"
    assert shown[f"b-{second.pk}-2020"] == "2.222"
    again = {**shown, "grid": "budget",
             "loaded_values": refused.context["budget_form"]["loaded_values"].value()}
    assert second_leader_client.post(_url(plan), again).status_code == 302
    assert (_amount(first), _amount(second)) == (1111, 2222)


def test_spending_save_from_an_older_page_is_refused(
    leader_client, second_leader_client, plan, two_lines
):
    first, second = two_lines
    anne = _page_data(leader_client, plan, "forbrug")
    bo = _page_data(second_leader_client, plan, "forbrug")
    anne[f"b-{first.pk}-2020"] = "500"
    assert leader_client.post(_url(plan, "?visning=forbrug"), anne).status_code == 302
    bo[f"b-{second.pk}-2020"] = "700"

    response = second_leader_client.post(_url(plan, "?visning=forbrug"), bo)

    assert response.status_code == 400 and CONFLICT in response.content.decode()
    assert (_amount(first, field="spent"), _amount(second, field="spent")) == (500, None)


def test_financing_save_from_an_older_page_is_refused(
    leader_client, second_leader_client, plan
):
    lbf = FinancingLine.objects.create(plan=plan, kind="lbf", name="Landsbyggefonden")
    kommune = FinancingLine.objects.create(plan=plan, kind="kommune", name="Kommunen")
    anne = _page_data(leader_client, plan, "finansiering")
    bo = _page_data(second_leader_client, plan, "finansiering")
    anne[f"f-{lbf.pk}-2020"] = "300.000"
    assert leader_client.post(_url(plan), anne).status_code == 302
    bo[f"f-{kommune.pk}-2020"] = "100.000"

    response = second_leader_client.post(_url(plan), bo)

    assert response.status_code == 400
    assert "Landsbyggefonden, 2020: »–« → »300.000 kr.«" in (
        response.content.decode()
    )
    assert list(FinancingAmount.objects.values_list("line_id", "amount")) == [(lbf.pk, 300_000)]


@pytest.mark.parametrize("grid, key", [("budget", "b"), ("finansiering", "f")])
def test_a_cell_missing_from_the_post_is_left_as_it_is(leader_client, plan, two_lines, grid, key):
    first, second = two_lines
    lbf = FinancingLine.objects.create(plan=plan, kind="lbf", name="Landsbyggefonden")
    financing_cells_save(plan=plan, cells={(lbf.pk, 2020): 5000, (lbf.pk, 2021): 6000})
    line = first if grid == "budget" else lbf

    response = leader_client.post(_url(plan), {"grid": grid, f"{key}-{line.pk}-2021": "7.000"})

    assert response.status_code == 302
    assert _amount(second) == 2000 and _amount(first) == 1000
    assert dict(FinancingAmount.objects.values_list("year", "amount")) == (
        {2020: 5000, 2021: 7000} if grid == "finansiering" else {2020: 5000, 2021: 6000}
    )


def test_a_tampered_grid_field_is_refused(leader_client, plan, two_lines):
    first, _second = two_lines
    response = leader_client.post(
        _url(plan), {"grid": "budget", "loaded_values": "forfalsket", f"b-{first.pk}-2020": "9"}
    )
    assert response.status_code == 400
    assert _amount(first) == 1000


# --- Really simultaneous --------------------------------------------------------------------

WRITERS = 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("grid", ["budget", "finansiering"])
def test_simultaneous_saves_of_the_same_empty_cells_one_wins_no_500(monkeypatch, grid):
    """Five leders press save on the same empty cells at the same moment, each from a page
    loaded before anyone saved. The write is slowed down inside the transaction, so without
    the plan lock the cells are created twice (500 on PostgreSQL) or every save 'wins'."""
    from django.db import connection

    from tests.conftest import build_filled_plan

    plan = build_filled_plan()
    line_ids = list((BudgetLine if grid == "budget" else FinancingLine).objects
                    .filter(plan=plan).values_list("pk", flat=True))
    assert not BudgetAmount.objects.exists() and not FinancingAmount.objects.exists()
    clients = []
    for _ in range(WRITERS):
        client = Client()
        client.force_login(MembershipFactory(plan=plan, role=Membership.Role.LEADER).user)
        clients.append(client)
    loaded = [_page_data(client, plan, grid) for client in clients]
    key = "b" if grid == "budget" else "f"
    years = range(plan.period_start.year, plan.period_end.year + 1)

    real_bulk_save = activity_services.bulk_save

    def slow_bulk_save(*args, **kwargs):
        time.sleep(0.3)  # the window in which the others would slip through without the lock
        return real_bulk_save(*args, **kwargs)

    import plans.services as plan_services

    monkeypatch.setattr(activity_services, "bulk_save", slow_bulk_save)
    monkeypatch.setattr(plan_services, "bulk_save", slow_bulk_save)
    start = threading.Barrier(WRITERS)
    results: dict[int, tuple[int, str]] = {}

    def save(number: int) -> None:
        try:
            data = {**loaded[number]}
            for line_id in line_ids:
                for year in years:
                    data[f"{key}-{line_id}-{year}"] = str(1000 + number)
            start.wait()
            response = clients[number].post(_url(plan), data)
            results[number] = (response.status_code, response.content.decode())
        except Exception as error:  # noqa: BLE001 - reported below, with the thread's number
            results[number] = (-1, repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(status for status, _ in results.values())
    assert statuses == [302] + [400] * (WRITERS - 1), results
    [winner] = [n for n, (status, _) in results.items() if status == 302]
    assert all(CONFLICT in text for n, (_s, text) in results.items() if n != winner)
    model = BudgetAmount if grid == "budget" else FinancingAmount
    assert set(model.objects.values_list("amount", flat=True)) == {1000 + winner}
    assert model.objects.count() == len(line_ids) * len(years)
    assert Plan.objects.filter(pk=plan.pk).exists()
