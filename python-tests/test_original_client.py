"""A client written for the original FastAPI Jokemeter, run unchanged against `jokemeter serve`.

The calls below are the original's: `requests` with a JSON body, the three probes, `/version`.
The server is the binary built by `swift build` (JOKEMETER_BIN overrides it), started on a free
loopback port with the shipped models.
"""
import pytest
import requests

from conftest import serve

JOKE = "Штирлиц долго смотрел в одну точку. Потом в другую. «Двоеточие!» — догадался Штирлиц."


@pytest.fixture(scope="module")
def base_url():
    with serve() as url:
        yield url


def test_probes_answer_like_the_original(base_url):
    for probe in ("startup", "ready", "health"):
        assert requests.get(f"{base_url}/api/v1/{probe}", timeout=5).status_code == 200


def test_version_has_the_original_fields(base_url):
    body = requests.get(f"{base_url}/api/v1/version", timeout=5).json()
    assert body["version"] == "0.1.0"
    assert body["model"] == "lr"


def test_predict_with_the_original_request(base_url):
    response = requests.post(f"{base_url}/api/v1/predict", json={"text": JOKE, "joker": "Петросян"}, timeout=5)
    assert response.status_code == 200
    assert isinstance(response.json()["rating"], float)
    assert 0 < response.json()["rating"] < 6


def test_header_selects_the_model(base_url):
    ratings = {}
    for model in ("lr", "tr"):
        response = requests.post(f"{base_url}/api/v1/predict", json={"text": JOKE}, headers={"X-Model": model}, timeout=5)
        assert response.status_code == 200
        assert response.headers["X-Model"] == model
        ratings[model] = response.json()["rating"]
    assert ratings["lr"] != ratings["tr"]


def test_keep_alive_session_survives_errors(base_url):
    with requests.Session() as session:
        assert session.post(f"{base_url}/api/v1/predict", data=b"{not json", timeout=5).status_code == 400
        assert session.post(f"{base_url}/api/v1/predict", json={"text": ""}, timeout=5).status_code == 422
        assert session.post(f"{base_url}/api/v1/predict", json={"text": "x" * 70000}, timeout=5).status_code == 413
        assert session.post(f"{base_url}/api/v1/predict", json={"text": JOKE}, timeout=5).status_code == 200
