from django.urls import path

from . import views

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
    path("<slug:slug>/budget/", views.budget, name="budget"),
    path("<slug:slug>/indikatorer/", views.indicators, name="indicators"),
    path("<slug:slug>/budget/tjek/", views.budget_check, name="budget_check"),
    path(
        "<slug:slug>/maalinger/<int:pk>/dokumentation/",
        views.evidence_download,
        name="evidence_download",
    ),
]
