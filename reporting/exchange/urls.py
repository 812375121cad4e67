from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("import/", views.import_upload, name="import_upload"),
    path("import/forhaandsvisning/", views.import_preview, name="import_preview"),
    path("import/bekraeft/", views.import_confirm, name="import_confirm"),
    path("planer/<slug:slug>/dokumenter/hele-planen.<str:fmt>", views.export, name="export"),
]
