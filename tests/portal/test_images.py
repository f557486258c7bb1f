"""Images in page bodies: resized renditions with their size, alt text and lazy loading."""

import json

import pytest
from bs4 import BeautifulSoup
from wagtail.images.models import Image, Rendition
from wagtail.images.tests.utils import get_test_image_file

from tests.factories import GuidancePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def uploaded(width: int, height: int) -> Image:
    return Image.objects.create(
        title="Foto", file=get_test_image_file(filename="foto.png", size=(width, height))
    )


def image_block(image: Image, *, alt: str = "", decorative: bool = False) -> str:
    value = {"image": image.pk, "alt_text": alt, "decorative": decorative}
    return json.dumps([{"type": "image", "value": value}])


def body_img(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    images = BeautifulSoup(response.content, "html.parser").select("main img")
    assert len(images) == 1
    return images[0]


def test_a_large_image_is_a_srcset_of_renditions_with_the_fallbacks_size(client, home):
    image = uploaded(1600, 1000)
    page = StandardPageFactory(parent=home, body=image_block(image, alt="Ett ombud i samtal"))

    img = body_img(client, page)

    fallback = Rendition.objects.get(image=image, filter_spec="width-800")
    assert img["src"] == fallback.url
    assert img["src"] != image.file.url and "original_images" not in img["src"]
    assert (img["width"], img["height"]) == ("800", "500")
    assert (fallback.width, fallback.height) == (800, 500)
    srcset = {
        Rendition.objects.get(image=image, filter_spec=f"width-{w}").url: f"{w}w"
        for w in (480, 800, 1200)
    }
    assert dict(c.split() for c in img["srcset"].split(", ")) == srcset
    assert img["sizes"]
    assert img["alt"] == "Ett ombud i samtal"
    assert img["loading"] == "lazy"
    assert img["decoding"] == "async"


def test_a_small_image_is_not_upscaled(client, home):
    image = uploaded(300, 200)
    page = StandardPageFactory(parent=home, body=image_block(image, alt="Liten bild"))

    img = body_img(client, page)

    assert "original_images" not in img["src"]
    assert img["src"] == Rendition.objects.get(image=image, filter_spec="width-300").url
    assert (img["width"], img["height"]) == ("300", "200")
    assert not img.has_attr("srcset")  # one size only: nothing to choose between
    assert img["alt"] == "Liten bild"


def test_a_decorative_image_has_an_empty_alt(client, home):
    image = uploaded(1000, 500)
    image.description = "Beskrivning som inte ska läsas upp"
    image.save()
    page = StandardPageFactory(parent=home, body=image_block(image, decorative=True))

    img = body_img(client, page)

    assert img.has_attr("alt") and img["alt"] == ""
    assert img["loading"] == "lazy"


def test_guidance_pages_render_images_the_same_way(client, home):
    image = uploaded(1200, 900)
    page = GuidancePageFactory(parent=home, body=image_block(image, alt="Karta över länen"))

    img = body_img(client, page)

    assert img["src"] == Rendition.objects.get(image=image, filter_spec="width-800").url
    assert (img["width"], img["height"]) == ("800", "600")
    assert img["alt"] == "Karta över länen"
    assert img["loading"] == "lazy"
