"""Mentor records (private: contact data, areas, certificates, availability) and the public directory pages.

A `Mentor` is the organisation's record of a person who mentors: managed in the admin by managers,
with the phone and national id encrypted at rest (django-fernet-encrypted-fields, keys derived from
SECRET_KEY and SALT_KEY). A `MentorPage` is the public profile of one record: editors write the bio
and choose the photo there, so it is previewed, scheduled and found by the site search like any page.
Personal data never goes on the page: page revisions are stored as plain JSON.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from encrypted_fields.fields import EncryptedCharField
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase

from accounts.roles import Role
from home.blocks import BaseStreamBlock
from home.listing import ListingPage
from home.models import SeoMixin
from home.searchable import SearchablePage, facet_search_fields
from home.visibility import VisiblePageManager

from ..choices import Level, Weekday
from ..listing import MentorListing

# A certificate that expires within this many days is flagged in the admin.
EXPIRY_WARNING_DAYS = 60


def is_manager(user):
    """Managers and superusers; asked once per user object, so a listing runs no query per row."""
    if user is None or not user.is_authenticated:
        return False
    if not hasattr(user, "_mentors_is_manager"):
        user._mentors_is_manager = user.has_role(Role.MANAGER)
    return user._mentors_is_manager


def may_see_private_data(user, mentor):
    """Phone, national id and e-mail: managers (and superusers) and the mentor herself."""
    if user is None or not user.is_authenticated:
        return False
    return is_manager(user) or (mentor.user_id is not None and mentor.user_id == user.pk)


def is_own_record(user, mentor):
    """The mentor herself: her account is linked to the record and her role lets her keep it."""
    return (
        user is not None
        and user.is_authenticated
        and mentor.user_id is not None
        and mentor.user_id == user.pk
        and user.has_perm("mentors.change_own_availability")
    )


def may_change_availability(user, mentor):
    """Managers (who change whole records) and the mentor herself."""
    if user is None or not user.is_authenticated:
        return False
    return user.has_perm("mentors.change_mentor") or is_own_record(user, mentor)


class KnowledgeArea(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("knowledge area")
        verbose_name_plural = _("knowledge areas")

    def __str__(self):
        return self.name


class MentorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def visible_to(self, user):
        """Managers see every record; everyone else the active ones (and a mentor her own)."""
        if is_manager(user):
            return self.all()
        if user is not None and user.is_authenticated:
            return self.filter(Q(active=True) | Q(user_id=user.pk))
        return self.active()

    def with_expiring_certificates(self, today=None):
        limit = (today or timezone.localdate()) + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
        return self.annotate(
            expiring_certificate_count=Count("certificates", filter=Q(certificates__expires_on__lte=limit))
        )


class Mentor(ClusterableModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentor",
        help_text=_("Her Lumino account, if she has one: she then sees her own private data."),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    # Empty values are stored as NULL by the encrypted fields.
    phone = EncryptedCharField(_("phone"), max_length=30, blank=True, null=True)
    national_id = EncryptedCharField(_("national id"), max_length=20, blank=True, null=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Advisory sessions (mentors/bookings.py): whether members may book her, for how long, at what price.
    takes_bookings = models.BooleanField(
        _("takes advisory bookings"), default=False, help_text=_("Members book her free slots from her page.")
    )
    advisory_minutes = models.PositiveSmallIntegerField(
        _("advisory length (minutes)"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(240)],
        help_text=_("Between 15 and 240 minutes; her weekly slots are cut into pieces of this length."),
    )
    advisory_price = models.DecimalField(
        _("advisory price"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("0 for a free advisory; a paid one is held until the member pays the order."),
    )
    # Her private calendar feed: the token is shown to her (encrypted at rest), looked up by its hash.
    feed_token = EncryptedCharField(_("calendar feed token"), max_length=64, blank=True, null=True, editable=False)
    feed_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    objects = MentorQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("full_name"), FieldPanel("user"), FieldPanel("active")],
            heading=_("Mentor"),
        ),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone"), FieldPanel("national_id")],
            heading=_("Contact and identity (private)"),
        ),
        InlinePanel("areas", heading=_("Knowledge areas"), label=_("Knowledge area")),
        InlinePanel("certificates", heading=_("Certificates"), label=_("Certificate")),
        InlinePanel("slots", heading=_("Weekly availability"), label=_("Time slot")),
        InlinePanel("exceptions", heading=_("Exceptions"), label=_("Exception")),
        MultiFieldPanel(
            [FieldPanel("takes_bookings"), FieldPanel("advisory_minutes"), FieldPanel("advisory_price")],
            heading=_("Advisory sessions"),
        ),
    ]

    class Meta:
        ordering = ["full_name", "pk"]
        # The mentor role's grant: her own weekly availability, exceptions, e-mail and phone.
        permissions = [("change_own_availability", _("Can change own availability and contact data"))]
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        constraints = [
            models.CheckConstraint(
                condition=Q(advisory_minutes__gte=15, advisory_minutes__lte=240), name="mentors_advisory_length"
            ),
            models.CheckConstraint(condition=Q(advisory_price__gte=0), name="mentors_advisory_price_not_negative"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def advisory_is_free(self):
        return self.advisory_price <= 0

    @property
    def expiring_certificates(self):
        """How many certificates have expired or expire within EXPIRY_WARNING_DAYS (annotated in listings)."""
        if hasattr(self, "expiring_certificate_count"):
            return self.expiring_certificate_count
        return sum(1 for certificate in self.certificates.all() if certificate.needs_attention)


class MentorArea(Orderable):
    mentor = ParentalKey(Mentor, on_delete=models.CASCADE, related_name="areas")
    area = models.ForeignKey(
        KnowledgeArea, verbose_name=_("area"), on_delete=models.PROTECT, related_name="mentor_areas"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=Level.INTERMEDIATE)

    panels = [FieldPanel("area"), FieldPanel("level")]

    class Meta(Orderable.Meta):
        verbose_name = _("knowledge area")
        constraints = [models.UniqueConstraint(fields=["mentor", "area"], name="mentors_one_level_per_area")]


class CertificateQuerySet(models.QuerySet):
    def needing_attention(self, today=None):
        """Expired, or expiring within EXPIRY_WARNING_DAYS."""
        limit = (today or timezone.localdate()) + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
        return self.filter(expires_on__lte=limit)


class Certificate(Orderable):
    mentor = ParentalKey(Mentor, on_delete=models.CASCADE, related_name="certificates")
    name = models.CharField(_("name"), max_length=150)
    issuer = models.CharField(_("issued by"), max_length=150, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_on = models.DateField(_("expires on"), null=True, blank=True, help_text=_("Empty if it never expires."))

    objects = CertificateQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("issuer"), FieldPanel("document"), FieldPanel("expires_on")]

    class Meta(Orderable.Meta):
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self):
        return self.name

    @property
    def needs_attention(self):
        if self.expires_on is None:
            return False
        return self.expires_on <= timezone.localdate() + datetime.timedelta(days=EXPIRY_WARNING_DAYS)

    @property
    def status_label(self):
        if self.expires_on is None:
            return _("Does not expire")
        if self.expires_on < timezone.localdate():
            return _("Expired")
        return _("Expires soon") if self.needs_attention else _("Valid")


class AvailabilitySlot(Orderable):
    mentor = ParentalKey(Mentor, on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))

    panels = [FieldPanel("weekday"), FieldPanel("starts_at"), FieldPanel("ends_at")]

    class Meta(Orderable.Meta):
        verbose_name = _("time slot")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="mentors_slot_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(weekday__gte=1, weekday__lte=7), name="mentors_slot_weekday"),
        ]

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The slot must end after it starts.")})


class AvailabilityException(Orderable):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday")
        LEAVE = "leave", _("Leave")
        OTHER = "other", _("Other")

    mentor = ParentalKey(Mentor, on_delete=models.CASCADE, related_name="exceptions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.HOLIDAY)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until (inclusive)"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldPanel("kind"), FieldPanel("starts_on"), FieldPanel("ends_on"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("exception")
        verbose_name_plural = _("exceptions")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="mentors_exception_dates")
        ]

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})


# --- Public directory ---


class MentorIndexPage(ListingPage, SeoMixin, Page):
    listing_class = MentorListing
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["mentors.MentorPage"]

    class Meta:
        verbose_name = _("mentor directory")


class MentorPageTag(TaggedItemBase):
    content_object = ParentalKey("mentors.MentorPage", on_delete=models.CASCADE, related_name="tagged_items")


class MentorPage(SearchablePage, SeoMixin, Page):
    mentor = models.OneToOneField(
        Mentor,
        verbose_name=_("mentor record"),
        on_delete=models.PROTECT,
        related_name="page",
        help_text=_("The record whose knowledge areas and availability this page shows."),
    )
    intro = models.TextField(_("short bio"), help_text=_("One or two sentences shown in the directory."))
    body = StreamField(BaseStreamBlock(), verbose_name=_("bio"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = ClusterTaggableManager(through=MentorPageTag, blank=True, verbose_name=_("topics"))

    objects = VisiblePageManager()

    search_kind = "mentor"
    search_kind_label = _("Mentor")
    search_date_field = "first_published_at"
    card_image_fields = ("photo", "og_image")
    card_related = ("tags", "mentor", "mentor__areas__area")
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro", boost=1.5),
        index.SearchField("body"),
        index.RelatedFields("mentor", [index.SearchField("full_name")]),
        *facet_search_fields(),
        index.FilterField("first_published_at"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("mentor"),
        FieldPanel("intro"),
        FieldPanel("photo"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    parent_page_types = ["mentors.MentorIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("mentor page")
        verbose_name_plural = _("mentor pages")

    @property
    def search_date(self):
        return timezone.localdate(self.first_published_at) if self.first_published_at else None

    @cached_property
    def directory(self):
        return MentorIndexPage.objects.parent_of(self).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        mentor = Mentor.objects.prefetch_related("areas__area", "slots").get(pk=self.mentor_id)
        context["mentor"] = mentor
        context["areas"] = sorted(mentor.areas.all(), key=lambda item: (-item.level, item.area.name))
        context["slots"] = sorted(mentor.slots.all(), key=lambda slot: (slot.weekday, slot.starts_at))
        context["directory"] = self.directory
        context["index_url"] = self.directory.get_url(request) if self.directory else ""
        # The booking section as a visitor sees it (the same for everyone); members get their form by fragment.
        from ..views import booking_context

        context.update(booking_context(request, mentor, personal=False))
        return context
