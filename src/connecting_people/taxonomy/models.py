"""The interest categories: what people enjoy, and what community activities offer.

Shared by the person's interests (people) and the directory's taxonomy (directory), which must
not import each other, so it lives below both.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InterestCategoryQuerySet(models.QuerySet["InterestCategory"]):
    def in_use(self) -> "InterestCategoryQuerySet":
        return self.filter(is_active=True)


class InterestCategory(models.Model):
    """A kind of interest or activity, such as 'Nature and gardening'. Admins can add more."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.CharField(_("what it covers"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("offered"), default=True)

    objects = InterestCategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("interest category")
        verbose_name_plural = _("interest categories")

    def __str__(self) -> str:
        return self.name
