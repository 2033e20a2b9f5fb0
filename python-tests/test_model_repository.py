"""The model repository extension, driven by NVIDIA's own client `tritonclient[http]`, and two versions of lr.

The server serves a folder of the shipped lr and tr and a second version of lr (lr.json with version 1.1.0 and
other weights), with an admin token. tritonclient's get_model_repository_index, load_model and unload_model work;
what the server refuses, the client raises with the status; and the answers validate against the specification's
model repository document (scripts/fetch-oip-spec.sh).
"""
import json
import os
import shutil
import tempfile

import numpy as np
import pytest
import requests
import tritonclient.http as httpclient
from conftest import ROOT, serve
from test_oip_schemas import check
from tritonclient.utils import InferenceServerException

TOKEN = "repository-test-token-0123456789"
AUTHORIZATION = {"Authorization": f"Bearer {TOKEN}"}


def second_version(source, version):
    """The artifact `source` at `version`, its weights halved: another model of the same name."""
    with open(source, encoding="utf-8") as artifact:
        document = json.load(artifact)
    document["version"] = version
    document["estimator"]["coef"] = [weight / 2 for weight in document["estimator"]["coef"]]
    return document


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as directory:
        for name in ("lr.json", "tr.json"):
            shutil.copy(os.path.join(ROOT, "models", name), directory)
        with open(os.path.join(directory, "lr-1.1.0.json"), "w", encoding="utf-8") as out:
            json.dump(second_version(os.path.join(ROOT, "models", "lr.json"), "1.1.0"), out)
        yield directory


@pytest.fixture(scope="module")
def base_url(folder):
    with serve("--models", folder, "--pin", "lr=1.0.0", environment={"ADMIN_TOKEN": TOKEN}) as url:
        yield url


@pytest.fixture(scope="module")
def client(base_url):
    with httpclient.InferenceServerClient(base_url.removeprefix("http://")) as client:
        yield client


def rate(client, model, version=""):
    text = httpclient.InferInput("text", [1], "BYTES")
    text.set_data_from_numpy(np.array(["Штирлиц шёл по лесу"], dtype=np.object_))
    result = client.infer(model, [text], model_version=version)
    return result.get_response()["model_version"], float(result.as_numpy("rating")[0])


def test_two_versions_of_lr_serve_side_by_side(client):
    assert client.get_model_metadata("lr")["versions"] == ["1.0.0", "1.1.0"]
    served, rating = rate(client, "lr")
    assert served == "1.0.0", "pinned"
    newer, newer_rating = rate(client, "lr", "1.1.0")
    assert newer == "1.1.0" and newer_rating != rating


def test_the_index_lists_every_artifact_as_tritonclient_reads_it(client, base_url):
    index = client.get_model_repository_index(headers=AUTHORIZATION)
    assert sorted((entry["name"], entry["version"], entry["state"]) for entry in index) == [
        ("lr", "1.0.0", "READY"), ("lr", "1.1.0", "READY"), ("tr", "1.0.0", "READY")]
    response = requests.post(f"{base_url}/v2/repository/index", headers=AUTHORIZATION, timeout=5)
    check(response, "post", "/v2/repository/index")


def test_unload_then_load_through_tritonclient(client, base_url):
    client.unload_model("tr", headers=AUTHORIZATION)
    assert not client.is_model_ready("tr")
    with pytest.raises(InferenceServerException) as unknown:
        rate(client, "tr")
    assert unknown.value.status() == "404"
    states = {entry["name"]: entry for entry in client.get_model_repository_index(headers=AUTHORIZATION)}
    assert states["tr"]["state"] == "UNAVAILABLE" and "unloaded" in states["tr"]["reason"]
    client.load_model("tr", headers=AUTHORIZATION)
    assert client.is_model_ready("tr")
    assert rate(client, "tr")[0] == "1.0.0"
    response = requests.post(f"{base_url}/v2/repository/models/tr/load", headers=AUTHORIZATION, timeout=5)
    assert response.status_code == 200
    check(response, "post", "/v2/repository/models/tr/load")


@pytest.mark.parametrize("call, status", [
    (lambda client: client.load_model("tr", headers=AUTHORIZATION, config="{}"), "400"),
    (lambda client: client.unload_model("lr", headers=AUTHORIZATION), "409"),
    (lambda client: client.load_model("nonesuch", headers=AUTHORIZATION), "404"),
    (lambda client: client.unload_model("tr"), "401"),
    (lambda client: client.get_model_repository_index(headers={"Authorization": "Bearer another-token-of-16"}), "403"),
])
def test_what_the_server_refuses_tritonclient_raises_with_the_status(client, call, status):
    with pytest.raises(InferenceServerException) as refused:
        call(client)
    assert refused.value.status() == status
    assert client.is_model_ready("lr") and client.is_model_ready("tr")


def test_a_refused_load_answers_as_the_specification_says(base_url):
    response = requests.post(f"{base_url}/v2/repository/models/tr/load", json={"parameters": {"config": "{}"}},
                             headers=AUTHORIZATION, timeout=5)
    assert response.status_code == 400
    check(response, "post", "/v2/repository/models/tr/load")
    assert "config" in response.json()["error"]
