"""Settings for the test suite: real PostgreSQL and Redis, cheap hashing."""

from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import CACHES, REST_FRAMEWORK, env

SECRET_KEY = "test-secret-key-not-for-production"
DEBUG = False
KONTOR_BASE_DOMAIN = "kontor.test"
ALLOWED_HOSTS = [KONTOR_BASE_DOMAIN, f".{KONTOR_BASE_DOMAIN}", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Each test process gets its own Redis database so parallel runs never share keys: pytest-xdist's
# workers ("gw0", "gw1" …; pytest-django gives each its own test database too) take the databases
# after REDIS_URL's, for the cache, the broker and the results alike.
_REDIS = urlsplit(env("REDIS_URL", default="redis://127.0.0.1:6379/15"))
_WORKER = env("PYTEST_XDIST_WORKER", default="")
_REDIS_DB = int(_REDIS.path.strip("/") or 0)
if _WORKER:
    _REDIS_DB = (_REDIS_DB + 1 + int(_WORKER.removeprefix("gw"))) % 16
CACHES["default"]["LOCATION"] = CELERY_BROKER_URL = CELERY_RESULT_BACKEND = urlunsplit(
    _REDIS._replace(path=f"/{_REDIS_DB}")
)
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "anon": "1000/minute",
    "user": "1000/minute",
    "signup": "1000/hour",
    "auth": "1000/minute",
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# django-otp's back-off after a wrong code is tested on its own (test_tokens); elsewhere it would
# make a test that first types a wrong code wait.
OTP_TOTP_THROTTLE_FACTOR = 0
# Static files are served from the finders (app folders and node_modules), as in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
