from django.urls import path

from . import member_views, row_views, views
from .rows import row_urls

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("ny/", views.plan_create, name="plan_create"),
    path("<slug:slug>/rediger/", views.plan_edit, name="plan_edit"),
    path("<slug:slug>/parter/", views.plan_parties, name="plan_parties"),
    path("<slug:slug>/parter/<int:pk>/fjern/", views.party_remove, name="party_remove"),
    path("<slug:slug>/boligafdelinger/<int:pk>/fjern/", views.estate_remove, name="estate_remove"),
    path("<slug:slug>/indsatsomraader/", views.focus_areas, name="focus_areas"),
    path(
        "<slug:slug>/indsatsomraader/<slug:area>/rediger/",
        views.focus_area_edit,
        name="focus_area_edit",
    ),
    path(
        "<slug:slug>/indsatsomraader/<slug:area>/slet/",
        views.focus_area_delete,
        name="focus_area_delete",
    ),
    path(
        "<slug:slug>/samarbejdsaftale/<slug:section>/",
        views.agreement_section_edit,
        name="agreement_section_edit",
    ),
    path("<slug:slug>/delaftaler/ny/", views.delaftale_create, name="delaftale_create"),
    path(
        "<slug:slug>/delaftaler/<slug:area>/slet/", views.delaftale_delete, name="delaftale_delete"
    ),
    path(
        "<slug:slug>/delaftaler/<slug:area>/<slug:section>/",
        views.delaftale_section_edit,
        name="delaftale_section_edit",
    ),
    path("<slug:slug>/organisation/", views.organisation, name="organisation"),
    path("<slug:slug>/medlemmer/", member_views.members, name="members"),
    path(
        "<slug:slug>/medlemmer/<int:pk>/rolle/", member_views.member_edit, name="member_edit"
    ),
    path(
        "<slug:slug>/medlemmer/<int:pk>/fjern/", member_views.member_remove, name="member_remove"
    ),
    path(
        "<slug:slug>/invitationer/<int:pk>/tilbagekald/",
        member_views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    # Rows edited one at a time: <name>_create, _edit, _delete and _move (see plans.rows).
    *row_urls("maal", row_views.goals),
    *row_urls("underskrifter", row_views.signatures),
    *row_urls("afsnit", row_views.agreement_sections),
    *row_urls("delaftaleafsnit", row_views.delaftale_sections),
    *row_urls("delaftaleparter", row_views.delaftale_parties),
    *row_urls("medarbejderressourcer", row_views.staff_resources),
    *row_urls("boligafdelinger", row_views.plan_estates),
    *row_urls("ressourcefordeling", row_views.resource_shares),
    *row_urls("sekretariatsfordeling", row_views.staff_shares),
    *row_urls("fora", row_views.fora),
    *row_urls("forummedlemmer", row_views.forum_members),
    *row_urls("sekretariat", row_views.staff),
]
