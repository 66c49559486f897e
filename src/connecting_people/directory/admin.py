"""Superusers can map any imported taxonomy term to one of our interest categories here.

The interest categories' own admin page (from `taxonomy`) is taken over here, so that saving a
category keeps its term in our published taxonomy in step, through the audited service:
`taxonomy` sits below the directory and cannot call it.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from connecting_people.directory.hsds.interests import interest_category_save
from connecting_people.directory.models import Taxonomy, TaxonomyTerm
from connecting_people.taxonomy.admin import InterestCategoryAdmin
from connecting_people.taxonomy.models import InterestCategory

admin.site.unregister(InterestCategory)


@admin.register(InterestCategory)
class InterestCategoryWithTermAdmin(InterestCategoryAdmin):
    def save_model(
        self, request: HttpRequest, obj: InterestCategory, form: Any, change: bool
    ) -> None:
        interest_category_save(category=obj, by=request.user)


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
