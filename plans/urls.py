from django.urls import path

from . import views
from .parts import PARTS

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
    path("<slug:slug>/medlemmer/", views.members, name="members"),
    path("<slug:slug>/medlemmer/<int:pk>/rolle/", views.member_edit, name="member_edit"),
    path("<slug:slug>/medlemmer/<int:pk>/fjern/", views.member_remove, name="member_remove"),
    path(
        "<slug:slug>/invitationer/<int:pk>/tilbagekald/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
]

# Rows of the plan, one set of routes per kind (see plans.parts), so each route is named.
for kind, part in PARTS.items():
    create_route = (
        f"<slug:slug>/{kind}/ny/"
        if part.parents is None
        else (f"<slug:slug>/{kind}/ny/<int:parent>/")
    )
    urlpatterns += [
        path(create_route, views.part_create, {"kind": kind}, name=f"{kind}_create"),
        path(f"<slug:slug>/{kind}/<int:pk>/", views.part_edit, {"kind": kind}, name=f"{kind}_edit"),
        path(
            f"<slug:slug>/{kind}/<int:pk>/slet/",
            views.part_delete,
            {"kind": kind},
            name=f"{kind}_delete",
        ),
        path(
            f"<slug:slug>/{kind}/<int:pk>/flyt/<str:direction>/",
            views.part_move,
            {"kind": kind},
            name=f"{kind}_move",
        ),
    ]
