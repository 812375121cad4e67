"""Keeps each plan's PDF current: a successful save on a plan's pages schedules its render."""

from django.db import DatabaseError

from plans.models import Plan

from . import services


class KeepPdfCurrentMiddleware:
    """After a POST on a plan's pages that succeeded (a redirect or a page without errors),
    the plan's whole PDF is rendered again in the background once the saves stop for a
    moment (services.prerender_soon), so a click on "PDF" finds it ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "POST" and response.status_code < 400:
            match = getattr(request, "resolver_match", None)
            slug = match.kwargs.get("slug") if match else None
            if slug:
                self._schedule(slug)
        return response

    @staticmethod
    def _schedule(slug: str) -> None:
        plan_id = Plan.objects.filter(slug=slug).values_list("pk", flat=True).first()
        if plan_id is None:
            return
        try:
            services.prerender_soon(plan_id)
        except DatabaseError:  # never fail the save over its PDF
            services.logger.exception("Could not schedule the PDF of plan %s", plan_id)
