from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel


class CategoryQuerySet(models.QuerySet):
    def with_children_of(self, slug):
        """The category with this slug and its sub-categories: filtering by a parent shows them all."""
        return self.filter(models.Q(slug=slug) | models.Q(parent__slug=slug))


class Category(models.Model):
    """A library subject (snippet). One level of nesting: a category may have a parent that
    itself has none."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=False)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
    )

    objects = CategoryQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("parent"), FieldPanel("description")]

    class Meta:
        verbose_name = _("library category")
        verbose_name_plural = _("library categories")
        ordering = ["name"]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id and self.parent else self.name

    def clean(self):
        if self.parent_id is None:
            return
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A category cannot be its own parent.")})
        if self.parent.parent_id is not None:
            raise ValidationError({"parent": _("Choose a top-level category: only one level of nesting is allowed.")})
        if self.pk and self.children.exists():
            raise ValidationError(
                {"parent": _("This category has sub-categories of its own, so it must stay at the top level.")}
            )
