"""The Open Inference Protocol (KServe V2) REST routes, driven by NVIDIA's own client `tritonclient[http]`.

The server (JOKEMETER_BIN, started with the shipped models) must answer the client's health, metadata and
inference calls on both models, rate real jokes as /api/v1/predict and /api/v1/predict/batch do, and turn
every bad tensor into an error the client raises with the HTTP status. Cases the client refuses to send
(non-string elements, nested data) go out as raw JSON with `requests`.
"""
import json
import subprocess

import numpy as np
import pytest
import requests
import tritonclient.http as httpclient
from conftest import ROOT, jokemeter, read_data, serve
from tritonclient.utils import InferenceServerException

MODELS = ("emb", "lr", "tr")
EMBEDDING_DIMENSION = 384
FLOAT32_TOLERANCE = float(np.finfo(np.float32).eps)


@pytest.fixture(scope="module")
def base_url():
    with serve() as url:
        yield url


@pytest.fixture(scope="module")
def client(base_url):
    with httpclient.InferenceServerClient(base_url.removeprefix("http://")) as client:
        yield client


@pytest.fixture(scope="module")
def jokes():
    """Real jokes from the shipped data: Russian text with quotes, dashes and guillemets."""
    return read_data()[0][:8]


@pytest.fixture(scope="module")
def served_models(base_url):
    """{name: descriptor} of GET /api/v1/models: each model's kind and version."""
    return {model["name"]: model for model in requests.get(f"{base_url}/api/v1/models", timeout=5).json()["models"]}


@pytest.fixture(scope="module")
def predicted(base_url, jokes):
    """{model: ratings} of the jokes, one POST /api/v1/predict per joke with the model in X-Model."""
    ratings = {}
    for model in MODELS:
        ratings[model] = []
        for joke in jokes:
            response = requests.post(f"{base_url}/api/v1/predict", json={"text": joke}, headers={"X-Model": model}, timeout=5)
            assert response.status_code == 200, response.text
            assert response.json()["model"] == model
            ratings[model].append(response.json()["rating"])
    return ratings


def infer(client, model, texts, shape=None, version="", request_id="", output="rating", binary_input=False, binary_output=False):
    """The client's infer call on the texts as one BYTES tensor (of their count, or of `shape`); JSON tensors
    unless told otherwise, and no requested output when `output` is None (the client then asks for binary)."""
    batch = np.array(texts, dtype=np.object_)
    text = httpclient.InferInput("text", shape or [len(texts)], "BYTES")
    text.set_data_from_numpy(batch.reshape(text.shape()), binary_data=binary_input)
    outputs = [httpclient.InferRequestedOutput(output, binary_data=binary_output)] if output else None
    return client.infer(model, [text], model_version=version, outputs=outputs, request_id=request_id)


def infer_tensor(client, tensor):
    """The client's infer call on lr with one input tensor as given, the rating asked for as JSON."""
    return client.infer("lr", [tensor], outputs=[httpclient.InferRequestedOutput("rating", binary_data=False)])


def assert_ratings(actual, expected):
    np.testing.assert_allclose(actual, np.array(expected, dtype=np.float32), rtol=FLOAT32_TOLERANCE, atol=0)


def assert_refused(status, call, *arguments, **options):
    """`call` raises InferenceServerException with this HTTP status and a message."""
    with pytest.raises(InferenceServerException) as refusal:
        call(*arguments, **options)
    assert refusal.value.status() == str(status), str(refusal.value)
    assert refusal.value.message()


def tensor_specs(tensors):
    return [{field: tensor[field] for field in ("name", "datatype", "shape")} for tensor in tensors]


def version_of(served_models, model, pinned):
    return served_models[model]["version"] if pinned else ""


def test_server_is_live_and_ready(client):
    assert client.is_server_live()
    assert client.is_server_ready()


def test_server_metadata(client, base_url):
    metadata = client.get_server_metadata()
    assert metadata["name"] == "jokemeter"
    assert metadata["version"] == requests.get(f"{base_url}/api/v1/version", timeout=5).json()["version"]
    assert "binary_tensor_data" in metadata["extensions"]


@pytest.mark.parametrize("pinned", [False, True], ids=["latest", "pinned-version"])
@pytest.mark.parametrize("model", MODELS)
def test_model_is_ready(client, served_models, model, pinned):
    assert client.is_model_ready(model, version_of(served_models, model, pinned))


def test_models_list_names_every_model_ready(base_url, served_models):
    listed = requests.get(f"{base_url}/v2/models", timeout=5).json()["models"]
    assert sorted((model["name"], model["version"], model["state"]) for model in listed) == [
        (name, served_models[name]["version"], "READY") for name in MODELS]


def test_unknown_model_or_version_is_not_ready(client):
    assert not client.is_model_ready("no-such-model")
    assert not client.is_model_ready("lr", "9.9.9")


