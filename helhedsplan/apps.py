from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelhedsplanConfig(AppConfig):
    """The project package as an app: the audit log's and the session clock's signal receivers,
    and the user admin's deactivation action."""

    name = "helhedsplan"
    verbose_name = _("Helhedsplan")

    def ready(self):
        from . import audit, security  # noqa: F401 - connect their signal receivers
