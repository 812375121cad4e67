"""The background work of the app, as tasks of Django's Tasks API (django-tasks).

They run in `manage.py db_worker` processes on any machine that reaches the database (the
queue is a table there, django_tasks_db); under the tests they run at once. Arguments are
plain JSON values: the rows are read again by the worker.
"""

from django_tasks import task


@task()
def render_document(job_id: str) -> None:
    """Render one RenderedDocument job (its progress page follows the row)."""
    from . import services

    services.job_run(job_id)


@task(priority=10)
def render_parts_help(session: str) -> int:
    """Help another worker render its document (reporting.pdf.help_render): before other
    waiting work, so that a document already started is finished first."""
    from . import pdf

    return pdf.help_render(session)


@task()
def prerender_plan(plan_id: int) -> None:
    """Render the plan's whole PDF once its saves have stopped for a moment."""
    from . import services

    services.prerender_run(plan_id)


@task()
def cleanup() -> dict:
    """Delete stored PDFs no one needs and trim the part cache (also run by every worker
    each hour, and by `manage.py pdf_cleanup`)."""
    from . import services

    return services.documents_cleanup()
