from django.contrib import admin

from connecting_people.practice.reflection.models import ReflectionArea, ReflectionQuestion


@admin.register(ReflectionArea)
class ReflectionAreaAdmin(admin.ModelAdmin):
    """The model's four areas the reflection looks at; renaming one renames it everywhere."""

    list_display = ["name", "key", "position"]
    list_editable = ["position"]


@admin.register(ReflectionQuestion)
class ReflectionQuestionAdmin(admin.ModelAdmin):
    """The reflection's questions. Add an organisation's own (and its teams answer those instead
    of the app's own); take a question out of use rather than deleting it."""

    list_display = ["text", "area", "organisation", "position", "in_use"]
    list_editable = ["position", "in_use"]
    list_filter = ["area", "organisation", "in_use"]
    list_select_related = ["area", "organisation"]
