"""WSGI entry point. Production settings unless DJANGO_SETTINGS_MODULE says otherwise."""

import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

from portal.settings.env import ConfigurationError  # noqa: E402

try:
    application = get_wsgi_application()
except ConfigurationError as error:
    sys.exit(f"Configuration error: {error}")
