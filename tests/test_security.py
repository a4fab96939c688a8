"""The portal sends a content security policy that the admin still works under, and the production checks pass."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests import factories as f

ROOT = Path(__file__).resolve().parent.parent


def policy(response):
    return dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in response["Content-Security-Policy"].split(";"))
    )


@pytest.mark.django_db
def test_public_pages_allow_no_inline_or_foreign_scripts(client):
    response = client.get(f.body().url)
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_admin_works_under_its_policy(client):
    client.force_login(get_user_model().objects.create_superuser("redaktoer", "r@example.dk", "hemmelig-kode-123"))
    home = f.home_page()
    for url in ("/admin/", f"/admin/pages/{home.pk}/edit/", "/admin/documents/multiple/add/"):
        response = client.get(url)
        assert response.status_code == 200, url
        directives = policy(response)
        assert directives["script-src"] == "'self' 'unsafe-inline'"  # the admin has inline scripts of its own
        assert "gravatar" not in response.content.decode()  # avatars would need a third-party image source


def test_check_deploy_is_clean_with_the_documented_production_variables():
    # A production environment: none of the test run's own switches (the browser tests allow sync ORM calls).
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "moeder.example.dk",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://moeder.example.dk",
        "DJANGO_HSTS_PRELOAD": "true",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.production", "DJANGO_SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
