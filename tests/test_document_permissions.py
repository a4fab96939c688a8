"""Editors and approvers upload and choose documents in their own body's collections, not in others'."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pages.models import OrganisationRoles, PortalDocument
from tests import factories as f
from tests.workflow_support import PASSWORD, role_users

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def bodies():
    return f.body(title="Kommunalt erhvervsnetværk", short_name="N17"), f.body(title="EKO", short_name="EKO")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["editor", "approver"])
def test_role_can_upload_into_its_own_collection_only(client, bodies, role):
    n17, eko = bodies
    users = role_users(n17, "n17")
    n17_collection = OrganisationRoles.for_page(n17).collection
    eko_collection = OrganisationRoles.for_page(eko).collection
    assert client.login(username=users[role].username, password=PASSWORD)

    response = client.get("/admin/documents/multiple/add/")
    assert response.status_code == 200
    offered = (
        {c.pk for c in response.context["form"].fields["collection"].queryset} if "form" in response.context else None
    )
    if offered is not None:
        assert n17_collection.pk in offered
        assert eko_collection.pk not in offered

    response = client.post(
        "/admin/documents/add/",
        {"title": "Bilag", "collection": n17_collection.pk, "file": SimpleUploadedFile("bilag.pdf", PDF)},
    )
    assert response.status_code == 302, response.content[:500]
    assert PortalDocument.objects.filter(title="Bilag", collection=n17_collection).exists()

    response = client.post(
        "/admin/documents/add/",
        {"title": "Fremmed bilag", "collection": eko_collection.pk, "file": SimpleUploadedFile("x.pdf", PDF)},
    )
    assert not PortalDocument.objects.filter(title="Fremmed bilag").exists()


@pytest.mark.django_db
def test_member_cannot_upload(client, bodies):
    n17, _ = bodies
    member = role_users(n17, "n17")["member"]
    assert client.login(username=member.username, password=PASSWORD)
    client.post(
        "/admin/documents/add/",
        {
            "title": "Medlemsbilag",
            "collection": OrganisationRoles.for_page(n17).collection.pk,
            "file": SimpleUploadedFile("m.pdf", PDF),
        },
    )
    assert not PortalDocument.objects.filter(title="Medlemsbilag").exists()
