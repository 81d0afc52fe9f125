"""Settings shared by every environment.

Values that differ between machines come from the environment (django-environ);
nothing here names a host, a path or a secret of a particular machine.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-development-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Tenants live on <slug>.<KONTOR_BASE_DOMAIN>; the bare base domain is the public site.
KONTOR_BASE_DOMAIN = env("KONTOR_BASE_DOMAIN", default="localhost")
# Digits of every base-currency amount column (NUMERIC(18, 2)): up to 9,999,999,999,999,999.99.
KONTOR_AMOUNT_DIGITS = 18
KONTOR_PUBLIC_PORT = env("KONTOR_PUBLIC_PORT", default="")
# The official e-invoice validation artefacts (XSD, Schematron XSLT) and the DGII e-CF schemas.
# They are published data, never committed: point these at unpacked copies (the default is a
# `shared` folder beside the checkout, where the workplace keeps them).
EINVOICE_RULES_DIR = Path(env("EINVOICE_RULES_DIR", default=str(BASE_DIR.parent / "shared" / "einvoice")))
ECF_RULES_DIR = Path(env("ECF_RULES_DIR", default=str(BASE_DIR.parent / "shared" / "ecf")))
EINVOICE_RULES_MIRROR = env("EINVOICE_RULES_MIRROR", default="")  # einvoice_rules_fetch: <mirror>/<path>
# Where Peppol e-invoices go (apps/einvoicing/transmission.py): a folder an access point's
# client picks up, or a generic access-point REST API when PEPPOL_AP_URL is set.
PEPPOL_ACCESS_POINT = (
    {"adapter": "http", "base_url": env("PEPPOL_AP_URL"), "token": env("PEPPOL_AP_TOKEN", default="")}
    if env("PEPPOL_AP_URL", default="")
    else {
        "adapter": "outbox",
        "folder": env("PEPPOL_OUTBOX_DIR", default=str(BASE_DIR / ".run" / "peppol-outbox")),
    }
)
PEPPOL_CONNECT_TIMEOUT = env.float("PEPPOL_CONNECT_TIMEOUT", default=5.0)
PEPPOL_READ_TIMEOUT = env.float("PEPPOL_READ_TIMEOUT", default=30.0)
# DGII's e-CF web services: .../TesteCF (tests), .../CerteCF (certification) or .../eCF (production).
DGII_ECF_BASE_URL = env("DGII_ECF_BASE_URL", default="https://ecf.dgii.gov.do/TesteCF")
# Its consumer-summary (RFCE) services live on another host, in the same environment.
DGII_FC_BASE_URL = env("DGII_FC_BASE_URL", default="https://fc.dgii.gov.do/TesteCF")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[KONTOR_BASE_DOMAIN, f".{KONTOR_BASE_DOMAIN}"])

# --- Applications -------------------------------------------------------------
# The public schema holds what spans tenants: the tenant registry, users and their
# memberships, sessions, login security and the schedule of periodic work.
SHARED_APPS = [
    "apps.tenants",  # before django_tenants: its create_tenant command is ours
    "django_tenants",
    "apps.accounts",
    "apps.audit",
    "apps.core",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # trigram lookups for search; no models
    "apps.core.apps.KontorAdminConfig",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "auditlog",
    "django_celery_beat",
]
# Each tenant schema holds that company's business data and its own audit trail.
TENANT_APPS = [
    "django.contrib.contenttypes",
    "apps.audit",
    "apps.taxes",
    "apps.ledger",
    "apps.parties",
    "apps.catalog",
    "apps.invoicing",
    "apps.sales",
    "apps.dunning",
    "apps.einvoicing",
    "apps.dashboard",
]
INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenant"
# New tenants are cloned from a migrated template schema instead of running every
# migration again (docs/decisions/0001-tenant-provisioning-by-cloning.md).
TENANT_BASE_SCHEMA = "tenant_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
# Set the search_path once per connection and tenant switch, not before every query.
TENANT_LIMIT_SET_CALLS = True
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

AUTH_USER_MODEL = "tenants.User"
AUDITLOG_LOGENTRY_MODEL = "audit.AuditEntry"
AUDITLOG_CID_GETTER = "apps.core.request_context.current_request_id"
AUDITLOG_INCLUDE_ALL_MODELS = False

MIDDLEWARE = [
    "apps.core.middleware.RequestIdMiddleware",
    "apps.tenants.middleware.TenantHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "apps.core.middleware.PayloadSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.tenants.middleware.TenantLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "apps.accounts.middleware.TwoFactorEnforcementMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "apps.audit.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.accounts.context_processors.workspace",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# --- Data stores --------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/kontor")}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        # Tenant-prefixed keys: nothing cached for one company is read by another.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Authentication -----------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "apps.accounts.backends.MembershipBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"
OTP_TOTP_ISSUER = "Kontor"

# Login throttling: 5 failures per account or per IP address lock that key for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "apps.accounts.lockout.lockout_response"
AXES_VERBOSE = False

# --- API ----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "apps.accounts.authentication.TenantJWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["apps.accounts.permissions.ModuleRightsPermission"],
    "DEFAULT_PAGINATION_CLASS": "apps.core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.ScopedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute", "user": "600/minute", "signup": "10/hour", "auth": "30/minute"},
    "EXCEPTION_HANDLER": "apps.core.api.exception_handler.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=5),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=14),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "SIGNING_KEY": env("JWT_SIGNING_KEY", default=SECRET_KEY),
    "TOKEN_OBTAIN_SERIALIZER": "apps.accounts.serializers.TenantTokenObtainPairSerializer",
    "TOKEN_REFRESH_SERIALIZER": "apps.accounts.serializers.TenantTokenRefreshSerializer",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kontor API",
    "DESCRIPTION": "Finance for small businesses and their accountants. Paths are served on each company's host.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui-dist",
    "SWAGGER_UI_FAVICON_HREF": "/static/favicon.svg",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `kind` or `status`: name each choice set after its own class.
    "ENUM_NAME_OVERRIDES": {
        "InvoiceKindEnum": "apps.invoicing.models.InvoiceKind",
        "InvoiceStatusEnum": "apps.invoicing.models.InvoiceStatus",
        "SendStatusEnum": "apps.invoicing.models.SendStatus",
        "PaymentKindEnum": "apps.invoicing.models.PaymentKind",
        "PeriodKindEnum": "apps.ledger.models.PeriodKind",
        "OpenClosedEnum": "apps.ledger.models.OpenClosed",
        "ProductKindEnum": "apps.catalog.models.ProductKind",
        "AddressKindEnum": "apps.parties.models.AddressKind",
    },
}
# Larger bodies are refused with 413 before any parser sees them.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("KONTOR_MAX_REQUEST_BYTES", default=2 * 1024 * 1024)

# --- E-mail --------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Kontor <no-reply@kontor.localhost>")
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600  # also the life of an invitation link

# --- Background work ----------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# What runs when. The database scheduler copies these entries into django-celery-beat's
# tables at start (the audit entry keeps the name its data migration first gave it).
# Daily work per company: beat queues `tenants.fan_out`, which queues the task in each schema.
CELERY_BEAT_SCHEDULE = {
    "Verify audit chains": {"task": "audit.audit_chains_verify_all", "schedule": crontab(hour=3, minute=15)},
    **{
        f"daily {task_name}": {
            "task": "tenants.fan_out",
            "schedule": crontab(hour=hour, minute=0),
            "kwargs": {"task_name": task_name},
        }
        for task_name, hour in [
            ("einvoicing.consumer_summaries_send", 1),
            ("sales.quotes_expire", 2),
            ("invoicing.invoices_mark_overdue", 4),
            ("invoicing.recurring_invoices_issue", 5),
            ("dunning.dunning_run", 6),
        ]
    },
    "poll einvoicing.transmissions_poll": {
        "task": "tenants.fan_out",
        "schedule": crontab(minute="*/15"),
        "kwargs": {"task_name": "einvoicing.transmissions_poll"},
    },
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("fr", _("French")),
    ("nl", _("Dutch")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end libraries come from the npm registry (package.json, `make` runs `npm ci`), never from a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx.org", BASE_DIR / "node_modules/htmx.org/dist"),
    ("vendor/chart.js", BASE_DIR / "node_modules/chart.js/dist"),
    ("vendor/swagger-ui-dist", BASE_DIR / "node_modules/swagger-ui-dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Security -----------------------------------------------------------------
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Logging ------------------------------------------------------------------
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(tenant)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # WeasyPrint narrates every PDF it renders at INFO; only its warnings matter.
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