@pytest.mark.parametrize("pinned", [False, True], ids=["latest", "pinned-version"])
@pytest.mark.parametrize("model", MODELS)
def test_model_metadata(client, served_models, model, pinned):
    metadata = client.get_model_metadata(model, version_of(served_models, model, pinned))
    assert metadata["name"] == model
    assert metadata["versions"] == [served_models[model]["version"]]
    assert metadata["platform"] == f"jokemeter/{served_models[model]['kind']}"
    assert tensor_specs(metadata["inputs"]) == [{"name": "text", "datatype": "BYTES", "shape": [-1]}]
    embedding = [{"name": "embedding", "datatype": "FP32", "shape": [-1, EMBEDDING_DIMENSION]}] if model == "emb" else []
    assert tensor_specs(metadata["outputs"]) == [{"name": "rating", "datatype": "FP32", "shape": [-1]}, *embedding]


@pytest.mark.parametrize("pinned", [False, True], ids=["latest", "pinned-version"])
@pytest.mark.parametrize("model", MODELS)
def test_model_config_agrees_with_the_metadata(client, served_models, model, pinned):
    version = version_of(served_models, model, pinned)
    config = client.get_model_config(model, version)
    metadata = client.get_model_metadata(model, version)
    assert config["name"] == model and config["max_batch_size"] == 0
    types = {"BYTES": "TYPE_STRING", "FP32": "TYPE_FP32"}
    for key, tensors in (("input", metadata["inputs"]), ("output", metadata["outputs"])):
        assert [(t["name"], t["data_type"], t["dims"]) for t in config[key]] == [
            (t["name"], types[t["datatype"]], t["shape"]) for t in tensors]
    execution = config["parameters"]["execution"]["string_value"]
    assert execution.startswith("dedicated threads=1 queue=32 batch=16") if model == "emb" else execution == "inline"


@pytest.mark.parametrize("pinned", [False, True], ids=["latest", "pinned-version"])
@pytest.mark.parametrize("model", MODELS)
def test_infer_rates_like_predict(client, served_models, jokes, predicted, model, pinned):
    version = version_of(served_models, model, pinned)
    result = infer(client, model, jokes, version=version, request_id=f"oip-{model}-{pinned}")
    response = result.get_response()
    assert response["id"] == f"oip-{model}-{pinned}"
    assert response["model_name"] == model
    assert response["model_version"] == served_models[model]["version"]
    output = result.get_output("rating")
    assert (output["datatype"], output["shape"]) == ("FP32", [len(jokes)])
    ratings = result.as_numpy("rating")
    assert ratings.dtype == np.float32
    assert_ratings(ratings, predicted[model])


@pytest.mark.parametrize("model", MODELS)
def test_infer_rates_like_predict_batch(base_url, client, jokes, model):
    response = requests.post(f"{base_url}/api/v1/predict/batch", json={"texts": jokes}, headers={"X-Model": model}, timeout=5)
    assert response.status_code == 200, response.text
    assert response.json()["model"] == model
    assert_ratings(infer(client, model, jokes).as_numpy("rating"), response.json()["ratings"])


@pytest.mark.parametrize("model", MODELS)
def test_infer_takes_a_column_of_texts(client, jokes, predicted, model):
    result = infer(client, model, jokes, shape=[len(jokes), 1])
    assert result.get_output("rating")["shape"] == [len(jokes)]
    assert_ratings(result.as_numpy("rating"), predicted[model])


@pytest.mark.parametrize("shape", ["column", "row"])
def test_infer_reads_a_column_of_rows_of_one(base_url, jokes, predicted, shape):
    """Rows of one joke under shape [N, 1], and under [N] too (numpy's tolist() of a column), as Triton reads them;
    other nestings are 400 (test_openapi_agreement.py)."""
    body = {"inputs": [{"name": "text", "datatype": "BYTES", "shape": [len(jokes), 1] if shape == "column" else [len(jokes)],
                        "data": [[joke] for joke in jokes]}]}
    response = requests.post(f"{base_url}/v2/models/lr/infer", json=body, timeout=5)
    assert response.status_code == 200, response.text
    assert_ratings(response.json()["outputs"][0]["data"], predicted["lr"])


def test_unknown_model_is_404(client, jokes):
    assert_refused(404, infer, client, "no-such-model", jokes)
    assert_refused(404, client.get_model_metadata, "no-such-model")


def test_unknown_version_is_404(client, jokes):
    assert_refused(404, infer, client, "lr", jokes, version="9.9.9")
    assert_refused(404, client.get_model_metadata, "lr", "9.9.9")


def test_wrong_datatype_is_400(client):
    numbers = httpclient.InferInput("text", [2], "INT32")
    numbers.set_data_from_numpy(np.array([1, 2], dtype=np.int32), binary_data=False)
    assert_refused(400, infer_tensor, client, numbers)


def test_wrong_input_name_is_400(client, jokes):
    joke = httpclient.InferInput("joke", [1], "BYTES")
    joke.set_data_from_numpy(np.array(jokes[:1], dtype=np.object_), binary_data=False)
    assert_refused(400, infer_tensor, client, joke)


