"""Loads the demo organisation of Region Sjælland; running it again adds only what is missing."""

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.shortcuts import resolve_url
from django.utils import timezone

from demo.build import (
    LOGINS,
    MEMBER_BODIES,
    MEMBER_LOGIN,
    DemoLoader,
    page_counts,
    references_indexed_once,
    search_indexed_once,
)
from demo.translations import synchronise_english_tree, translate_demo
from pages.roles import setup_demo_roles
from portal import addresses


class Command(BaseCommand):
    help = "Load the bodies, people, meetings and memos of the 2009 memo as demo content (safe to run again)."

    def handle(self, *args, **options):
        started = time.monotonic()
        loader = DemoLoader(today=timezone.localdate(), now=timezone.now())
        steps = [
            ("Municipalities", loader.load_municipalities),
            ("Focus areas", loader.load_focus_areas),
            ("People", loader.load_people),
            ("Bodies and pages", loader.load_bodies),
            ("Working groups and consortia", loader.load_groups),
            ("Memberships", loader.load_memberships),
            ("Memo archive and memos", loader.load_memos),
            ("Meetings", loader.load_meetings),
            ("Briefing memos", loader.load_briefings),
            # Before the English tree is synchronised, so the new pages get their (members-only) English placeholders.
            ("Applications, case handlers and comments", loader.load_applications),
            ("English translations", lambda: translate_demo(loader)),
            ("English pages in step with Danish", synchronise_english_tree),
        ]
        if settings.PORTAL_DEMO_LOGINS:
            steps.append(("Demo logins", loader.load_logins))
        # Editors, approvers and members groups for every organisation (pages/roles.py); demo logins work in N17.
        steps.append(("Editorial roles", setup_demo_roles))
        # Wagtail logs every page save and background task; the progress lines below say enough.
        quiet = options["verbosity"] < 2
        if quiet:
            logging.disable(logging.INFO)
        try:
            with transaction.atomic(), references_indexed_once(loader.touched), search_indexed_once():
                for label, step in steps:
                    step_started = time.process_time()
                    total, created = step()
                    cpu = time.process_time() - step_started
                    self.stdout.write(f"{label}: {total} ({created} new) [{cpu:.1f} s CPU]")
        except LookupError as error:
            raise CommandError(str(error)) from error
        finally:
            if quiet:
                logging.disable(logging.NOTSET)

        if loader.meetings_changed:
            self.stdout.write(f"Meetings brought up to date (agenda or minutes added): {loader.meetings_changed}")
        self.stdout.write(f"Documents: {loader.documents.created} new")
        counts = ", ".join(f"{n} {label}" for label, n in page_counts(loader.home).items())
        seconds = time.monotonic() - started
        summary = f"Demo loaded in {seconds:.1f} s: {loader.pages_created} new pages; {counts}."
        self.stdout.write(self.style.SUCCESS(summary))
        if settings.PORTAL_DEMO_LOGINS:
            self.stdout.write("Demo logins for /admin/ (username / password):")
            roles = {"editor": "N17 editor and case handler", "reviewer": "N17 approver"}
            for username, password, _name, is_superuser in LOGINS:
                role = "superuser" if is_superuser else roles.get(username, "staff")
                self.stdout.write(f"  {username} / {password}  ({role})")
            username, password, _name, _person = MEMBER_LOGIN
            self.stdout.write(
                f"Demo member login for the portal at {addresses.absolute(resolve_url(settings.LOGIN_URL))}:"
            )
            self.stdout.write(
                f"  {username} / {password}  (member of {' and '.join(MEMBER_BODIES)}; “Mit område” after login)"
            )
        else:
            self.stdout.write(self.style.WARNING("Demo logins are off (PORTAL_DEMO_LOGINS): none were created."))
