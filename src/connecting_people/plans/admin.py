from django.contrib import admin

from connecting_people.plans.models import BarrierType


@admin.register(BarrierType)
class BarrierTypeAdmin(admin.ModelAdmin):
    """Kinds of barrier are shared reference data; people's barriers are never shown here."""

    list_display = ["name", "family", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["family"]
    prepopulated_fields = {"slug": ["name"]}
