"""Settings for Helhedsplan, read from the environment (one module for every stage).

DEBUG          "1"/"true" turns on debug; off by default.
SECRET_KEY     required unless DEBUG is on.
HTTPS          on unless DEBUG is on: HTTPS redirect, HSTS, Secure `__Host-` cookies.
DATABASE_URL   e.g. postgres://user@host:5432/helhedsplan; SQLite file db.sqlite3 by default.
ALLOWED_HOSTS  comma-separated; localhost names by default.

The README's Configuration table lists every variable.
"""

import importlib.util
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from . import pages

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or os.environ.get("PYTEST_VERSION"):
        # Only for development and tests; never used when DEBUG is off in production.
        SECRET_KEY = "dev-only-insecure-key-helhedsplan"  # noqa: S105
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- HTTPS and security headers -------------------------------------------------------------
# Production is served over HTTPS only. HTTPS=0 runs the production settings over plain http
# (a local trial); DEBUG turns it off by default.
HTTPS = env_bool("HTTPS", default=not DEBUG)
# Reverse proxies in front of gunicorn that set X-Forwarded-For and X-Forwarded-Proto
# (0: gunicorn faces the clients). Their headers are trusted only when this says so.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_SSL_REDIRECT = HTTPS
# A load balancer checks health over plain http on the private network.
SECURE_REDIRECT_EXEMPT = [r"^sundhed/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", default=HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# `__Host-` cookies are only accepted by browsers when Secure, with Path=/ and no Domain.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = HTTPS
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
# htmx reads the CSRF token from the page (hx-headers in base.html), never from the cookie.
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Scripts and styles come from our own static files only; no inline code anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Bootstrap draws its form icons as data: SVGs
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    },
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
    "simple_history",
    "helhedsplan",
    "plans",
    "activities",
    # Before django_tasks_db: reporting's `db_worker` (the queue's worker with job recovery
    # and housekeeping) takes the place of the plain one.
    "reporting",
    "django_tasks",
    "django_tasks_db",
]
# Developer tools (the benchmark, the sample plan): the top-level `devtools` app of a checkout,
# never in the wheel. Installed for development, tests and `make bench` (DEVTOOLS=1).
if (DEBUG or env_bool("DEVTOOLS") or os.environ.get("PYTEST_VERSION")) and (
    importlib.util.find_spec("devtools") is not None
):
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "helhedsplan.locale.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "helhedsplan.security.ControlCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "helhedsplan.line_endings.NormaliseLineEndingsMiddleware",
    # Tells django-simple-history who made a change (the audit trail of plan data).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A save on a plan's pages schedules its PDF, so the next click finds it rendered.
    "reporting.middleware.KeepPdfCurrentMiddleware",
    "helhedsplan.security.SessionLifetimeMiddleware",
    "helhedsplan.security.NoStoreWhenSignedInMiddleware",
    "helhedsplan.audit.PermissionDeniedAuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "helhedsplan.urls"
