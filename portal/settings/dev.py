"""Development settings: debug on, a throwaway secret key, console e-mail."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-not-for-production"  # noqa: F405
