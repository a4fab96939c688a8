import datetime as dt
import re
import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pages.roles import ensure_roles
from tests.workflow_support import user, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

def test_explore(portal, browser_context):
    roles = ensure_roles(portal.n17)
    user("redaktoer", roles.editors)
    page = browser_context().new_page()
    try:
        page.goto(portal.url + "/admin/login/")
        page.get_by_label("Brugernavn").fill("redaktoer")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log Ind").click()
        page.wait_for_url(portal.url + "/admin/")
        page.goto(portal.url + "/admin/pages/")
        page.get_by_role("link", name="Udforsk undersider af 'Forside'?").click()
        page.get_by_role("link", name="Udforsk undersider af 'Kommunalt erhvervsnetværk'?").click()
        page.get_by_role("link", name="Udforsk undersider af 'Energi og Klima'?").click()
        page.get_by_role("link", name="Tilføj en underside").first.click()
        page.wait_for_load_state()
        open("/tmp/jr/choose.html","w").write(page.content())
        page.screenshot(path="/tmp/jr/choose.png", full_page=True)
        page.get_by_role("link", name=re.compile("^Møde")).first.click()
        page.get_by_role("textbox", name=re.compile("title", re.I)).first.fill("Møde om varmeplaner")
        start = (timezone.now() + dt.timedelta(days=2)).astimezone(timezone.get_current_timezone()).replace(hour=13, minute=0)
        page.get_by_label("Starter").fill(start.strftime("%d.%m.%Y %H:%M"))
        page.keyboard.press("Escape")
        page.get_by_label("Slutter").fill((start + dt.timedelta(hours=2)).strftime("%d.%m.%Y %H:%M"))
        page.keyboard.press("Escape")
        page.get_by_label("Sted").fill("Rådhuset, Ringsted")
        add = page.get_by_role("button", name="Tilføj Dagsordenspunkt")
        for t in ["A", "B", "C"]:
            add.click()
        page.screenshot(path="/tmp/jr/items.png", full_page=True)
        open("/tmp/jr/items.html","w").write(page.content())
    except Exception:
        page.screenshot(path="/tmp/jr/fail.png", full_page=True)
        open("/tmp/jr/fail.html","w").write(page.content())
        raise
