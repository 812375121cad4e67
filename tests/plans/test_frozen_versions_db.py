"""Approved versions cannot be changed in the database itself, not only through the ORM
(issue 17, point 22): a raw SQL UPDATE is refused by a trigger on PostgreSQL and on SQLite."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from plans.models import DocumentVersion, VersionFrozen


@pytest.fixture
def version(plan):
    return DocumentVersion.objects.create(
        plan=plan,
        kind="agreement",
        document_pk=plan.agreement.pk,
        title="Strategisk samarbejdsaftale",
        number=1,
        state="godkendt",
        approved_at=timezone.now(),
        data={"title": "", "blocks": []},
        sha256="a" * 64,
    )


@pytest.mark.parametrize(
    "column,value",
    [("sha256", "b" * 64), ("data", '{"title": "x", "blocks": []}'), ("number", 2)],
)
def test_a_raw_sql_update_of_an_approved_version_is_refused(column, value, version):
    table = DocumentVersion._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, version.pk])

    version.refresh_from_db()
    assert (version.sha256, version.number, version.data["title"]) == ("a" * 64, 1, "")


def test_the_orm_still_refuses_first(version):
    with pytest.raises(VersionFrozen):
        DocumentVersion.objects.filter(pk=version.pk).update(sha256="c" * 64)


def test_a_new_version_can_still_be_written(version):
    assert DocumentVersion.objects.filter(plan=version.plan).count() == 1


def test_the_whole_sha256_is_shown_where_versions_are_compared(leader_client, plan, version):
    from django.urls import reverse

    content = leader_client.get(reverse("activities:agreement_detail", args=[plan.slug]))

    assert "a" * 64 in content.content.decode()
