"""Local development: DEBUG on, a throwaway secret, everything on 127.0.0.1."""

from .base import *  # noqa: F403
from .env import env_bool, env_list, env_str

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
LOGGING["handlers"]["stdout"]["formatter"] = env_str("LOG_FORMAT", "text")  # noqa: F405
PORTAL_DEV_ADMIN = True
# `make run` signs the dev admin in with a password only, unless the environment says otherwise.
PORTAL_ADMIN_SECOND_FACTOR = env_bool("PORTAL_ADMIN_SECOND_FACTOR", False)
