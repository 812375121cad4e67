from django.contrib import admin

from . import models


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "cvr", "plan"]
    list_filter = ["kind", ("plan", admin.EmptyFieldListFilter)]
    search_fields = ["name", "cvr"]


@admin.register(models.HousingEstate)
class HousingEstateAdmin(admin.ModelAdmin):
    list_display = ["name", "number", "organisation"]
    search_fields = ["name", "number"]


class RuleSetAreaInline(admin.TabularInline):
    model = models.RuleSetArea
    extra = 0


class SectionTemplateInline(admin.StackedInline):
    """The sections a new plan's agreement and delaftaler start with, and their standard text."""

    model = models.SectionTemplate
    extra = 0
    fields = ["document", "order", "key", "number", "heading", "content", "default_text"]


@admin.register(models.RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_local", "min_local_share_percent"]
    inlines = [RuleSetAreaInline, SectionTemplateInline]


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(models.Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "rule_set", "period_start", "period_end", "status"]
    list_filter = ["rule_set", "status"]
    search_fields = ["name", "area_name", "slug"]
    inlines = [MembershipInline]
