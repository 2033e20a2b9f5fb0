"""Our /v2 answers against the Open Inference Protocol's own OpenAPI documents.

scripts/fetch-oip-spec.sh unpacks the specification (dataplane.json and model_repository.json, as the PyPI wheel
mlserver carries them). Each case below sends a request as a client would and checks the answer: its status is one
the specification's operation lists where it lists one for that outcome, and its JSON body validates against the
schema the specification gives for that status (a status it does not list gets its operation's error schema).
Every error body also says what is wrong in a string `error`, as ours always do.

MLServer's copy gives `TensorData` as an array or `{"type": "bytes"}`, which is no JSON Schema type (raw bytes
never appear in a JSON body); the test reads it as kserve/open-inference-protocol's open_inference_rest.yaml gives
`tensor_data`: an array of numbers, strings, booleans or such arrays.
"""
import json
import os
import re
import subprocess

import pytest
import requests
from conftest import ROOT, read_data, serve
from openapi_schema_validator import OAS30Validator

SPEC = os.path.join(ROOT, subprocess.run([os.path.join(ROOT, "scripts", "fetch-oip-spec.sh")],
                                         capture_output=True, text=True, check=True).stdout.strip())
ERROR_SHAPE = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string", "minLength": 1}}}


TENSOR_DATA = {"type": "array", "items": {"anyOf": [{"$ref": "#/components/schemas/TensorData"}, {"type": "number"},
                                                     {"type": "string"}, {"type": "boolean"}]}}


def load(name):
    with open(os.path.join(SPEC, name), encoding="utf-8") as document:
        document = json.load(document)
    schemas = document["components"]["schemas"]
    if "TensorData" in schemas:
        assert {"type": "bytes"} in schemas["TensorData"]["oneOf"], "MLServer's TensorData changed: read it again"
        schemas["TensorData"] = TENSOR_DATA
    return document


DOCUMENTS = [load("dataplane.json"), load("model_repository.json")]


def operation(method, path):
    """(document, operation) of the specification's route matching `path`."""
    for document in DOCUMENTS:
        for template, item in document["paths"].items():
            pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "/?$"
            if re.match(pattern, path) and method in item:
                return document, item[method]
    raise AssertionError(f"the specification has no {method.upper()} {path}")


def schema_of(document, response):
    """The JSON schema of a declared response, self-contained for its references; None when it declares no body."""
    schema = response.get("content", {}).get("application/json", {}).get("schema")
    return None if schema is None else {**schema, "components": document["components"]}


def check(response, method, path, listed=True):
    """Checks `response` to `method path` against the specification; `listed`: its status must be one the operation
    lists (False for statuses the specification has no word on, such as 413, 415 and 503)."""
    document, spec = operation(method, path)
    status = str(response.status_code)
    declared = spec["responses"].get(status)
    if listed:
        assert declared is not None, f"{method.upper()} {path}: {status} is not among {sorted(spec['responses'])}"
    elif declared is None:
        errors = [spec["responses"][code] for code in ("400", "404") if code in spec["responses"]]
        declared = errors[0] if errors else {}
    body = response.json() if response.content else None
    schema = schema_of(document, declared)
    if schema is not None:
        OAS30Validator(schema).validate(body)
    if response.status_code >= 400:
        OAS30Validator(ERROR_SHAPE).validate(body)


@pytest.fixture(scope="module")
def base_url():
    with serve("--max-body-bytes", "65536") as url:
        yield url


@pytest.fixture(scope="module")
def versions(base_url):
    """{model: version} of every model served."""
    return {model["name"]: model["version"] for model in requests.get(f"{base_url}/api/v1/models", timeout=5).json()["models"]}


def infer_body(texts, **extra):
    return {"inputs": [{"name": "text", "datatype": "BYTES", "shape": [len(texts)], "data": texts}], **extra}


@pytest.mark.parametrize("path", ["/v2/health/live", "/v2/health/ready", "/v2"])
def test_server_routes_answer_as_specified(base_url, path):
    response = requests.get(base_url + path, timeout=5)
    assert response.status_code == 200
    check(response, "get", path)


def test_model_routes_answer_as_specified_for_every_model_and_version(base_url, versions):
    jokes = read_data()[0][:3]
    for model, version in versions.items():
        for prefix in (f"/v2/models/{model}", f"/v2/models/{model}/versions/{version}"):
            for path in (prefix, prefix + "/ready"):
                response = requests.get(base_url + path, timeout=5)
                assert response.status_code == 200, response.text
                check(response, "get", path)
            response = requests.post(base_url + prefix + "/infer", json=infer_body(jokes, id="42"), timeout=30)
            assert response.status_code == 200, response.text
            check(response, "post", prefix + "/infer")


def test_unknown_models_and_versions_are_404_as_specified(base_url, versions):
    model = sorted(versions)[0]
    for prefix in ("/v2/models/nonesuch", f"/v2/models/{model}/versions/0.0.0-nonesuch"):
        response = requests.get(base_url + prefix, timeout=5)
        assert response.status_code == 404
        check(response, "get", prefix)
        response = requests.post(base_url + prefix + "/infer", json=infer_body(["a joke"]), timeout=5)
        assert response.status_code == 404
        check(response, "post", prefix + "/infer")
        response = requests.get(base_url + prefix + "/ready", timeout=5)
        assert response.status_code == 404
        check(response, "get", prefix + "/ready", listed=False)


BAD_REQUESTS = {
    "not JSON": b"{\"inputs\": [",
    "JSON that is not an object": b"[1, 2, 3]",
    "a number": b"42",
    "no inputs": json.dumps({"id": "1"}).encode(),
    "an unknown input": json.dumps({"inputs": [{"name": "x", "datatype": "BYTES", "shape": [1], "data": ["a"]}]}).encode(),
    "a datatype that is not BYTES": json.dumps({"inputs": [{"name": "text", "datatype": "FP32", "shape": [1], "data": [1.0]}]}).encode(),
    "a shape its data does not fill": json.dumps({"inputs": [{"name": "text", "datatype": "BYTES", "shape": [3], "data": ["a", "b"]}]}).encode(),
    "an element that is not a string": json.dumps({"inputs": [{"name": "text", "datatype": "BYTES", "shape": [1], "data": [7]}]}).encode(),
    "an unknown output": json.dumps(infer_body(["a"], outputs=[{"name": "nonesuch"}])).encode(),
    "an id that is not a string": json.dumps(infer_body(["a"], id=42)).encode(),
}


@pytest.mark.parametrize("case", sorted(BAD_REQUESTS))
def test_every_fault_of_an_infer_request_is_400_as_specified(base_url, case):
    response = requests.post(f"{base_url}/v2/models/lr/infer", data=BAD_REQUESTS[case],
                             headers={"Content-Type": "application/json"}, timeout=5)
    assert response.status_code == 400, response.text
    check(response, "post", "/v2/models/lr/infer")


def test_statuses_the_specification_has_no_word_on_keep_the_error_shape(base_url):
    too_large = requests.post(f"{base_url}/v2/models/lr/infer", json=infer_body(["ha" * 40_000]), timeout=5)
    assert too_large.status_code == 413
    check(too_large, "post", "/v2/models/lr/infer", listed=False)
    not_json = requests.post(f"{base_url}/v2/models/lr/infer", data=b"text", headers={"Content-Type": "text/plain"}, timeout=5)
    assert not_json.status_code == 415
    check(not_json, "post", "/v2/models/lr/infer", listed=False)
