"""Backups of the whole portal (database and uploaded media) and restoring them: ``manage.py backup``, ``restore``."""
