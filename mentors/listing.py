"""The mentor directory's listing: filters by knowledge area, level and weekday (home/listing.py).

The same class filters `/api/v1/mentors/`, which lists the records rather than the pages:
`MentorRecordListing` only changes the path from what is filtered to the mentor's id.
Area and level narrow together: "Python, at least advanced" means advanced in Python.
"""

from django.apps import apps
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from home.listing import Listing, filter_link
from portal.params import Choice, Number, Slug

from .choices import Level, Weekday

MENTORS_PER_PAGE = 12


def _model(name):
    return apps.get_model("mentors", name)


class MentorListing(Listing):
    model = "mentors.MentorPage"
    per_page = MENTORS_PER_PAGE
    ordering = ("title", "pk")
    labels = {"area": _("Knowledge area"), "level": _("Minimum level"), "weekday": _("Available on")}
    # How the listed objects reach the mentor record's id.
    mentor_id = "mentor_id"

    def fields(self):
        return {"area": Slug(), "level": Choice(Level.values), "weekday": Number(min_value=1, max_value=7)}

    def _with_mentors(self, items, mentor_ids):
        return items.filter(**{f"{self.mentor_id}__in": mentor_ids})

    def _areas(self, area=None, level=None):
        areas = _model("MentorArea").objects.all()
        if area:
            areas = areas.filter(area__slug=area)
        if level:
            areas = areas.filter(level__gte=int(level))
        return areas.values("mentor_id")

    def apply(self, items, filters):
        area, level = filters.get("area"), filters.get("level")
        if area or level:
            items = self._with_mentors(items, self._areas(area, level))
        rest = {name: value for name, value in filters.items() if name not in ("area", "level")}
        return super().apply(items, rest)

    def filter_area(self, items, slug):
        return self._with_mentors(items, self._areas(area=slug))

    def filter_level(self, items, level):
        return self._with_mentors(items, self._areas(level=level))

    def filter_weekday(self, items, weekday):
        slots = _model("AvailabilitySlot").objects.filter(weekday=weekday).values("mentor_id")
        return self._with_mentors(items, slots)

    # --- What the filters offer: only values that find someone ---
    def areas(self):
        mentor_ids = self.without("area").values(self.mentor_id)
        return list(_model("KnowledgeArea").objects.filter(mentor_areas__mentor_id__in=mentor_ids).distinct())

    def levels(self):
        """Levels up to the highest one found (in the chosen area, if any)."""
        areas = _model("MentorArea").objects.filter(mentor_id__in=self.without("level").values(self.mentor_id))
        if self.filters["area"]:
            areas = areas.filter(area__slug=self.filters["area"])
        top = areas.aggregate(top=Max("level"))["top"] or 0
        return [(str(value), label) for value, label in Level.choices if value <= top]

    def weekdays(self):
        mentor_ids = self.without("weekday").values(self.mentor_id)
        slots = _model("AvailabilitySlot").objects.filter(mentor_id__in=mentor_ids)
        days = set(slots.order_by().values_list("weekday", flat=True).distinct())
        return [(str(value), label) for value, label in Weekday.choices if value in days]

    def options(self):
        return {"areas": self.areas(), "levels": self.levels(), "weekdays": self.weekdays()}

    def option_labels(self, options):
        return {
            "area": {area.slug: area.name for area in options["areas"]},
            "level": dict(options["levels"]),
            "weekday": {int(value): label for value, label in options["weekdays"]},
        }

    def context(self, request):
        context = super().context(request)
        area, level, weekday = (self.filters[name] for name in ("area", "level", "weekday"))
        context.update(
            area_links=[
                filter_link(request, _("All areas"), not area, level=level, weekday=weekday),
                *(
                    filter_link(request, item.name, item.slug == area, area=item.slug, level=level, weekday=weekday)
                    for item in context["areas"]
                ),
            ],
            level_links=[
                filter_link(request, _("Any level"), not level, area=area, weekday=weekday),
                *(
                    filter_link(request, label, value == level, area=area, level=value, weekday=weekday)
                    for value, label in context["levels"]
                ),
            ],
            weekday_links=[
                filter_link(request, _("Any day"), not weekday, area=area, level=level),
                *(
                    filter_link(request, label, int(value) == weekday, area=area, level=level, weekday=value)
                    for value, label in context["weekdays"]
                ),
            ],
        )
        return context


class MentorRecordListing(MentorListing):
    """The same filters over `Mentor` records, for the API."""

    model = "mentors.Mentor"
    mentor_id = "pk"