# The pages of the plan's rows belong to `activities`, which `plans` may not name (see pages.py).
ABSOLUTE_URL_OVERRIDES = pages.ABSOLUTE_URL_OVERRIDES

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # `{% url %}` reverses each URL shape once per request (see the module).
            "builtins": ["helhedsplan.templatetags.shaped_url"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "helhedsplan.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Simultaneous saves queue for SQLite's one write lock instead of failing with "database is
    # locked": each transaction takes the lock when it begins (so a check and the save after it
    # are one, as SELECT ... FOR UPDATE makes them on PostgreSQL) and waits up to 20 s for it.
    # WAL lets pages read while someone saves.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # Tests use a file too: an in-memory database shared between threads refuses a second
    # writer at once ("table is locked") instead of letting it wait as a file does.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-db.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 hashes new passwords; PBKDF2 still verifies older hashes, which are upgraded on sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "plans:plan_list"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60  # the e-mailed link works for one hour

# Axes checks for a lockout before the password is tried at all.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The fifth failed sign-in for one user name from one address locks that pair out for 15
# minutes (429); other users and other addresses are unaffected; a success starts over.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lockout ends 15 minutes after it began
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "helhedsplan.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "helhedsplan.security.client_ip"
# Sign-ins are in the audit log by user id; the database keeps failed attempts only, until they
# expire, and no access log with addresses and browsers.
AXES_DISABLE_ACCESS_LOG = True

# Sessions end after SESSION_IDLE_MINUTES without a request, and SESSION_LIFETIME_HOURS after
# signing in at the latest (helhedsplan.security.SessionLifetimeMiddleware).
SESSION_IDLE_TIMEOUT = 60 * int(os.environ.get("SESSION_IDLE_MINUTES", "60"))
SESSION_LIFETIME = 60 * 60 * int(os.environ.get("SESSION_LIFETIME_HOURS", "12"))
SESSION_COOKIE_AGE = SESSION_LIFETIME

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# PDFs (reporting/pdf.py): rendered parts are cached here by content, up to PDF_CACHE_MAX_MB.
PDF_CACHE_DIR = Path(os.environ.get("PDF_CACHE_DIR", BASE_DIR / "var" / "pdf-cache"))
PDF_CACHE_MAX_MB = int(os.environ.get("PDF_CACHE_MAX_MB", "500"))
# Renders wait in the queue; each user and each plan has at most this many waiting or running.
PDF_QUEUE_PER_USER = int(os.environ.get("PDF_QUEUE_PER_USER", "3"))
PDF_QUEUE_PER_PLAN = int(os.environ.get("PDF_QUEUE_PER_PLAN", "5"))
# After a save, the plan's PDF is rendered again once no save has come for this many seconds.
PDF_PRERENDER_DELAY = float(os.environ.get("PDF_PRERENDER_DELAY", "5"))
# A worker rendering a document with parts missing asks this many idle workers to render some
# of them alongside (set it to the number of workers that render PDFs, less one).
PDF_HELPERS = int(os.environ.get("PDF_HELPERS", "1"))
# A render whose worker has not reported for this long is handed to another worker.
PDF_JOB_STALE_SECONDS = int(os.environ.get("PDF_JOB_STALE_SECONDS", "60"))
# Each task worker sends the due reminders once an hour (reporting.reminders); 0 leaves it to
# `manage.py send_reminders` run by a timer.
REMINDERS_FROM_WORKERS = os.environ.get("REMINDERS_FROM_WORKERS", "1") == "1"
# Finished renders are kept this long (the newest of each document as long as it is current).
PDF_KEEP_HOURS = int(os.environ.get("PDF_KEEP_HOURS", "24"))

# Background work (PDF renders, e-mails) runs as tasks of Django's Tasks API (the django-tasks
# backport) in `manage.py db_worker` processes; the queue is a table in the database, so no
# other server is needed and a worker runs on any machine that reaches the database. The tests
# run each task at once in the process that asks for it.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if os.environ.get("PYTEST_VERSION")
            else "django_tasks_db.DatabaseBackend",
        ),
    }
}
STORAGES = {
    # Uploads (evidence files) and stored PDFs; never served as static files.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # collectstatic names files by their content hash; WhiteNoise serves them compressed and
    # cached for a year.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "helhedsplan@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# The address the e-mails link to (reminders are sent by a timer, with no request to ask):
# scheme and host without a trailing slash, e.g. https://helhedsplan.example.dk
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

# Free-text fields take paragraphs; 20.000 characters is more than any section of a real plan.
TEXT_MAX_LENGTH = 20_000
# Every list a page renders is bounded: no list of rows (goals, activities, measurements …,
# a local plan's focus areas, open invitations, a plan's own organisations) grows past this.
MAX_ROWS_PER_LIST = 200

# One JSON object per line on stderr, times in UTC (helhedsplan.logs). The audit log
# ("helhedsplan.audit") records sign-ins, failed sign-ins, lockouts, permission denials and
# approvals by user id only.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "helhedsplan.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Axes logs user names, addresses and browsers; the audit log covers the same events.
        "axes": {"level": "ERROR"},
        # WeasyPrint reports every layout step at INFO; only its warnings matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # pikepdf announces its C++ logger bridge at INFO in every process.
        "pikepdf": {"level": "WARNING"},
    },
}
