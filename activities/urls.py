from django.urls import path

from plans.rows import row_urls

from . import budget_views, row_views, views

app_name = "activities"

urlpatterns = [
    path("<slug:slug>/", views.plan_detail, name="plan_detail"),
    path("<slug:slug>/samarbejdsaftale/", views.agreement_detail, name="agreement_detail"),
    path(
        "<slug:slug>/indsatsomraader/<slug:area>/",
        views.focus_area_detail,
        name="focus_area_detail",
    ),
    path("<slug:slug>/delaftaler/<slug:area>/", views.delaftale_detail, name="delaftale_detail"),
    path(
        "<slug:slug>/versioner/delaftale/<slug:area>/sammenlign/",
        views.delaftale_compare,
        name="delaftale_compare",
    ),
    path(
        "<slug:slug>/versioner/samarbejdsaftale/sammenlign/",
        views.agreement_compare,
        name="agreement_compare",
    ),
    path("<slug:slug>/historik/", views.plan_history, name="plan_history"),
    path(
        "<slug:slug>/historik/<slug:kind>/<int:pk>/", views.object_history, name="object_history"
    ),
    path("<slug:slug>/versioner/<int:pk>/pdf/", views.version_pdf, name="version_pdf"),
    path("<slug:slug>/aktivitet/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<slug:slug>/milepaelsplan/", views.milestone_plan_current, name="milestone_plan"),
    path("<slug:slug>/milepaelsplan/<int:year>/", views.milestone_plan, name="milestone_plan_year"),
    path(
        "<slug:slug>/milepaelsplan/<int:year>/forslag/",
        views.milestone_plan_propose,
        name="milestone_plan_propose",
    ),
    path("<slug:slug>/budget/", budget_views.budget, name="budget"),
    path("<slug:slug>/indikatorer/", views.indicators, name="indicators"),
    path("<slug:slug>/budget/tjek/", budget_views.budget_check, name="budget_check"),
    path(
        "<slug:slug>/maalinger/<int:pk>/dokumentation/",
        views.evidence_download,
        name="evidence_download",
    ),
    # Rows edited one at a time: <name>_create, _edit, _delete and _move (see plans.rows).
    *row_urls("indikatorer", row_views.indicators),
    *row_urls("indikatorvaerdier", row_views.indicator_values),
    *row_urls("aktiviteter", row_views.activities),
    *row_urls("aktivitetsmaal", row_views.activity_goals),
    *row_urls("maalgrupper", row_views.target_groups),
    *row_urls("kriterier", row_views.area_criteria),
    *row_urls("kriteriegrupper", row_views.criterion_groups),
    *row_urls("aktivitetskriterier", row_views.activity_criteria),
    *row_urls("sammenligninger", row_views.comparison_values),
    *row_urls("afdelingsvaerdier", row_views.estate_values),
    *row_urls("maalinger", row_views.measurements),
    *row_urls("milepaele", row_views.milestones),
    *row_urls("aktivitetsmilepaele", row_views.activity_milestones),
    *row_urls("budgetlinjer", row_views.budget_lines),
    *row_urls("finansiering", row_views.financing_lines),
    *row_urls("budgetgrupper", row_views.budget_groups),
]
