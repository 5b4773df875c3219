"""Renditions are made when a page is published or an image changes, never while a visitor waits
(home/renditions.py): these receivers only enqueue the work after the edit commits."""

from .renditions import request_renditions, specs_for_image, specs_for_page

# Saves that only record facts Wagtail computes about the file (its size, its hash) change no rendition.
BOOKKEEPING_FIELDS = {"file_size", "file_hash"}


def renditions_on_publish(sender, instance, **kwargs):
    request_renditions(specs_for_page(instance.specific))


def renditions_on_image_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields and set(update_fields) <= BOOKKEEPING_FIELDS):
        return
    request_renditions({instance: specs_for_image(instance)})


def renditions_on_settings_save(sender, instance, raw=False, **kwargs):
    image = getattr(instance, "default_share_image", None)
    if not raw and image is not None:
        request_renditions({image: specs_for_image(image)})
