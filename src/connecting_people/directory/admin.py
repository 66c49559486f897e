"""Superusers can map any imported taxonomy term to one of our interest categories here."""

from django.contrib import admin

from connecting_people.directory.models import Taxonomy, TaxonomyTerm


@admin.register(Taxonomy)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "uri"]
    search_fields = ["name"]


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "taxonomy", "interest_category"]
    list_editable = ["interest_category"]
    list_filter = ["taxonomy_detail", "interest_category"]
    search_fields = ["name", "code", "description"]
    raw_id_fields = ["parent"]
