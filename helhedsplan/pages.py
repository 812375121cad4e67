"""Where the plan's own rows are shown: their pages live in `activities`, above `plans`, so
`plans` cannot name them. The project, above every app, says it here, and Django gives the
models these as `get_absolute_url` (settings.ABSOLUTE_URL_OVERRIDES); a redirect after a save
in `plans` lands on the same page as ever without `plans` knowing the upper app's URLs."""

from django.urls import reverse


def plan_page(plan) -> str:
    return reverse("activities:plan_detail", kwargs={"slug": plan.slug})


def agreement_page(agreement) -> str:
    return reverse("activities:agreement_detail", kwargs={"slug": agreement.plan.slug})


def focus_area_page(area) -> str:
    return reverse(
        "activities:focus_area_detail", kwargs={"slug": area.plan.slug, "area": area.slug}
    )


def delaftale_page(delaftale) -> str:
    area = delaftale.focus_area
    return reverse(
        "activities:delaftale_detail", kwargs={"slug": area.plan.slug, "area": area.slug}
    )


ABSOLUTE_URL_OVERRIDES = {
    "plans.plan": plan_page,
    "plans.strategicagreement": agreement_page,
    "plans.focusarea": focus_area_page,
    "plans.delaftale": delaftale_page,
}
