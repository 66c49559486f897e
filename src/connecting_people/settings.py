"""Settings for Connecting People, read from environment variables only.

With no DATABASE_URL the app runs embedded: SQLite in the data folder, a secret key generated on
first run and kept beside it, and plain HTTP on 127.0.0.1. With DATABASE_URL set it is a production
deployment and every required setting must be given, or start-up fails with a clear message.
"""

import ipaddress
import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent

env = environ.Env()

DATA_DIR = Path(env.str("CPI_DATA_DIR", default=str(Path.cwd() / "data"))).resolve()
EMBEDDED = "DATABASE_URL" not in env
DEBUG = env.bool("DEBUG", default=False)

# harden: data files ---------------------------------------------------------------------------
# The embedded data folder (database, its -wal and -shm, keys, cache, mail) is this account's
# only: umask 0o077 for this process and its gunicorn workers, the folder 0700, files 0600, set
# here because every process (cpi, cpi serve, a WSGI server) loads settings before the database.
if EMBEDDED:
    from connecting_people.core.data_files import secure_data_dir

    secure_data_dir(DATA_DIR, database=DATA_DIR / "connecting-people.sqlite3")
# harden: end -----------------------------------------------------------------------------------


def _require(name: str) -> str:
    if name not in env:
        raise ImproperlyConfigured(
            f"{name} must be set when DATABASE_URL is set (a production deployment). "
            "See README.md, 'Configuration'."
        )
    return env.str(name)


