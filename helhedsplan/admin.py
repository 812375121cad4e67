from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .accounts import user_deactivate, user_sessions_end

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, where deactivating a user also ends their sessions."""

    actions = ["deactivate"]

    @admin.action(description=_("Deactivate and sign out"), permissions=["change"])
    def deactivate(self, request, queryset):
        users = list(queryset)
        for user in users:
            user_deactivate(user=user)
        self.message_user(
            request,
            ngettext(
                "%(count)d user has been deactivated and signed out.",
                "%(count)d users have been deactivated and signed out.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            user_sessions_end(user=obj)
