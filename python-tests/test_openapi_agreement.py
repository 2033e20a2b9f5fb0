"""The served OpenAPI document and the server agree on request bodies at the edges of its schemas: each body below
is sent, and the server accepts it (2xx) exactly when the document's schema for that operation does, as
schemathesis's positive and negative data checks demand (its finds among them: nested data `[[]]` under shape [1],
schema-valid and answered 400 before; `{"parameters": null}` on load, refused by the schema and answered 200).
Every refusal is a 4xx with a JSON `error` string; none is a 5xx."""
import json
import os
import shutil

import pytest
import requests
from jsonschema import Draft202012Validator

from conftest import ROOT, serve

TOKEN = "openapi-agreement-token"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(base URL, served document) of a server of lr and tr (lr the default, so tr may be unloaded) with an admin
    token."""
    folder = tmp_path_factory.mktemp("models")
    for name in ("lr.json", "tr.json"):
        shutil.copy(os.path.join(ROOT, "models", name), folder / name)
    with serve("--models", str(folder), "--default-model", "lr", environment={"ADMIN_TOKEN": TOKEN}) as url:
        document = requests.get(f"{url}/openapi.json", timeout=5).json()
        yield url, document


def body_schema(document, path):
    """The JSON schema of `POST path`'s body, able to resolve the document's references."""
    schema = document["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    return Draft202012Validator({**schema, "components": document["components"]})


def tensor(shape, data, **fields):
    return {"inputs": [{"name": "text", "datatype": "BYTES", "shape": shape, "data": data, **fields}]}


INFER_BODIES = [
    tensor([1], [[]]),  # an empty row: no text, under a shape of one
    tensor([1], []),
    tensor([2], [[]]),
    tensor([1], [[], ["a"]]),  # row-major, it would fill the shape: an empty row still is no row of one
    tensor([2], [["a", "b"]]),  # one row of two
    tensor([2], ["a", ["b"]]),  # a text beside a row
    tensor([3], [["ab", ["abcd"]], "Колобок"]),
    tensor([1], [[["a"]]]),
    tensor([1, 1], [[["a"]]]),
    tensor([2], [["a"], ["b"], ["c"]]),
    tensor([2, 1], [["a"]]),
    tensor([1], [[" "]]),
    tensor([1], ["a"]),
    tensor([2], ["a", "b"]),
    tensor([2], [["a"], ["b"]]),  # a column under [N], as numpy's tolist() gives one
    tensor([2, 1], [["a"], ["b"]]),
    tensor([2, 1], ["a", "b"]),
    tensor([1], ["a"], parameters=None),
    tensor([1], ["a"], parameters={}),
    tensor([1], ["a"], parameters={"binary_data_size": 3}),
    tensor([1], ["a"], parameters={"binary_data_size": None}),
    {**tensor([1], ["a"]), "id": None, "parameters": None, "outputs": None},
    {**tensor([1], ["a"]), "outputs": [{"name": "rating", "parameters": None}]},
]

LOAD_BODIES = [
    {},
    {"parameters": None},
    {"parameters": {}},
    {"parameters": {"unload_dependents": False}},
    {"parameters": {"config": "{}"}},
    {"parameters": {"config": None}},
    {"parameters": {"file:1/model.json": "e30="}},
    {"parameters": []},
    {"parameters": "config"},
]

UNLOAD_BODIES = [
    {},
    {"parameters": None},
    {"parameters": {"unload_dependents": True}},
    {"parameters": 1},
]


def check(url, validator, body, headers=None):
    answer = requests.post(url, json=body, headers=headers or {}, timeout=30)
    valid = validator.is_valid(body)
    assert answer.status_code < 500, (body, answer.status_code, answer.text)
    assert (200 <= answer.status_code < 300) == valid, (
        f"{json.dumps(body, ensure_ascii=False)}: the document says {'valid' if valid else 'invalid'}, "
        f"the server answers {answer.status_code} {answer.text}")
    if not valid:
        assert answer.status_code == 400 and isinstance(answer.json().get("error"), str), answer.text


@pytest.mark.parametrize("path", ["/v2/models/{model}/infer", "/v2/models/{model}/versions/{version}/infer"])
@pytest.mark.parametrize("body", INFER_BODIES, ids=lambda body: json.dumps(body, ensure_ascii=False))
def test_infer_accepts_exactly_what_the_document_allows(server, path, body):
    url, document = server
    check(url + path.format(model="lr", version="1.0.0"), body_schema(document, path), body)


def test_load_and_unload_accept_exactly_what_the_document_allows(server):
    url, document = server
    admin = {"Authorization": f"Bearer {TOKEN}"}
    unload, load = "/v2/repository/models/{model}/unload", "/v2/repository/models/{model}/load"
    for body in UNLOAD_BODIES:
        check(url + unload.format(model="tr"), body_schema(document, unload), body, admin)
    for body in LOAD_BODIES:
        check(url + load.format(model="tr"), body_schema(document, load), body, admin)
