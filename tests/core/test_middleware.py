import pytest
from django.test import Client

from tests.cases.factories import open_case


@pytest.mark.parametrize(
    "path",
    [
        "/en/staff/cases/%00/",
        "/ar/staff/referrals/%00/",
        "/en/complaints/track/%00/",
        "/en/staff/complaints/%00/",
        "/%00",
    ],
)
def test_a_nul_character_in_the_path_answers_404(path, social_worker, client_for):
    for client in (Client(raise_request_exception=False), client_for(social_worker)):
        client.raise_request_exception = False
        assert client.get(path).status_code == 404
        assert client.post(path).status_code == 404


def test_ordinary_paths_pass(social_worker, client_for):
    case = open_case(owner=social_worker)
    assert client_for(social_worker).get(f"/en/staff/cases/{case.reference}/").status_code == 200
