import pytest
from tests import factories
from tests.workflow_support import *  # noqa
from tests.test_permissions import draft_meeting

@pytest.mark.django_db
def test_dbg(client):
    n17 = factories.body()
    people = role_users(n17, "n17")
    m = draft_meeting(n17, people)
    client.force_login(people["editor"])
    data = meeting_form_from(m, title="X")
    data["action-publish"] = "1"
    r = client.post(edit_url(m), data)
    print("STATUS", r.status_code, r.context["form"].errors, [f.errors for f in r.context["form"].formsets["agenda_items"]], r.context["form"].formsets.keys())
    assert 0
