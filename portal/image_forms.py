"""The admin's image form: every image in the library carries an alternative text.

Wagtail keeps an image's default alt text in `Image.description`; this form (through
WAGTAILIMAGES_IMAGE_FORM_BASE) makes it required wherever an image is added or edited: the
image library, the chooser's upload tab and the multiple uploader (which keeps an upload
without it as a pending file until the text is given). No custom image model is needed for
that; swapping the image model of a running site would move every image, rendition and
reference in a migration. Where an image is placed, Wagtail's ImageBlock asks again for alt
text for that place, or for it to be marked decorative.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm

FILE_NAME = re.compile(r"^[\w\-. ]+\.(jpe?g|png|gif|webp|avif|svg|heic|tiff?)$", re.IGNORECASE)


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("description")
        if field is not None:
            field.required = True
            field.label = _("Alternativtext")
            field.help_text = _(
                "Beskriv vad bilden visar för den som inte ser den, i en eller två meningar. "
                "Texten används när bilden saknar en egen alternativtext där den placeras."
            )
            field.error_messages["required"] = _(
                "Skriv en alternativtext som beskriver vad bilden visar."
            )

    def clean_description(self):
        text = " ".join((self.cleaned_data.get("description") or "").split())
        if FILE_NAME.match(text):
            raise ValidationError(
                _("Ett filnamn är ingen alternativtext. Beskriv vad bilden visar.")
            )
        return text
