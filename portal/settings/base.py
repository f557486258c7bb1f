"""Settings shared by every environment. Environment-specific modules import from here."""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF

from .env import (
    ConfigurationError,
    cache_from_env,
    database_from_env,
    email_from_env,
    env_admins,
    env_bool,
    env_email_address,
    env_int,
    env_json_object,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "portal",
    "guidance",
    "search",
    "checklists",
    "accounts",
    "eligibility",
    "directory",
    "onboarding",
    "figures",
    "reporting",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",  # last, as django-axes asks
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # 304 for unchanged pages, also when they come from the page cache just below.
    "django.middleware.http.ConditionalGetMiddleware",
    # Anonymous page views from the cache, before sessions and the database are touched. It
    # keeps pages as they leave GZip below, so a hit is served without compressing again.
    "portal.pagecache.middleware.PageCacheMiddleware",
    # Pages leave compressed (with Django's BREACH mitigation); static files come precompressed.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.AdminSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Editors are told when a change has not reached the page cache or the CDN yet.
    "portal.pagecache.middleware.PendingClearWarningMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Editorial operations (issue 16): Wagtail's previews may be framed by the admin.
    "portal.middleware.PreviewFramingMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": database_from_env(VAR_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Signing in (accounts): password, then a TOTP code. Axes comes first so that a locked-out
# username and address is refused before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
# Pages and documents for signed-in readers send them to the same two-step sign-in.
WAGTAIL_FRONTEND_LOGIN_URL = "/konto/logga-in/"
# The admin needs the second factor too (accounts.middleware); dev and test turn it off.
PORTAL_ADMIN_SECOND_FACTOR = env_bool("PORTAL_ADMIN_SECOND_FACTOR", True)
# A working day; staff sign in again the next morning.
SESSION_COOKIE_AGE = 8 * 60 * 60
LOGIN_REDIRECT_URL = "/tillsyn/"
OTP_TOTP_ISSUER = "PO-portalen"
# Five failed sign-ins (wrong passwords, or wrong codes at the second step) for one username
# from one address lock that combination out for 15 minutes. Every failure is kept in
# AccessAttempt/AccessFailureLog and logged by the "axes" logger.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# Behind reverse proxies: how many append to X-Forwarded-For (0 = the portal faces clients).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
# Never store codes or tokens in the attempt records (passwords are always masked).
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "token",
    "backup_code",
    "csrfmiddlewaretoken",
]

# Languages: Swedish is the default; English is the second locale. Interface strings are
# written in Swedish and translated to English in portal/locale/en.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# Translating makes a draft, never a live page: the English page goes through the same review
# workflow as the Swedish one (portal.translation_review guards the other paths).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
LOCALE_PATHS = [BASE_DIR / "portal" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Documents are kept apart from media, where no web server serves them (portal.storage): only
# Wagtail's document view hands them out, after checking the privacy of their collection.
PORTAL_DOCUMENTS_ROOT = Path(env_str("PORTAL_DOCUMENTS_ROOT", str(VAR_DIR / "documents")))
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# The password prompt of private pages and documents, in Swedish and in the portal's layout.
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "portal/password_required.html"  # noqa: S105 (a template)
WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE = WAGTAIL_PASSWORD_REQUIRED_TEMPLATE
# Let Django serve MEDIA_URL outside DEBUG (one machine with nothing in front: `make serve-prod`).
# Only images and their renditions are ever served from there (portal.views.media).
PORTAL_SERVE_MEDIA = env_bool("PORTAL_SERVE_MEDIA", False)
STORAGES = {
    # Names under documents/ go to "documents", the rest to "media" (portal.storage).
    "default": {"BACKEND": "portal.storage.MediaStorage"},
    # Media on several machines: an object store through django-storages (README, "Drift").
    "media": {
        "BACKEND": env_str("MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env_json_object("MEDIA_STORAGE_OPTIONS"),
    },
    # Documents: a folder outside MEDIA_ROOT by default, or a private bucket.
    "documents": {
        "BACKEND": env_str("DOCUMENT_STORAGE_BACKEND", "portal.storage.PrivateFileSystemStorage"),
        "OPTIONS": env_json_object("DOCUMENT_STORAGE_OPTIONS"),
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CACHES = {"default": cache_from_env(VAR_DIR / "cache")}

# Anonymous page views come from the cache above (portal.pagecache) until content changes.
# PORTAL_PAGE_CACHE=false turns it off (for measuring the uncached path); the seconds are an
# upper bound, since every publish, unpublish, move, translation or snippet change clears it.
PORTAL_PAGE_CACHE = env_bool("PORTAL_PAGE_CACHE", True)
PORTAL_PAGE_CACHE_SECONDS = env_int("PORTAL_PAGE_CACHE_SECONDS", 3600)
# When a change could not clear the cache or purge the CDN (portal.pagecache.invalidation), it
# is retried every RETRY seconds; every worker looks for such failures every CHECK seconds.
PORTAL_PAGE_CACHE_CHECK_SECONDS = env_int("PORTAL_PAGE_CACHE_CHECK_SECONDS", 10)
PORTAL_PAGE_CACHE_RETRY_SECONDS = env_int("PORTAL_PAGE_CACHE_RETRY_SECONDS", 5)

# A CDN or caching reverse proxy in front (optional): wagtail.contrib.frontend_cache purges
# the changed page and every page that lists or links it. Without one, public pages tell
# shared caches to revalidate every time (ETag / Last-Modified answer with 304).
WAGTAILFRONTENDCACHE = {}
if env_str("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_str("FRONTEND_CACHE_PURGE_URL"),
    }
if env_str("CLOUDFLARE_API_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env_str("CLOUDFLARE_API_TOKEN"),
        "ZONEID": env_str("CLOUDFLARE_ZONE_ID", required=True),
    }
# How long a purged CDN or proxy may keep a public page (s-maxage), when one is configured.
PORTAL_SHARED_CACHE_SECONDS = env_int("FRONTEND_CACHE_MAX_AGE", 86400)

# Scheduled publishing (portal.scheduling): every gunicorn worker looks for pages whose
# publishing or unpublishing date has come every this many seconds (0: never; then run
# `manage.py publish_scheduled` from cron or a timer). A lock lets one runner work at a time.
PORTAL_PUBLISH_SCHEDULED_SECONDS = env_int("PORTAL_PUBLISH_SCHEDULED_SECONDS", 60)
PORTAL_SCHEDULER_LOCK_FILE = VAR_DIR / "publish-scheduled.lock"  # SQLite only

# Wagtail
WAGTAIL_SITE_NAME = "PO-portalen"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Swedish-aware database search (SQLite FTS5 or PostgreSQL); or, when a search server is
# configured (OPENSEARCH_URL or ELASTICSEARCH_URL), that server, with the database's index kept
# up to date beside it to answer while the server cannot (search.backends.searchserver).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
_SEARCH_SERVERS = {
    "OPENSEARCH": "search.backends.opensearch",
    "ELASTICSEARCH": "search.backends.elasticsearch",
}
_configured = [name for name in _SEARCH_SERVERS if env_str(f"{name}_URL")]
if len(_configured) > 1:
    raise ConfigurationError("Set OPENSEARCH_URL or ELASTICSEARCH_URL, not both.")
if _configured:
    _name = _configured[0]
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": _SEARCH_SERVERS[_name],
            "URLS": [env_str(f"{_name}_URL")],
            "INDEX_PREFIX": env_str(f"{_name}_INDEX_PREFIX", "po_portalen_"),
            "TIMEOUT": env_int(f"{_name}_TIMEOUT", 5),
            "OPTIONS": {"max_retries": 1},
            "FALLBACK": "database",
        },
        "database": {"BACKEND": "search.backends.database"},
    }
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# A page that moves or changes its slug leaves a permanent redirect from its old address
# (Wagtail's default, stated so that no one turns it off unknowingly; tested).
WAGTAILREDIRECTS_AUTO_CREATE = True
# Every image in the library has an alternative text (Image.description), see portal.image_forms.
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.image_forms.ImageForm"
# The portal must work on closed networks: no update check, and no avatars from gravatar.com
# (Wagtail shows its own default avatar, or one uploaded in the account settings).
# tests/editorial/test_closed_network.py fails on any screen that loads from another host.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Security headers on every response. Production adds HSTS and secure cookies.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail marks its own preview views SAMEORIGIN
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Public pages: every script, style, font and image comes from the portal itself; no inline
# script. The Wagtail admin needs inline script and is served only to signed-in staff, so it
# is left to Wagtail's own protections.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# E-mail: the review workflow's notifications to editors and reviewers (in Swedish, see
# portal.notifications) and error reports to the operators. EMAIL_URL names the server
# (portal.settings.env.email_from_env); unset, mail is written to the log (console backend).
# portal.mail.ResilientSMTPBackend never lets a mail server that is down fail an editor's
# action: it logs the outage once and pauses sending for EMAIL_PAUSE_SECONDS.
_email = email_from_env("console://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
EMAIL_PAUSE_SECONDS = 30
DEFAULT_FROM_EMAIL = env_email_address("DEFAULT_FROM_EMAIL", "PO-portalen <noreply@localhost>")
SERVER_EMAIL = env_email_address("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[PO-portalen] "
# Operators who get an e-mail for every server error (500), through the "mail_admins" handler
# below (not while DEBUG is on).
ADMINS = env_admins("ADMINS")
MANAGERS = []

# Structured logs (JSON lines) to stdout; LOG_FORMAT=text gives readable lines in development.
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": env_str("LOG_FORMAT", "json"),
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        # Server errors (500) also go to ADMINS by e-mail; not django.security, whose refused
        # Host headers would flood them, and never portal.mail's own lines (no loop when the
        # mail server is down).
        "django.request": {
            "handlers": ["stdout", "mail_admins"],
            "level": LOG_LEVEL,
            "propagate": False,
        },
        "django.server": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        # One line per background task is noise; failures still come through.
        "django_tasks": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
        # Axes announces itself at start-up, which would end up in every command's output.
        "axes.apps": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
        # The search-server clients log every failed request with its traceback (and every 404
        # of a rebuild); search.server says in one line what failed and what the portal did.
        "opensearch": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
        "elastic_transport": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
    },
}

# What a restore accepts (portal.backup): files in the archive, one file's size and the total,
# checked against the archive's headers before anything is written. Sized for this portal: a
# database of some hundred MB, uploads of at most 20 MB each.
MEGABYTE = 1024 * 1024
PORTAL_RESTORE_MAX_MEMBERS = env_int("PORTAL_RESTORE_MAX_FILES", 100_000)
PORTAL_RESTORE_MAX_MEMBER_BYTES = env_int("PORTAL_RESTORE_MAX_FILE_MB", 1024) * MEGABYTE
PORTAL_RESTORE_MAX_TOTAL_BYTES = env_int("PORTAL_RESTORE_MAX_TOTAL_MB", 8192) * MEGABYTE

# Sizes of things the public can send us.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)

# Development conveniences are off unless a settings module turns them on.
PORTAL_DEV_ADMIN = env_bool("PORTAL_DEV_ADMIN", False)
PORTAL_CONTENT_DIR = BASE_DIR / "content"
