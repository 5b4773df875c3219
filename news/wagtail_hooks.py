from wagtail import hooks

from .choosers import staff_chooser_viewset


@hooks.register("register_admin_viewset")
def register_staff_chooser():
    return staff_chooser_viewset
