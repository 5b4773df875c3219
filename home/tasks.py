"""Background work shared by every page type: image renditions made ahead of the first visitor."""

from wagtail.images import get_image_model

from django_tasks import task

from .renditions import make_renditions


@task()
def make_image_renditions(image_id, specs):
    """Make the renditions of `specs` the image lacks; harmless twice, and a deleted image is no error."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return 0
    return make_renditions(image, specs)
