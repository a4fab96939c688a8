"""Development settings (`make run`): a throwaway secret key, console e-mail, and the portal's own error pages.

Debug is off, so a visitor sees the portal's 404 and 500 pages rather than Django's debug page; a developer
turns the debug page on with ``DJANGO_DEBUG=1``. Static files and images are served without collectstatic.
"""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-not-for-production"  # noqa: F405
# WhiteNoise finds static files in the apps' folders, as runserver does in debug mode.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
PORTAL_SERVE_MEDIA = True
# `make run` creates the demo logins (demo/management/commands/load_demo.py); production settings never do.
PORTAL_DEMO_LOGINS = env_bool("PORTAL_DEMO_LOGINS", True)
