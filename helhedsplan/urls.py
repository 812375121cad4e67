from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from plans import member_views

from .accounts import AdminSignInForm, SignInForm, ThrottledPasswordResetForm
from .audit import PasswordResetConfirmView
from .health import health

admin.site.login_form = AdminSignInForm

# Password reset by e-mail, under /konto/ like signing in (templates in templates/registration).
password_reset_urls = [
    path(
        "glemt/",
        auth_views.PasswordResetView.as_view(form_class=ThrottledPasswordResetForm),
        name="password_reset",
    ),
    path("glemt/sendt/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "ny/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "ny/faerdig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="plans:plan_list", permanent=False), name="home"),
    path(
        "konto/log-ind/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("konto/log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/adgangskode/", include(password_reset_urls)),
    path("sundhed/", health, name="health"),
    path("invitation/<str:token>/", member_views.invitation_accept, name="invitation_accept"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("reporting.exchange.urls")),
    path("planer/", include("plans.urls")),
    path("planer/", include("reporting.urls")),
    path("planer/", include("activities.urls")),
    path("planer/", include("reporting.exchange.sheets.urls")),
]
