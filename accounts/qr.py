"""The enrolment QR code as inline SVG (no image library, no request for an image)."""

import xml.etree.ElementTree as ET
from base64 import b32encode

import qrcode
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathFillImage


def totp_qr_svg(*, device: TOTPDevice, title: str, title_id: str = "qr-title") -> SafeString:
    """The device's otpauth:// address as an SVG image, named by `title` for screen readers."""
    image = qrcode.make(device.config_url, image_factory=SvgPathFillImage, box_size=10, border=4)
    svg = image.get_image()
    svg.set("role", "img")
    svg.set("aria-labelledby", title_id)
    svg.set("focusable", "false")
    title_element = ET.Element("title", id=title_id)
    title_element.text = title
    svg.insert(0, title_element)
    # ElementTree escapes every attribute and the title text; the rest is generated here.
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # noqa: S308


def totp_secret_groups(*, device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
