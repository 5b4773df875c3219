"""The admin's image form (WAGTAILIMAGES_IMAGE_FORM_BASE): Wagtail's, with unreadable images refused."""

from django.core.exceptions import ValidationError

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class CheckedImageField(WagtailImageField):
    def check_image_pixel_size(self, f):
        # A file with an image's signature but something else behind it (a web page after
        # "GIF89a") passes Willow's format sniffing, then Pillow cannot read it: Wagtail lets that
        # error escape as a server error. It is an invalid image, said once.
        try:
            super().check_image_pixel_size(f)
        except (OSError, SyntaxError, ValueError) as exc:  # PIL.UnidentifiedImageError is an OSError
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from exc


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.fields.get("file"), WagtailImageField):
            # Wagtail builds the field itself (formfield_for_dbfield); only its checks change.
            self.fields["file"].__class__ = CheckedImageField
