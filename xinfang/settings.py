"""Django settings, read from the environment through xinfang.lib.env.

Local defaults run without any variable set: SQLite (WAL) under var/, debug off unless
XINFANG_DEBUG=1, a secret key generated once into var/.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dj_database_url

from xinfang.lib.env import ConfigError, env_bool, env_int, env_list, env_str, secret_key

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(env_str("XINFANG_VAR_DIR", str(BASE_DIR / "var"))).resolve()

SECRET_KEY = secret_key(VAR_DIR)
DEBUG = env_bool("XINFANG_DEBUG", False)
ALLOWED_HOSTS = env_list("XINFANG_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("XINFANG_CSRF_TRUSTED_ORIGINS", [])
# The refusal page in Chinese, in the site's layout (Django's own speaks of DEBUG).
CSRF_FAILURE_VIEW = "xinfang.front.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "xinfang.regions",
    "xinfang.accounts",
    "xinfang.classes",
    "xinfang.petitions",
    "xinfang.events",
    "xinfang.holidays",
    "xinfang.workflow",
    "xinfang.front",
    "xinfang.stats",
    "xinfang.insight",
    "xinfang.hotspots",
    "xinfang.casework",
    "xinfang.backlog",
    "xinfang.aid",
    "xinfang.receptions",
    "xinfang.leadership",
    "xinfang.contacts",
    "xinfang.briefs",
    "xinfang.disputes",
    "xinfang.projects",
    "xinfang.meetings",
    "xinfang.periods",
    "xinfang.assessment",
    "xinfang.documents",
    "xinfang.intake",
    "xinfang.ops",
    "xinfang.demo",
    "xinfang.console",
    "ninja",
    "xinfang.api",
    "xinfang.open311",
    "xinfang.portal",
    "xinfang.reference",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every answer (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # Serves the collected static files (no separate web server needed for a small bureau).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A NUL character in any parameter answers 400 (PostgreSQL cannot take one in text).
    "xinfang.front.middleware.NulCharacterMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Regions, classes, the calendar and time limits from memory while they are current.
    "xinfang.reference.middleware.ReferenceMiddleware",
    # A database refusing writes answers 503 with what to do (the API answers its own JSON).
    "xinfang.front.middleware.DatabaseFaultMiddleware",
    # Marks request.user verified once the second factor was given (TOTP).
    "django_otp.middleware.OTPMiddleware",
    # Staff who have a second factor, and every administrator, give it before any staff page.
    "xinfang.accounts.middleware.SecondFactorMiddleware",
    # Login throttling: refuses a username from an address after too many failures (last, as
    # django-axes asks, so it sees the login view's answer).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xinfang.urls"
WSGI_APPLICATION = "xinfang.wsgi.application"

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
                "xinfang.front.context.navigation",
            ],
        },
    },
]


def _database(url: str) -> dict:
    if url and not url.startswith("sqlite"):
        config = dj_database_url.parse(url, conn_max_age=env_int("XINFANG_DB_CONN_MAX_AGE", 60))
        config["CONN_HEALTH_CHECKS"] = True
        if config["ENGINE"].endswith("postgresql"):
            # Servers run on SSDs today; at the default 4.0 the planner prefers scanning every
            # search document to using the GIN index (measured: 120 ms against 40 ms).
            cost = env_str("XINFANG_PG_RANDOM_PAGE_COST", "1.1")
            config.setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={float(cost)}"
            # Server-side binding lets psycopg prepare a statement once it has run a few times
            # on a connection, so the server stops parsing and planning it again: per API
            # create, server CPU 3.1 → 1.7 ms (see Performance). `off` for a pooler that
            # cannot keep prepared statements (PgBouncer before 1.21 in transaction mode).
            if env_str("XINFANG_PG_PREPARE_THRESHOLD", "5") != "off":
                config["OPTIONS"]["server_side_binding"] = True
                config["OPTIONS"]["prepare_threshold"] = env_int("XINFANG_PG_PREPARE_THRESHOLD", 5)
        return config
    path = dj_database_url.parse(url)["NAME"] if url else VAR_DIR / "xinfang.sqlite3"
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "xinfang.lib.sqlite",  # django.db.backends.sqlite3, writers queued: see there
        "NAME": path,
        # Kept open across requests, as for PostgreSQL: opening one costs the PRAGMAs, Django's
        # SQL functions and a cold page cache on every request.
        "CONN_MAX_AGE": env_int("XINFANG_DB_CONN_MAX_AGE", 60),
        "OPTIONS": {
            # WAL lets readers work while one writer commits; IMMEDIATE takes the write lock
            # at BEGIN so two writers queue instead of failing with "database is locked".
            # A 32 MiB page cache and memory-mapped reads: report queries over the clock table
            # scan hundreds of megabytes at a million petitions (measured: 13 s → 7–9 s).
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
                " PRAGMA cache_size=-32768; PRAGMA mmap_size=268435456;"
            ),
            "transaction_mode": "IMMEDIATE",
        },
    }


def read_only(config: dict) -> dict:
    """A replica's connection: refuses writes itself, so none can land there by mistake (a
    logical replica or a promoted standby would take them and drift from the primary).
    In tests it is a mirror of the primary (Django's TEST MIRROR)."""
    options = dict(config.get("OPTIONS", {}))
    if config["ENGINE"].endswith("postgresql"):
        refuse = "-c default_transaction_read_only=on"
        options["options"] = f"{options.get('options', '')} {refuse}".strip()
    else:
        options["init_command"] = f"{options.get('init_command', '')} PRAGMA query_only=ON;"
    return {**config, "OPTIONS": options, "TEST": {**config.get("TEST", {}), "MIRROR": "default"}}


DATABASES = {"default": _database(env_str("DATABASE_URL"))}
# A streaming replica for the report pages, the report API and exports (xinfang.lib.routers):
# only reads inside `reading_reports()` go there; every write and case page stays on default.
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = read_only(_database(env_str("DATABASE_REPLICA_URL")))
DATABASE_ROUTERS = ["xinfang.lib.routers.ReportReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username is refused before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("XINFANG_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id first; older PBKDF2 hashes still verify and are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]

# Login throttling (django-axes), on /login/ and /admin/login/ alike: after
# XINFANG_LOGIN_FAILURE_LIMIT wrong passwords for one username from one address, that pair is
# refused for XINFANG_LOGIN_LOCKOUT_MINUTES. Counted per username and address together, so a
# counter hall behind one address is not locked out by one person's typing. Administrators
# unlock at 系统管理 → 访问尝试 (delete the row) or with `xinfang axes_reset_username NAME`.
AXES_FAILURE_LIMIT = env_int("XINFANG_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("XINFANG_LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "xinfang.accounts.views.locked_out"
AXES_VERBOSE = False
# Behind nginx: how many proxies put their address in X-Forwarded-For (0: use REMOTE_ADDR).
AXES_IPWARE_PROXY_COUNT = env_int("XINFANG_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    if env_int("XINFANG_PROXY_COUNT", 0)
    else ["REMOTE_ADDR"]
)

# Staff sessions last a working day and end when the browser closes (counter PCs are shared).
SESSION_COOKIE_AGE = env_int("XINFANG_SESSION_HOURS", 9) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("XINFANG_SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

# Second factor (TOTP, django-otp): optional for staff, required for administrators.
XINFANG_OTP_REQUIRED_FOR_ADMINS = env_bool("XINFANG_OTP_REQUIRED_FOR_ADMINS", True)
OTP_TOTP_ISSUER = "信访业务管理系统"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
# Serve straight from the apps' static folders too, so a checkout works before collectstatic.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Attachments live under var/, outside the static tree, and are only ever sent as downloads.
ATTACHMENT_ROOT = VAR_DIR / "attachments"
ATTACHMENT_MAX_BYTES = env_int("XINFANG_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)

# A registrar may void (作废) a petition they registered by mistake for this many hours after
# registering it; after that only a supervisor (督查) may.
XINFANG_VOID_WINDOW_HOURS = env_int("XINFANG_VOID_WINDOW_HOURS", 24)
# A township's dispute report (矛盾纠纷月报表) of a month is due by this day of the month after;
# its county sees it flagged 未报 from the day after.
XINFANG_DISPUTE_REPORT_DAY = env_int("XINFANG_DISPUTE_REPORT_DAY", 5)
if not 1 <= XINFANG_DISPUTE_REPORT_DAY <= 28:
    raise ConfigError("XINFANG_DISPUTE_REPORT_DAY must be a day from 1 to 28")
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("XINFANG_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind HTTPS: tell browsers to use nothing else (seconds; 0 leaves the header out).
SECURE_HSTS_SECONDS = env_int("XINFANG_HSTS_SECONDS", 0)

# Scripts only from our own static files: no inline script, no eval, nothing from elsewhere
# (templates carry no inline script or on* attribute: portal/tests/test_csp.py).
# Styles may be inline: ECharts and htmx set element styles. The API's Swagger page is
# ninja's own (it loads its viewer from a CDN) and keeps no policy.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/v1/docs"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Notifications beyond the in-app bell (xinfang.events.delivery): comma-separated backends,
# e.g. "xinfang.events.delivery.EmailBackend,xinfang.events.delivery.HttpSmsBackend".
XINFANG_NOTIFY_BACKENDS = env_list(
    "XINFANG_NOTIFY_BACKENDS", ["xinfang.events.delivery.ConsoleBackend"]
)
# The outbox (xinfang.events.outbox) the worker sends them from: tries per message, the first
# retry's delay (doubling after each failure), and how long a worker's claim holds before
# another worker may take the message over (the first one is presumed dead).
XINFANG_OUTBOX_MAX_ATTEMPTS = env_int("XINFANG_OUTBOX_MAX_ATTEMPTS", 8)
XINFANG_OUTBOX_RETRY_SECONDS = env_int("XINFANG_OUTBOX_RETRY_SECONDS", 60)
XINFANG_OUTBOX_CLAIM_SECONDS = env_int("XINFANG_OUTBOX_CLAIM_SECONDS", 900)
XINFANG_OUTBOX_KEEP_DAYS = env_int("XINFANG_OUTBOX_KEEP_DAYS", 30)  # sent rows, then deleted
# The hour (Beijing time) a user who chose the daily digest gets their messages, as one.
XINFANG_DIGEST_HOUR = env_int("XINFANG_DIGEST_HOUR", 8)
XINFANG_SMS_GATEWAY_URL = env_str("XINFANG_SMS_GATEWAY_URL")
# Mail goes to the console until an SMTP host is configured.
EMAIL_HOST = env_str("XINFANG_EMAIL_HOST", "localhost")
EMAIL_BACKEND = env_str(
    "XINFANG_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("XINFANG_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("XINFANG_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("XINFANG_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("XINFANG_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("XINFANG_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("XINFANG_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("XINFANG_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("XINFANG_EMAIL_FROM", "xinfang@localhost")

# Prometheus scrapes /metrics with this bearer token; unset, the endpoint does not exist.
XINFANG_METRICS_TOKEN = env_str("XINFANG_METRICS_TOKEN")

# XINFANG_LOG_FORMAT=json writes one JSON object a line (for journald, Loki, ELK).
LOG_FORMAT = env_str("XINFANG_LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(process)d",
            "json_ensure_ascii": False,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("XINFANG_LOG_LEVEL", "WARNING")},
    # The console notification backend writes here; its lines reach the root's console
    # handler (which has no level of its own) even while the root logs only warnings.
    "loggers": {
        "xinfang.notify": {"level": env_str("XINFANG_NOTIFY_LOG_LEVEL", "INFO")},
    },
}

# The portal's public address printed on receipts and notices (文书); empty: this server's /portal/.
XINFANG_PORTAL_URL = env_str("XINFANG_PORTAL_URL")

# Public portal (网上信访) and API limits: per client IP, per phone and per petition number.
# Counts live in the database so they hold across worker processes.
XINFANG_PORTAL_SUBMITS_PER_IP_PER_HOUR = env_int("XINFANG_PORTAL_SUBMITS_PER_IP_PER_HOUR", 10)
XINFANG_PORTAL_SUBMITS_PER_PHONE_PER_DAY = env_int("XINFANG_PORTAL_SUBMITS_PER_PHONE_PER_DAY", 5)
XINFANG_PORTAL_LOOKUPS_PER_IP_PER_HOUR = env_int("XINFANG_PORTAL_LOOKUPS_PER_IP_PER_HOUR", 60)
XINFANG_PORTAL_LOOKUP_LOCK_MINUTES = env_int("XINFANG_PORTAL_LOOKUP_LOCK_MINUTES", 30)
XINFANG_PORTAL_MIN_FILL_SECONDS = env_int("XINFANG_PORTAL_MIN_FILL_SECONDS", 3)

# Days at the grassroots (到基层接访天数) a leader should reach in a year, by leader level
# (the seed: 市直处级 ≥ 60 天, 县处级 ≥ 90, 科级 ≥ 100); counted from held 下访 and 处访.
XINFANG_GRASSROOTS_DAYS = {
    "city": env_int("XINFANG_GRASSROOTS_DAYS_CITY", 60),
    "county": env_int("XINFANG_GRASSROOTS_DAYS_COUNTY", 90),
    "township": env_int("XINFANG_GRASSROOTS_DAYS_TOWNSHIP", 100),
}

# Retention (保存期限): years after a matter ended (办结, 终结 …) before `xinfang retention
# apply` anonymises its petitioners' personal data; statistics are kept.
XINFANG_RETENTION_YEARS = env_int("XINFANG_RETENTION_YEARS", 10)

# The hook table: who reacts to the case core (see xinfang/petitions/hooks.py). The core
# imports no feature app; it calls these by name so the import graph points one way.
# Who may be told of an event (xinfang.events.actions.notify and the tick): whoever may open
# the case it names, by the case list's own access rule. The events app sits below petitions
# and reaches the rule only through this setting.
XINFANG_AUDIENCE = "xinfang.petitions.queries.audience"

# Aid (救助帮扶) above this amount in yuan is approved by a leader over the place, not by a
# supervisor (xinfang.aid).
XINFANG_AID_LEADER_APPROVAL_ABOVE = env_int("XINFANG_AID_LEADER_APPROVAL_ABOVE", 10000)

# Below this confidence (percent) in the first-level class, the content-class suggestion says
# the model is unsure and offers its candidates as hints only (xinfang.insight.classifier).
XINFANG_CLASS_SUGGESTION_FLOOR = env_int("XINFANG_CLASS_SUGGESTION_FLOOR", 50)
if not 0 <= XINFANG_CLASS_SUGGESTION_FLOOR <= 100:
    raise ConfigError("XINFANG_CLASS_SUGGESTION_FLOOR must be a percentage from 0 to 100")

XINFANG_HOOKS = {
    # Each returns a callable run after the change: the rates' rollup takes the matters'
    # clocks before and after a step and adds the difference.
    "matters_changing": ["xinfang.stats.cohorts.changing"],
    # The rollup moves to the new day before the tick marks clocks late; hot issues are
    # computed once a day (afterwards one indexed existence check).
    "day_started": [
        "xinfang.stats.cohorts.day_started",
        "xinfang.hotspots.actions.ensure_hot_issues",
        # Leaders are reminded of their instructions left unanswered past the date asked.
        "xinfang.casework.actions.day_started",
        # Leaders who received a 交办 are reminded of a report back left late.
        "xinfang.casework.handover_actions.day_started",
        # Late follow-ups of 积案 (visits, calls, help) are reminded once.
        "xinfang.backlog.actions.day_started",
        # Meeting decisions (联席会议决定) left late past their deadline are reminded once.
        "xinfang.meetings.actions.day_started",
    ],
}
