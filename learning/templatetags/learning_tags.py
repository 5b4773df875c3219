"""`{% course_learning page %}`: the course page's outline, without importing this app from courses."""

from django import template

from ..outline import course_outline

register = template.Library()


@register.inclusion_tag("learning/includes/course_learning.html")
def course_learning(course):
    return {"course": course, "outline": course_outline(course)}
