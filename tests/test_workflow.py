import pytest
from tests import factories
from tests.workflow_support import *  # noqa


@pytest.mark.django_db
def test_smoke(client):
    n17 = factories.body()
    people = role_users(n17, "n17")
    client.force_login(people["editor"])
    data = meeting_form(items=[{"title": "Punkt", "description": "<p>Tekst</p>"}])
    data["action-submit"] = "Submit"
    response = client.post(add_url(n17), data)
    print(response.status_code, response.get("Location"))
    if response.status_code == 200:
        import re
        print(re.findall(r'class="error-message">(.*?)<', response.content.decode(), re.S)[:10])
        print(response.context["form"].errors, [f.errors for f in response.context["form"].formsets["agenda_items"]])
    page = MeetingPage.objects.get()
    print(page.live, page.current_workflow_state, page.current_workflow_task)
    assert 0
