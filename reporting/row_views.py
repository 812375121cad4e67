"""The rows of reporting's pages that are edited one at a time (see `plans.rows`): the plan's
own deadlines, listed on the deadlines page. Their routes are in `reporting/urls.py`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.forms import PlanDeadlineForm
from plans.models import PlanDeadline
from plans.rows import RowKind


def _deadlines_url(plan, _parent):
    return reverse("reporting:deadlines", kwargs={"slug": plan.slug})


deadlines = RowKind(
    model=PlanDeadline,
    form_class=PlanDeadlineForm,
    noun=_("deadline"),
    parent_field="plan",
    parents=None,
    back=_deadlines_url,
    ordered=False,
)
