"""Settings for `make run` on a developer's machine."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
KONTOR_PUBLIC_PORT = env("KONTOR_PUBLIC_PORT", default="8000")
