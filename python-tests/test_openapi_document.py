"""The OpenAPI document is valid OpenAPI 3.1, as openapi-spec-validator reads it: the file the binary embeds
(Sources/Gateway/OpenAPI/openapi.json) and the document the server serves with its limits written in."""
import json
import os

import pytest
import requests
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from conftest import ROOT, serve

TEMPLATE = os.path.join(ROOT, "Sources", "Gateway", "OpenAPI", "openapi.json")


@pytest.fixture(scope="module")
def served_document():
    with serve() as url:
        response = requests.get(f"{url}/openapi.json", timeout=5)
        response.raise_for_status()
        yield response.json()


def test_the_embedded_file_is_valid_openapi_3_1():
    with open(TEMPLATE, encoding="utf-8") as source:
        document = json.load(source)
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_the_served_document_is_valid_and_carries_the_limits(served_document):
    validate(served_document)
    schemas = served_document["components"]["schemas"]
    assert schemas["Text"]["maxLength"] == 10000
    assert schemas["BatchRequest"]["properties"]["texts"]["maxItems"] == 64
    assert len(schemas["TextTensorCount"]["anyOf"]) == 64


def test_the_validator_refuses_a_broken_document():
    with open(TEMPLATE, encoding="utf-8") as source:
        document = json.load(source)
    document["paths"]["/api/v1/predict"]["post"]["responses"]["200"] = {"content": {}}  # no description
    with pytest.raises(OpenAPIValidationError):
        validate(document)
