from django.urls import path

from plans.rows import row_urls

from . import row_views, views, years
from .word import views as word_views

app_name = "reporting"

urlpatterns = [
    path("portefoelje/", views.portfolio, name="portfolio"),
    path("<slug:slug>/overblik/", views.dashboard, name="dashboard"),
    path("<slug:slug>/frister/", views.deadlines, name="deadlines"),
    path("<slug:slug>/dokumenter/", views.documents, name="documents"),
    path("<slug:slug>/aar/", years.years, name="years"),
    path("<slug:slug>/aar/<int:year>/laas/", years.year_lock_view, name="year_lock"),
    path("<slug:slug>/aar/<int:year>/genaabn/", years.year_reopen_view, name="year_reopen"),
    path("<slug:slug>/aar/<int:year>/aarsrapport.xlsx", years.annual_xlsx, name="annual_xlsx"),
    path("<slug:slug>/dokumenter/vis/<str:spec>/", views.document_preview, name="preview"),
    path("<slug:slug>/dokumenter/pdf/<str:spec>/", views.document_pdf, name="pdf"),
    path("<slug:slug>/dokumenter/docx/<str:spec>/", word_views.docx, name="docx"),
    path("<slug:slug>/dokumenter/word/<slug:area>/", word_views.word_import, name="word_import"),
    path(
        "<slug:slug>/dokumenter/word/<slug:area>/forhaandsvisning/",
        word_views.word_import_preview,
        name="word_import_preview",
    ),
    path(
        "<slug:slug>/dokumenter/word/<slug:area>/bekraeft/",
        word_views.word_import_confirm,
        name="word_import_confirm",
    ),
    path("<slug:slug>/dokumenter/job/<uuid:pk>/", views.job, name="job"),
    path("<slug:slug>/dokumenter/job/<uuid:pk>/hent/", views.job_download, name="job_download"),
    path(
        "<slug:slug>/godkendelse/delaftale/<slug:area>/",
        views.delaftale_transition,
        name="delaftale_transition",
    ),
    path(
        "<slug:slug>/godkendelse/samarbejdsaftale/",
        views.agreement_transition,
        name="agreement_transition",
    ),
    # Rows edited one at a time: <name>_create, _edit, _delete and _move (see plans.rows).
    *row_urls("frister", row_views.deadlines),
]