def _embedded_secret_key() -> str:
    """Generate the embedded deployment's secret key once and keep it in the data folder."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


if "SECRET_KEY" in env:
    SECRET_KEY = env.str("SECRET_KEY")
elif EMBEDDED:
    SECRET_KEY = _embedded_secret_key()
else:
    SECRET_KEY = _require("SECRET_KEY")

if "ALLOWED_HOSTS" in env:
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
elif EMBEDDED or DEBUG:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
else:
    ALLOWED_HOSTS = _require("ALLOWED_HOSTS").split(",")

# HTTPS is assumed everywhere except the embedded default, which serves plain HTTP on this machine.
HTTPS = env.bool("HTTPS", default=not EMBEDDED)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "connecting_people.core.admin_apps.AdminConfig",  # the admin on our sign-in, MFA, audit
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "ninja",  # the JSON API (issue 19): listed so its docs page uses its own files, never a CDN
    "connecting_people.core",
    "connecting_people.accounts",
    "connecting_people.taxonomy",
    "connecting_people.people",
    "connecting_people.plans",
    "connecting_people.network",
    "connecting_people.directory",
    "connecting_people.suggestions",
    "connecting_people.outcomes",
    "connecting_people.research",
    "connecting_people.practice",
    "connecting_people.portal",
    "connecting_people.api",  # the interfaces other systems read (HSDS, FHIR); its commands
]

# The demo (`cpi demo`: a fictional organisation, its people and a town directory) is a separate
# package that only development, tests and benchmarks install: production leaves CPI_DEMO unset,
# so the command does not exist there. `make run`, `make test` and `make bench` set it.
CPI_DEMO = env.bool("CPI_DEMO", default=False)
# harden: the demo never runs where real people work. Its accounts share a published password and
# may skip two-step sign-in, so it is refused wherever HTTPS is on (a deployment people reach over
# a network, embedded or not) unless DEBUG is on. `make run`, the tests (on SQLite or PostgreSQL),
# the benchmarks and the evaluation all serve plain HTTP. docs/adr/0015-demo-as-data.md.
if CPI_DEMO and HTTPS and not DEBUG:
    raise ImproperlyConfigured(
        "CPI_DEMO=true is refused here: HTTPS is on, so this looks like a real deployment, and "
        "the demo's accounts have a published password. Leave CPI_DEMO unset in production; "
        "try the demo with `make run` on your own computer."
    )
if CPI_DEMO:
    INSTALLED_APPS.append("connecting_people_demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "connecting_people.core.headers.security_headers_middleware",  # CSP; no-store when signed in
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "connecting_people.core.session_limits.session_limits_middleware",  # idle and absolute limits
    "connecting_people.core.own_space.own_space_middleware",  # issue 14: staff | person's space
    "connecting_people.core.mfa_required.mfa_required_middleware",  # two-step sign-in first
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "connecting_people.core.middleware.current_team_middleware",
]

# Messages can name people, so they stay on the server, not in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
FORM_RENDERER = "connecting_people.core.forms.FormRenderer"
ROOT_URLCONF = "connecting_people.urls"
WSGI_APPLICATION = "connecting_people.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "connecting_people.core.context_processors.layout",
            ],
        },
    },
]

# Databases --------------------------------------------------------------------------------------

if EMBEDDED:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "connecting-people.sqlite3",
            "OPTIONS": {
                # WAL lets readers carry on while one worker writes; IMMEDIATE avoids lock upgrades.
                # A 64 MB page cache per connection (the default is 2 MB) keeps the directory's
                # search tables in memory: rankings and searches over 100,000 services read
                # the same pages again and again (bench/README.md).
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA cache_size=-64000;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
else:
    DATABASES = {"default": env.db("DATABASE_URL")}
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache shared by every server worker: allauth's rate limits must count across processes.
if "CACHE_URL" in env:
    CACHES = {"default": env.cache("CACHE_URL")}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": DATA_DIR / "cache",
        }
    }

# Accounts and sign-in ---------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_FORMS = {
    "login": "connecting_people.accounts.forms.LoginForm",
    "request_login_code": "connecting_people.accounts.forms.RequestLoginCodeForm",
}
ACCOUNT_ADAPTER = "connecting_people.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
# Sign-in limits (accounts/adapter.py keys failures per account *and* address, so they cannot be
# used to lock a named person out from anywhere). Per account and address: 5 failures in 5 minutes.
# Per address: 100 failures and 300 sign-in attempts a minute... generous, because a whole
# organisation can reach us through one proxy and one person's typos must not block the rest.
# A successful sign-in does not count as a failure, and nobody else's failures count against it.
# issue 14, people's own accounts: emailed sign-in codes (only people's accounts get one; staff
# keep password and second step) are asked for at most 3 times a minute and 10 an hour per address
# asked for, 20 a minute per client address; each code works once, for 10 minutes, and 3 wrong
# tries void it. Wrong invitation codes on /my/start/ count per account-at-address (5 in 5
# minutes) and per address (20 in 5 minutes), like wrong passwords.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "100/5m/ip,5/5m/key",
    "login": "300/m/ip",
    "request_login_code": "20/m/ip,3/m/key,10/h/key",
    "own_space_start_failed": "20/5m/ip,5/5m/key",
}
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
# Nobody can sign up here, so an address with no account gets no "you have no account" email.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# How long an invitation's one-time code (and a new code the team makes) works.
CPI_INVITATION_DAYS = env.int("CPI_INVITATION_DAYS", default=14)
if not 1 <= CPI_INVITATION_DAYS <= 60:
    raise ImproperlyConfigured("CPI_INVITATION_DAYS must be between 1 and 60.")
# The second step: an app code (TOTP), or a security key or passkey (WebAuthn: a phone, a laptop's
# fingerprint reader, a USB key), with recovery codes for when neither is to hand. Passkeys are a
# second step only: signing in with a passkey instead of a password is left off.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "Connecting People"
MFA_PASSKEY_LOGIN_ENABLED = False
# WebAuthn checks the page's origin is https; a deployment served over plain http (the embedded
# default on this machine, http://localhost) cannot be, so only there is an http origin accepted.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not HTTPS
# mfa: two-step sign-in is required before any page with personal data (core/mfa_required.py).
# Only the demo may skip it, so a newcomer can look around (it says it is a demo on every page);
# CPI_REQUIRE_MFA=true tries the requirement there. Without the demo it cannot be turned off:
# start-up refuses CPI_REQUIRE_MFA=false, and the middleware ignores the setting anyway.
CPI_REQUIRE_MFA = env.bool("CPI_REQUIRE_MFA", default=not CPI_DEMO)
if not CPI_REQUIRE_MFA and not CPI_DEMO:
    raise ImproperlyConfigured(
        "CPI_REQUIRE_MFA=false is refused here: two-step sign-in keeps people's records safe, "
        "and only the demo (CPI_DEMO=true, never in production) may skip it. "
        "Leave CPI_REQUIRE_MFA unset."
    )

# The address a request came from, for sign-in limits and the audit trail (core/client.py): the
# proxies in front of us (addresses or networks, comma-separated) whose X-Forwarded-For we believe.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
try:
    [ipaddress.ip_network(entry, strict=False) for entry in TRUSTED_PROXIES]
except ValueError as error:
    raise ImproperlyConfigured(
        f"TRUSTED_PROXIES must list addresses or networks, like 10.0.0.5,10.1.0.0/16 ({error})."
    ) from error

# Signed out after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after signing in
# whatever happens (core/session_limits.py): personal data should not stay open on a left screen.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=12)
if SESSION_IDLE_MINUTES < 1 or SESSION_MAX_HOURS < 1:
    raise ImproperlyConfigured("SESSION_IDLE_MINUTES and SESSION_MAX_HOURS must be at least 1.")
SESSION_COOKIE_AGE = 60 * 60 * SESSION_MAX_HOURS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Email ------------------------------------------------------------------------------------------

# Emails carry password-reset links: whoever reads one can take over the account. So they never go
# to the server log in production. The embedded default writes each to a file in the data folder's
# `mail` folder, readable by this account only (core/mail.py); production must send them for real.
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
elif EMBEDDED:
    EMAIL_BACKEND = "connecting_people.core.mail.PrivateFileEmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    _require("EMAIL_URL")
_UNSENT_MAIL = {  # backends that print, keep or drop mail rather than send it
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "connecting_people.core.mail.PrivateFileEmailBackend",
}
if not EMBEDDED and not DEBUG and EMAIL_BACKEND in _UNSENT_MAIL:
    raise ImproperlyConfigured(
        "EMAIL_URL must send email for real when DATABASE_URL is set (a production deployment): "
        "a console, file or dummy backend would leave password-reset links where others can "
        "read them, or lose them. Use smtp://, smtp+tls:// or smtps://. See README.md, "
        "'Configuration'."
    )
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Connecting People <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers -------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS and env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A form sent without its security check gets our own page in our own words (core/errors.py).
CSRF_FAILURE_VIEW = "connecting_people.core.errors.csrf_failure"
# The largest form Django reads (Django's own default, 2.5 MB: far more than any of our forms
# needs); a bigger one gets our "too big" page, status 413 (core/errors.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)

# Content Security Policy (issue 15): our own address only, no inline script or style, no
# framing, no plugins; set on every answer by core.headers, which also marks every answer to a
# signed-in user `no-store`. The shape of Django 6.0's SECURE_CSP (its CSP.SELF is "'self'"),
# so that middleware can take over when we move up. img-src allows data: for one image: the QR
# code allauth draws (as a data: URI) when someone sets up two-step sign-in.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}

# Language, time and dates -----------------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/London"
USE_TZ = True
FORMAT_MODULE_PATH = ["connecting_people.formats"]

# Static files -----------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(Path.cwd() / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Logging: one line per event to standard error, where gunicorn and any supervisor collect it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # harden: a refused request (4xx, django.security) is one line with no traceback, on the
    # handler and on the loggers both (core/log_refusals.py); genuine 500s keep their traceback.
    "filters": {"refusals": {"()": "connecting_people.core.log_refusals.RefusalFilter"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["refusals"]}
    },
    "root": {"handlers": ["stderr"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"filters": ["refusals"]},
        "django.security": {"filters": ["refusals"]},
    },
}

# Product settings -------------------------------------------------------------------------------

CPI_SERVICE_NAME = "Connecting People"

# Reminders (practice/reminders, `cpi send_reminders`; docs/reminders.md). Someone counts as
# having had no contact for a while after CPI_NO_CONTACT_DAYS without one; the needs-doing list
# looks CPI_REMINDERS_AHEAD_DAYS ahead; the digest email links to CPI_SITE_URL (the address
# staff open the app at, since a scheduled command has no request to take it from; by default
# the first allowed host, over HTTPS in production).
CPI_NO_CONTACT_DAYS = env.int("CPI_NO_CONTACT_DAYS", default=30)
CPI_REMINDERS_AHEAD_DAYS = env.int("CPI_REMINDERS_AHEAD_DAYS", default=7)
_SITE = f"https://{ALLOWED_HOSTS[0]}" if HTTPS and ALLOWED_HOSTS else "http://127.0.0.1:8000"
CPI_SITE_URL = env.str("CPI_SITE_URL", default=_SITE).rstrip("/")
if CPI_NO_CONTACT_DAYS < 1 or CPI_REMINDERS_AHEAD_DAYS < 0:
    raise ImproperlyConfigured(
        "CPI_NO_CONTACT_DAYS must be at least 1 and CPI_REMINDERS_AHEAD_DAYS at least 0."
    )

# The FHIR R4 view of a person's plan (api/fhir, `cpi export_fhir`; docs/fhir.md). The code
# systems and extensions of our own have canonical URLs under CPI_FHIR_BASE: the same for every
# deployment, since a code means the same everywhere; change it only to a base the organisation
# publishes them at. Record ids are only unique within one deployment, so the identifier systems
# and the bundle's full URLs are under this deployment's own address (CPI_SITE_URL) instead.
CPI_FHIR_BASE = env.str("CPI_FHIR_BASE", default="https://connecting-people.example/fhir").rstrip(
    "/"
)

# The HSDS read API at /api/hsds/ is public, as the Open Referral UK profile expects; a
# deployment that must not publish its directory sets HSDS_API_PUBLIC=false (staff sign-in needed).
HSDS_API_PUBLIC = env.bool("HSDS_API_PUBLIC", default=True)

# Research exports make pseudonyms with this key, kept outside the database and never the
# SECRET_KEY (research/keys.py). Unset in the embedded setup, a key is made on the first export
# and kept in the data folder (research_key, readable by this account only); a production
# deployment sets it (at least 32 random characters, kept for good: a new key, new pseudonyms).
RESEARCH_KEY = env.str("RESEARCH_KEY", default="")

# Archive imports (issue 15, files): a zip is refused, before any of it is read, if its entries
# unpack to more than this in all or if it holds more entries than this; the bytes actually read
# are counted too (core/archives.py). `cpi import_hsds` reads tabular packages as .zip, and an
# .xlsx workbook is a zip (the caseload import keeps its own, smaller, limits under these).
ARCHIVE_MAX_UNPACKED_BYTES = env.int("ARCHIVE_MAX_UNPACKED_BYTES", default=500 * 1024 * 1024)
ARCHIVE_MAX_ENTRIES = env.int("ARCHIVE_MAX_ENTRIES", default=10_000)

# Erasure and retention (issue 15, section 6; docs/retention.md says where each default comes
# from: every organisation must confirm its own schedule and set these to match).
# A request to erase a person's record lapses if no second person confirms it within this many
# days.
ERASURE_REQUEST_DAYS = env.int("ERASURE_REQUEST_DAYS", default=14)
# `cpi retention` erases the records of people who moved on longer ago than this many years
# (8: the Records Management Code of Practice's period for adult health records not covered by
# another entry; 20 where the organisation files these with its mental health records).
RETENTION_MOVED_ON_YEARS = env.int("RETENTION_MOVED_ON_YEARS", default=8)
# ...and erases the record label and detail of audit events older than this many years (the
# events themselves, who did what and when, stay: the trail is append-only, ADR 0018).
RETENTION_AUDIT_DETAIL_YEARS = env.int("RETENTION_AUDIT_DETAIL_YEARS", default=8)
# ...and removes requests to erase that were cancelled or lapsed longer ago than this many days.
RETENTION_ERASURE_REQUEST_DAYS = env.int("RETENTION_ERASURE_REQUEST_DAYS", default=365)
# ...and removes the name and email of staff accounts switched off longer ago than this many
# years (the account row stays for the audit trail).
RETENTION_STAFF_ACCOUNT_YEARS = env.int("RETENTION_STAFF_ACCOUNT_YEARS", default=6)
# ...and removes requests to join a team that were decided longer ago than this many days.
RETENTION_JOIN_REQUEST_DAYS = env.int("RETENTION_JOIN_REQUEST_DAYS", default=365)
# ...and deletes files older than this many days in DATA_DIR's backups/, exports/ and mail/.
RETENTION_FILES_DAYS = env.int("RETENTION_FILES_DAYS", default=35)

# The JSON API (issue 19, ADR 0022): how many requests one token may make in each window of
# seconds before it is answered 429 with Retry-After, counted in the cache above (CACHE_URL).
CPI_API_RATE_LIMIT = env.int("CPI_API_RATE_LIMIT", default=120)
CPI_API_RATE_WINDOW = env.int("CPI_API_RATE_WINDOW", default=60)
