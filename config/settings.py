"""Palabre settings: one file, driven by environment variables.

Development defaults are safe to run locally (SQLite in ``var/``); production sets ``DEBUG=0``,
``SECRET_KEY``, ``ALLOWED_HOSTS`` and usually ``DATABASE_URL``.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DEBUG", True)
TESTING = env_bool("PALABRE_TESTING", Path(sys.argv[0]).name in {"pytest", "py.test"})
if not DEBUG and not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
SECRET_KEY = os.environ.get(
    "SECRET_KEY", "palabre-development-key-not-for-production-use-0123456789"
)
# Former keys, while what they signed or encrypted (sessions, links, authenticator keys) is in use.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "bootstrap",
    "axes",
    "django_tasks_db",
    "ninja",
    "palabre.core",
    "palabre.accounts",
    "palabre.organisations",
    "palabre.partners",
    "palabre.cases",
    "palabre.referrals",
    "palabre.permanences",
    "palabre.training",
    "palabre.field",
    "palabre.outreach",
    "palabre.network",
    "palabre.library",
    "palabre.reports",
    "palabre.website",
    "palabre.privacy",
    "palabre.imports",
    "palabre.api",
    "palabre.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "palabre.core.middleware.NoStoreMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "palabre.accounts.middleware.SessionIdleMiddleware",
    "palabre.accounts.middleware.InstanceLockMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "palabre.organisations.middleware.CurrentMembershipMiddleware",
    "palabre.organisations.security.SecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "palabre" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "palabre.accounts.context_processors.session_idle",
                "palabre.organisations.context_processors.membership",
                "palabre.partners.context_processors.navigation",
                "palabre.referrals.context_processors.navigation",
                "palabre.permanences.context_processors.navigation",
                "palabre.network.context_processors.navigation",
                "palabre.library.context_processors.navigation",
                "palabre.training.context_processors.navigation",
                "palabre.field.context_processors.navigation",
            ],
            "builtins": ["palabre.core.templatetags.machine"],
            # Undefined variables become visible in tests instead of silently empty.
            "string_if_invalid": "INVALID[%s]" if TESTING else "",
        },
    }
]

# Database: SQLite in var/ by default (WAL, immediate transactions); DATABASE_URL otherwise.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    db_path = Path(os.environ.get("PALABRE_DB_PATH", BASE_DIR / "var" / "palabre.sqlite3"))
    db_path.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": db_path,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                # secure_delete: a value replaced (a note sealed, a key rotated) is overwritten
                # in the file, not left in a free page (docs/adr/0014).
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
                    " PRAGMA secure_delete=ON;"
                ),
            },
        }
    }
    if TESTING:
        # A file, not shared memory: two connections then wait their turn as in production, so
        # the tests of simultaneous bookings and enrolments run on SQLite too. One file per
        # run, so that two runs on one machine do not delete each other's database.
        DATABASES["default"]["TEST"] = {
            "NAME": str(BASE_DIR / "var" / f"test-palabre-{os.getpid()}.sqlite3")
        }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if TESTING
    else ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
)
# How long a link to choose a password (« Mot de passe oublié ? », an invitation) works; it works
# once: the password chosen, it no longer does (Django's PasswordResetTokenGenerator).
PASSWORD_RESET_TIMEOUT = env_int("PALABRE_PASSWORD_LINK_DAYS", 3) * 24 * 3600
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failed logins (per account and address).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Failed logins never flood the database nor put personal data in log lines (adr/0017): while
# locked out, further failures write nothing (one AccessAttempt row per account, address and
# browser, its size fixed); no row per failure; log lines name a pseudonym, not the e-mail or IP.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 100
AXES_CLIENT_STR_CALLABLE = "palabre.privacy.logins.client_str"
# The visitor's address behind the proxy too (the last of X-Forwarded-For), never one the client
# wrote itself: failed logins are counted per account and per real address.
AXES_CLIENT_IP_CALLABLE = "palabre.core.addresses.client_address"
# The second step's code never reaches axes' record of a failed attempt.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]

# Double authentification (docs/adr/0015): the name authenticator apps show, and how long the
# code step waits after the password. PALABRE_LOGINS_BLOCKED=1 stops every login and ends every
# open session except the superusers' (the instance's « panic » switch).
PALABRE_MFA_ISSUER = os.environ.get("PALABRE_MFA_ISSUER", "Palabre")
PALABRE_MFA_PENDING_SECONDS = env_int("PALABRE_MFA_PENDING_SECONDS", 300)
PALABRE_LOGINS_BLOCKED = env_bool("PALABRE_LOGINS_BLOCKED", False)

# Sessions end with the browser and after 30 idle minutes: people work on shared computers in
# socio-cultural centres. The idle clock moves by steps of SESSION_REFRESH_SECONDS (a tenth of
# the limit, 5 minutes at most), so a session lasts between the limit minus one step and the
# limit after the last page; a dialog warns SESSION_IDLE_WARNING_SECONDS before the end. The
# stored session outlives the limit by one step so that the middleware, not the store, ends it
# and says so on the login page. See palabre.accounts.middleware.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_REFRESH_SECONDS = env_int(
    "SESSION_REFRESH_SECONDS", max(10, min(300, SESSION_IDLE_SECONDS // 10))
)
SESSION_IDLE_WARNING_SECONDS = env_int(
    "SESSION_IDLE_WARNING_SECONDS", min(120, SESSION_IDLE_SECONDS // 4)
)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS + SESSION_REFRESH_SECONDS
SESSION_SAVE_EVERY_REQUEST = False
# Sessions live in the database, read at each request: with several web processes, a copy kept
# in one process's memory would outlive a logout, a block or an idle end decided in another
# (docs/adr/0039-sessions-in-the-database.md).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
# Behind a reverse proxy (docs/operations.md): it says https, and who the visitor is (the last
# address of X-Forwarded-For, for the public forms' rate limits).
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
X_FRAME_OPTIONS = "DENY"

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "palabre" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "palabre" / "static"]
STATIC_ROOT = Path(os.environ.get("PALABRE_STATIC_ROOT", BASE_DIR / "var" / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    # Written whole or not at all: a full disk leaves no half-written file (core/storage.py).
    "default": {"BACKEND": "palabre.core.storage.AtomicFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = BASE_DIR / "var" / "media"

# Mail: the console in development, SMTP in production (host and credentials from the environment).
MAIL_BACKEND = os.environ.get(
    "PALABRE_MAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": MAIL_BACKEND}}
if MAIL_BACKEND.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("SMTP_HOST", "localhost"),
        "port": env_int("SMTP_PORT", 25),
        "username": os.environ.get("SMTP_USER", ""),
        "password": os.environ.get("SMTP_PASSWORD", ""),
        "use_tls": env_bool("SMTP_TLS", False),
        # A notice is sent inside its database transaction: a stalled server must not hold it.
        "timeout": env_int("SMTP_TIMEOUT", 10),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Palabre <ne-pas-repondre@palabre.local>")
# SMS (appointment codes and reminders): the sender class is PALABRE_SMS_BACKEND. With an API key
# and no backend named, Brevo is used; otherwise messages are printed in development and, with
# DEBUG off, written to PALABRE_SMS_FILE (nothing leaves the machine: set up a provider).
# See docs/operations.md.
PALABRE_SMS_API_KEY = os.environ.get("PALABRE_SMS_API_KEY", "")
PALABRE_SMS_BACKEND = os.environ.get("PALABRE_SMS_BACKEND") or (
    "palabre.core.sms.BrevoSender"
    if PALABRE_SMS_API_KEY
    else "palabre.core.sms.ConsoleSender"
    if DEBUG
    else "palabre.core.sms.FileSender"
)
PALABRE_SMS_SENDER = os.environ.get("PALABRE_SMS_SENDER", "Palabre")  # 11 letters at most
PALABRE_SMS_API_URL = os.environ.get("PALABRE_SMS_API_URL", "https://api.brevo.com")
PALABRE_SMS_TIMEOUT = env_int("PALABRE_SMS_TIMEOUT", 10)
PALABRE_SMS_FILE = Path(os.environ.get("PALABRE_SMS_FILE", BASE_DIR / "var" / "sms.jsonl"))
# The address people reach the instance at, for the links that e-mails carry.
PALABRE_BASE_URL = os.environ.get("PALABRE_BASE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The access log (« Journal des consultations »): days a record is kept before
# `manage.py purge_access_log` deletes it (successful logins recorded by axes likewise).
PALABRE_ACCESS_LOG_DAYS = env_int("PALABRE_ACCESS_LOG_DAYS", 365)

# Encryption at rest of notes and statements (docs/adr/0014, docs/operations.md): the
# key-encryption keys, in base64 (PALABRE_KEK, several separated by commas, the first one in
# use) or in a file outside the project, one a line (PALABRE_KEK_FILE). Neither: a development
# key is made in var/ and `check --deploy` fails. PALABRE_DATA_KEY_TTL: seconds a process keeps
# sealing with a service's key after a rotation replaced it (the rotation waits for them).
PALABRE_KEK = os.environ.get("PALABRE_KEK", "")
PALABRE_KEK_FILE = os.environ.get("PALABRE_KEK_FILE", "")
PALABRE_DATA_KEY_TTL = env_int("PALABRE_DATA_KEY_TTL", 60)

# Pagination of the case list.
PALABRE_PAGE_SIZE = env_int("PALABRE_PAGE_SIZE", 25)

# Background work: django.tasks with the database backend; `manage.py db_worker` runs the tasks.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Permanences: how far ahead occurrences are planned, and when reminders go out (hours before).
PALABRE_PLANNING_DAYS = env_int("PALABRE_PLANNING_DAYS", 120)
PALABRE_REMINDER_HOURS = [
    int(hours) for hours in os.environ.get("PALABRE_REMINDER_HOURS", "48").split(",") if hours
]

# Reports: in any document that leaves the service (PDF, spreadsheets, CSV), counts from 1 to
# this threshold minus one are hidden, with the cells that would let them be recomputed (R9).
PALABRE_SMALL_CELL_THRESHOLD = env_int("PALABRE_SMALL_CELL_THRESHOLD", 5)
# The audit of such a document: no hidden count may be pinned by everything the document shows
# to an interval narrower than this (default: threshold − 2, what « < 5 » says itself: 1 to 4).
PALABRE_PROTECTION_WIDTH = env_int("PALABRE_PROTECTION_WIDTH", PALABRE_SMALL_CELL_THRESHOLD - 2)

# Reports: the value of an hour of volunteering for the contributions volontaires en nature
# (default: the gross hourly SMIC of 1 November 2024, 11.88 €; set the year's value).
PALABRE_VOLUNTEER_HOUR_VALUE = os.environ.get("PALABRE_VOLUNTEER_HOUR_VALUE", "11.88")
