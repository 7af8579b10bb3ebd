from unittest import mock


def test_healthz_reports_database_and_broker(db, anonymous_client):
    response = anonymous_client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_answers_503_when_the_broker_is_down(db, anonymous_client):
    with mock.patch(
        "apps.core.views.celery_app.connection_for_write", side_effect=OSError("refused")
    ):
        response = anonymous_client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "error"
    assert response.json()["database"] == "ok"
