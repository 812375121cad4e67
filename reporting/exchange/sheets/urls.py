from django.urls import path

from . import views

app_name = "spreadsheets"

urlpatterns = [
    path("<slug:slug>/regneark/", views.index, name="index"),
    path("<slug:slug>/regneark/eksport/<slug:kind>.xlsx", views.export, name="export"),
    path("<slug:slug>/regneark/skabelon/<slug:kind>.xlsx", views.template, name="template"),
    path("<slug:slug>/regneark/import/<slug:kind>/", views.import_upload, name="import_upload"),
    path(
        "<slug:slug>/regneark/import/<slug:kind>/forhaandsvisning/",
        views.import_preview_page,
        name="import_preview",
    ),
    path(
        "<slug:slug>/regneark/import/<slug:kind>/fejl.xlsx",
        views.import_errors,
        name="import_errors",
    ),
    path(
        "<slug:slug>/regneark/import/<slug:kind>/bekraeft/",
        views.import_confirm,
        name="import_confirm",
    ),
]
