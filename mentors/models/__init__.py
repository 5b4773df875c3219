"""The mentors app's models, one module per concern.

- records: mentor records (private data, areas, certificates, weekly availability, exceptions)
  and the public directory pages;
- calendar: the academic calendar (terms, holidays, class schedules) and its page;
- bookings: advisory sessions booked with a mentor;
- projects: projects, their groups, and the hours mentors log against them.
"""

from .bookings import Booking, BookingQuerySet  # noqa: F401
from .calendar import ClassSchedule, Holiday, HolidayQuerySet, Term, TermQuerySet, closed_days  # noqa: F401
from .calendar_page import AcademicCalendarPage  # noqa: F401
from .projects import HoursEntry, Project, ProjectGroup, mentor_of, supervises, week_bounds  # noqa: F401
from .records import (  # noqa: F401
    EXPIRY_WARNING_DAYS,
    AvailabilityException,
    AvailabilitySlot,
    Certificate,
    CertificateQuerySet,
    KnowledgeArea,
    Mentor,
    MentorArea,
    MentorIndexPage,
    MentorPage,
    MentorPageTag,
    MentorQuerySet,
    is_manager,
    is_own_record,
    may_change_availability,
    may_see_private_data,
)
