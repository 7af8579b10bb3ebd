from apps.referrals.models import Referral
from tests.referrals.factories import referral, reload


def test_pages_render(
    social_worker,
    naf_worker,
    naf_supervisor,
    naf_admin,
    client_for,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        made = reload(referral(sender=social_worker))
    sender = client_for(social_worker)
    for lang in ("ar", "en"):
        assert sender.get(f"/{lang}/staff/cases/{made.case.reference}/").status_code == 200
        assert sender.get(f"/{lang}/staff/cases/{made.case.reference}/refer/").status_code == 200
        assert sender.get(f"/{lang}/staff/referrals/{made.reference}/").status_code == 200
        assert sender.get(f"/{lang}/staff/referrals/sent/").status_code == 200
        assert (
            client_for(naf_supervisor).get(f"/{lang}/staff/referrals/received/").status_code == 200
        )
        assert (
            client_for(naf_supervisor).get(f"/{lang}/staff/referrals/{made.reference}/").status_code
            == 200
        )
        assert (
            client_for(naf_worker).get(f"/{lang}/staff/referrals/{made.reference}/").status_code
            == 200
        )
        assert (
            client_for(naf_admin).get(f"/{lang}/staff/referrals/routing-rules/").status_code == 200
        )
        assert client_for(naf_admin).get(f"/{lang}/staff/referrals/unrouted/").status_code == 200
    response = client_for(naf_worker).post(f"/en/staff/referrals/{made.reference}/take/")
    assert response.status_code == 302
    assert reload(made).assigned_to == naf_worker
    assert reload(made).status == Referral.Status.ROUTED