def test_shape_that_does_not_match_the_data_is_400(client, jokes):
    text = httpclient.InferInput("text", [len(jokes)], "BYTES")
    text.set_data_from_numpy(np.array(jokes, dtype=np.object_), binary_data=False)
    text.set_shape([len(jokes) + 1])  # after the data: the client checks the shape against the array
    assert_refused(400, infer_tensor, client, text)


def test_unknown_output_is_400(client, jokes):
    assert_refused(400, infer, client, "lr", jokes, output="score")


@pytest.fixture(scope="module")
def embedded(jokes):
    """The jokes' embeddings by `jokemeter embed` on the shipped weights, with emb's prefix."""
    weights = subprocess.run(["scripts/build-embedding-weights.sh"], cwd=ROOT, capture_output=True, text=True, check=True)
    stdin = "".join(json.dumps(joke, ensure_ascii=False) + "\n" for joke in jokes)
    lines = jokemeter("embed", "--weights", f"{ROOT}/{weights.stdout.strip()}", "--prefix", "query: ", "--format", "jsonl", stdin=stdin)
    return np.array([json.loads(line) for line in lines.splitlines()], dtype=np.float32)


@pytest.mark.parametrize("binary_output", [False, True], ids=["json", "binary"])
def test_emb_answers_the_embeddings_beside_the_ratings_when_asked(client, jokes, predicted, embedded, binary_output):
    batch = np.array(jokes, dtype=np.object_)
    text = httpclient.InferInput("text", [len(jokes)], "BYTES")
    text.set_data_from_numpy(batch)
    outputs = [httpclient.InferRequestedOutput(name, binary_data=binary_output) for name in ("rating", "embedding")]
    result = client.infer("emb", [text], outputs=outputs)
    embeddings = result.as_numpy("embedding")
    assert embeddings.shape == (len(jokes), EMBEDDING_DIMENSION) and embeddings.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(embeddings, axis=1), 1, atol=1e-5)
    np.testing.assert_allclose(embeddings, embedded, atol=1e-6, rtol=0)
    assert_ratings(result.as_numpy("rating"), predicted["emb"])


def test_emb_answers_only_the_ratings_unless_the_embeddings_are_asked_for(client, jokes):
    result = infer(client, "emb", jokes[:2])
    assert [output["name"] for output in result.get_response()["outputs"]] == ["rating"]


@pytest.mark.parametrize("model", ["lr", "tr"])
def test_a_model_without_embeddings_refuses_to_give_them_400(client, jokes, model):
    assert_refused(400, infer, client, model, jokes, output="embedding")


def test_batch_over_the_limit_is_400(client, jokes):
    assert_refused(400, infer, client, "lr", [jokes[0]] * 65)


@pytest.mark.parametrize("tensor", [
    {"name": "text", "datatype": "BYTES", "shape": [2], "data": ["Штирлиц", 5]},
    {"name": "text", "datatype": "BYTES", "shape": [2], "data": ["Штирлиц", None]},
    {"name": "text", "datatype": "BYTES", "shape": [2], "data": ["Штирлиц", "шёл", "по лесу"]},
    {"name": "text", "datatype": "BYTES", "shape": [3, 1], "data": [["Штирлиц"], ["шёл"]]},
    {"name": "text", "datatype": "BYTES", "shape": [2, 1], "data": [["Штирлиц", "шёл"], ["по лесу"]]},
    {"name": "text", "datatype": "BYTES", "shape": [-1], "data": ["Штирлиц"]},
    {"name": "text", "datatype": "BYTES", "shape": [1]},
], ids=["number", "null", "more-data-than-shape", "less-data-than-shape", "ragged", "negative-dimension", "no-data"])
def test_bad_tensor_is_400(base_url, tensor):
    response = requests.post(f"{base_url}/v2/models/lr/infer", json={"inputs": [tensor]}, timeout=5)
    assert response.status_code == 400, response.text
    assert response.json()["error"]


@pytest.mark.parametrize("body", ["[1, 2, 3]", '"text"', "42", "null"])
def test_json_that_is_not_an_object_is_400(base_url, body):
    # The specification's inference_error_response: every fault of the request is 400, this one included.
    response = requests.post(f"{base_url}/v2/models/lr/infer", data=body, headers={"Content-Type": "application/json"}, timeout=5)
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "the body must be a JSON object"


def test_no_inputs_is_400(base_url):
    response = requests.post(f"{base_url}/v2/models/lr/infer", json={"inputs": []}, timeout=5)
    assert response.status_code == 400, response.text
    assert response.json()["error"]


@pytest.mark.parametrize("binary_input, output, binary_output", [
    (True, "rating", False),
    (False, "rating", True),
    (True, "rating", True),
    (False, None, True),
], ids=["binary-input", "binary-output", "binary-both", "binary-output-by-default"])
@pytest.mark.parametrize("model", MODELS)
def test_binary_tensors(client, jokes, predicted, model, binary_input, output, binary_output):
    result = infer(client, model, jokes, output=output, binary_input=binary_input, binary_output=binary_output)
    rating = result.get_output("rating")
    assert ("binary_data_size" in rating.get("parameters", {})) == binary_output
    assert_ratings(result.as_numpy("rating"), predicted[model])
