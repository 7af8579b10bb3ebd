"""The agency admin's pages for the agency's categories of complaints: list, add, edit, stop and
resume offering one, through complaint_category_save; another agency's category answers 404."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from apps.audit.models import AuditEvent
from apps.complaints.forms import PublicComplaintForm
from apps.complaints.models import ComplaintCategory
from apps.organisations.models import Membership
from tests.complaints.factories import category, complaint
from tests.organisations.factories import MembershipFactory, office

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action


def url(name: str, *args, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse(f"complaints:{name}", args=args)


def flash(response) -> str:
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def html(response) -> str:
    return response.content.decode()


def fields(**changes) -> dict:
    return {
        "name_ar": "سلوك الموظفين",
        "name_en": "Staff conduct",
        "acknowledge_hours": "7",
        "resolve_days": "5",
        "office": "",
        "is_active": "on",
    } | changes


def audits(made: ComplaintCategory, **filters):
    return AuditEvent.objects.filter(
        object_type="complaints.complaintcategory", object_id=str(made.pk), **filters
    )


# --- who gets the pages --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_admin_lists_the_agency_categories_only(lang, client_for, naf_admin):
    ours = category("NAF", name_ar="تأخر صرف المعونة", name_en="Late payment of aid")
    retired = category("NAF", name_en="Old subject", is_active=False)
    theirs = category("MOSD", name_en="Another agency's subject")
    page = client_for(naf_admin).get(url("categories", lang=lang))
    assert page.status_code == 200
    assert ours.name_ar in html(page) and ours.name_en in html(page)
    assert retired.name_en in html(page)  # listed, to offer it again
    assert theirs.name_en not in html(page)
    assert url("category_edit", theirs.pk, lang=lang) not in html(page)


@pytest.mark.parametrize("persona", ["officer", "unit_supervisor", "citizen"])
def test_other_roles_are_refused(persona, request, client_for):
    made = category("NAF")
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url("categories")).status_code == 403
    assert client.get(url("category_create")).status_code == 403
    assert client.get(url("category_edit", made.pk)).status_code == 403
    assert client.post(url("category_deactivate", made.pk)).status_code == 403
    assert ComplaintCategory.objects.get(pk=made.pk).is_active


def test_anonymous_visitors_are_sent_to_sign_in(anonymous_client):
    made = category("NAF")
    for path in (url("categories"), url("category_create"), url("category_edit", made.pk)):
        response = anonymous_client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_agency_category_answers_404_and_is_audited(client_for, agency_admin):
    theirs = category("NAF", name_en="Late payment")
    client = client_for(agency_admin)
    assert client.get(url("category_edit", theirs.pk)).status_code == 404
    assert client.post(url("category_edit", theirs.pk), fields()).status_code == 404
    assert client.post(url("category_deactivate", theirs.pk)).status_code == 404
    assert client.post(url("category_activate", theirs.pk)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name_en == "Late payment" and theirs.is_active
    assert (
        AuditEvent.objects.filter(
            actor=agency_admin, action=Action.ACCESS_DENIED, object_id=str(theirs.pk)
        ).count()
        == 4
    )


def test_the_list_issues_the_same_queries_whatever_it_holds(
    client_for, naf_admin, django_assert_max_num_queries
):
    client = client_for(naf_admin)
    category("NAF", office=office("NAF", "AM"))
    with django_assert_max_num_queries(12) as few:
        client.get(url("categories"))
    for n in range(10):
        category("NAF", office=office("NAF", "IR") if n % 2 else None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url("categories")).context["categories"]) == 11


# --- adding and editing --------------------------------------------------------------------------


def test_the_admin_adds_a_category_routed_to_an_office(client_for, naf_admin):
    client = client_for(naf_admin)
    form = client.get(url("category_create")).context["form"]
    assert "agency" in form.fields
    irbid = office("NAF", "IR")
    response = client.post(
        url("category_create"),
        fields(agency=office("NAF", None).agency_id, office=irbid.pk, once=form["once"].value()),
    )
    assert response.status_code == 302 and response["Location"] == url("categories")
    made = ComplaintCategory.objects.get(name_en="Staff conduct")
    assert (made.agency.code, made.name_ar, made.office, made.is_active) == (
        "NAF",
        "سلوك الموظفين",
        irbid,
        True,
    )
    assert (made.acknowledge_hours, made.resolve_days) == (7, 5)
    assert audits(made, action=Action.CREATE, actor=naf_admin).count() == 1
    # The public form offers it, and its complaints go to the Irbid office.
    assert made.pk in PublicComplaintForm(agency_id=made.agency_id).categories
    assert complaint(of=made).office == irbid


def test_a_form_sent_twice_adds_one_category(client_for, naf_admin):
    client = client_for(naf_admin)
    token = client.get(url("category_create")).context["form"]["once"].value()
    data = fields(agency=office("NAF", None).agency_id, once=token)
    client.post(url("category_create"), data)
    second = client.post(url("category_create"), data)
    assert ComplaintCategory.objects.filter(name_en="Staff conduct").count() == 1
    assert "already submitted" in flash(second)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name_ar": "  "}, "This field is required."),
        ({"name_en": ""}, "This field is required."),
        ({"acknowledge_hours": "0"}, "greater than or equal to 1"),
        ({"resolve_days": "366"}, "less than or equal to 365"),
        ({"name_ar": "\u202e\u200f"}, "The Arabic name is required."),
        ({"name_ar": "تأخر الصرف المكرر"}, "already has a category of that name"),
    ],
)
def test_bad_input_is_refused_with_a_message(changes, message, client_for, naf_admin):
    category("NAF", name_ar="تأخر الصرف المكرر")
    before = ComplaintCategory.objects.count()
    response = client_for(naf_admin).post(
        url("category_create"), fields(agency=office("NAF", None).agency_id, **changes)
    )
    assert response.status_code == 200
    assert message in html(response)
    assert ComplaintCategory.objects.count() == before


def test_an_office_or_agency_of_another_agency_cannot_be_chosen(client_for, naf_admin):
    client = client_for(naf_admin)
    mosd = office("MOSD", "AM")
    for data in (
        fields(agency=office("NAF", None).agency_id, office=mosd.pk),
        fields(agency=mosd.agency_id),
    ):
        response = client.post(url("category_create"), data)
        assert response.status_code == 200
        assert "Select a valid choice" in html(response)
    assert not ComplaintCategory.objects.filter(name_en="Staff conduct").exists()


def test_an_admin_of_two_agencies_chooses_the_agency(client_for, naf_admin):
    MembershipFactory(
        user=naf_admin, office=office("MOSD", None), role=Membership.Role.AGENCY_ADMIN
    )
    client = client_for(naf_admin)
    mosd = office("MOSD", None).agency
    client.post(url("category_create"), fields(agency=mosd.pk))
    assert ComplaintCategory.objects.get(name_en="Staff conduct").agency == mosd
    page = client.get(url("categories"))
    assert page.context["several_agencies"]


def test_the_admin_edits_a_category(client_for, naf_admin):
    made = category("NAF", name_ar="تأخر", name_en="Delay", acknowledge_hours=14)
    client = client_for(naf_admin)
    page = client.get(url("category_edit", made.pk, lang="ar"))
    assert page.status_code == 200 and "agency" not in page.context["form"].fields
    assert page.context["form"]["acknowledge_hours"].value() == 14
    amman = office("NAF", "AM")
    response = client.post(
        url("category_edit", made.pk),
        fields(name_ar="تأخر صرف المعونة", name_en="Late payment of aid", office=amman.pk),
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.name_ar, made.name_en, made.acknowledge_hours, made.office) == (
        "تأخر صرف المعونة",
        "Late payment of aid",
        7,
        amman,
    )
    assert audits(made, action=Action.UPDATE, actor=naf_admin).count() == 1


def test_editing_keeps_the_running_deadlines_of_received_complaints(client_for, naf_admin):
    made = category("NAF", resolve_days=5)
    earlier = complaint(of=made)
    client_for(naf_admin).post(url("category_edit", made.pk), fields(resolve_days="20"))
    assert ComplaintCategory.objects.get(pk=made.pk).resolve_days == 20
    assert earlier.due_at == type(earlier).objects.get(pk=earlier.pk).due_at


# --- stopping and resuming -----------------------------------------------------------------------


def test_a_category_stops_being_offered_once_and_can_be_offered_again(client_for, naf_admin):
    made = category("NAF")
    earlier = complaint(of=made)
    client = client_for(naf_admin)
    first = client.post(url("category_deactivate", made.pk))
    assert first.status_code == 302 and "no longer offered" in flash(first)
    second = client.post(url("category_deactivate", made.pk))
    assert "already withdrawn" in flash(second)
    made.refresh_from_db()
    assert not made.is_active
    assert audits(made, action=Action.UPDATE).count() == 1
    assert made.pk not in PublicComplaintForm(agency_id=made.agency_id).categories
    # Its complaints stay as they are.
    assert type(earlier).objects.get(pk=earlier.pk).category == made

    again = client.post(url("category_activate", made.pk))
    assert "again" in flash(again)
    assert ComplaintCategory.objects.get(pk=made.pk).is_active
    assert audits(made, action=Action.UPDATE).count() == 2


def test_stopping_needs_a_post(client_for, naf_admin):
    made = category("NAF")
    assert client_for(naf_admin).get(url("category_deactivate", made.pk)).status_code == 405
    assert ComplaintCategory.objects.get(pk=made.pk).is_active


def test_the_queue_links_the_admin_to_the_categories(client_for, naf_admin, officer):
    assert url("categories") in html(client_for(naf_admin).get(url("queue")))
    officer_queue = html(client_for(officer).get(url("queue")))
    assert url("categories") not in officer_queue
    assert url("intake") in officer_queue
    assert url("intake") not in html(client_for(naf_admin).get(url("queue")))


def test_the_queue_filter_lists_the_agency_categories_and_keeps_the_chosen_one(client_for, officer):
    ours = [category("NAF", name_en=f"Subject {n}") for n in range(3)]
    theirs = category("MOSD", name_en="Another agency's subject")
    body = html(client_for(officer).get(url("queue"), {"category": ours[1].pk}))
    for made in ours:
        selected = " selected" if made == ours[1] else ""
        assert f'<option value="{made.pk}"{selected}>{made.name_en}</option>' in body
    assert theirs.name_en not in body
