"""The embedding APIs through their real clients: OpenAI's `/v1/embeddings` through the official `openai` SDK (float and
base64, texts, token ids, refusals, a full queue it retries), text-embeddings-inference's `/embed` (and `POST /`)
through `huggingface_hub.InferenceClient`, and `/tokenize`; every embedding equal to `/v2` infer's `embedding` output
for the same texts, to the last bit (the binary tensor extension's raw float32 bytes)."""
import base64
import concurrent.futures
import json
import re
import struct

import huggingface_hub
import numpy as np
import openai
import pytest
import requests
from conftest import read_data, serve

JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def base_url():
    with serve() as url:
        yield url


@pytest.fixture(scope="module")
def jokes():
    texts, _ = read_data()
    return texts[:5]


@pytest.fixture(scope="module")
def sdk(base_url):
    return openai.OpenAI(base_url=base_url + "/v1", api_key="unused", max_retries=0)


def v2_embeddings(base_url, texts):
    """`/v2/models/emb/infer`'s `embedding` output as raw little-endian float32 (binary_data), one row a text."""
    request = json.dumps({
        "inputs": [{"name": "text", "datatype": "BYTES", "shape": [len(texts)], "data": texts}],
        "outputs": [{"name": "embedding", "parameters": {"binary_data": True}}],
    }).encode()
    answer = requests.post(f"{base_url}/v2/models/emb/infer", data=request,
                           headers={"Inference-Header-Content-Length": str(len(request)), **JSON}, timeout=60)
    assert answer.status_code == 200, answer.text
    header_length = int(answer.headers["Inference-Header-Content-Length"])
    header = json.loads(answer.content[:header_length])
    (output,) = header["outputs"]
    assert output["shape"] == [len(texts), 384]
    return np.frombuffer(answer.content[header_length:], dtype="<f4").reshape(len(texts), 384)


def assert_bitwise_equal(actual, expected):
    actual = np.asarray(actual, dtype=np.float32)
    assert actual.shape == expected.shape
    assert actual.tobytes() == expected.astype(np.float32).tobytes()


def test_openai_sdk_base64_by_default_equals_v2(base_url, sdk, jokes):
    answer = sdk.embeddings.create(model="emb", input=jokes)
    assert answer.object == "list" and answer.model == "emb"
    assert [item.index for item in answer.data] == list(range(len(jokes)))
    assert_bitwise_equal([item.embedding for item in answer.data], v2_embeddings(base_url, jokes))
    assert answer.usage.prompt_tokens == answer.usage.total_tokens > len(jokes)


def test_openai_sdk_floats_equal_v2(base_url, sdk, jokes):
    answer = sdk.embeddings.create(model="emb@1.0.0", input=jokes[:2], encoding_format="float")
    assert answer.model == "emb@1.0.0"
    assert all(isinstance(value, float) for value in answer.data[0].embedding)
    assert_bitwise_equal([item.embedding for item in answer.data], v2_embeddings(base_url, jokes[:2]))


def test_a_single_string_is_one_input(base_url, sdk, jokes):
    answer = sdk.embeddings.create(model="emb", input=jokes[0])
    assert len(answer.data) == 1
    assert_bitwise_equal([answer.data[0].embedding], v2_embeddings(base_url, jokes[:1]))


def test_token_ids_from_tokenize_give_the_texts_own_vector(base_url, sdk, jokes):
    tokens = requests.post(f"{base_url}/tokenize", json={"inputs": jokes[:2]}, timeout=30).json()
    ids = [[token["id"] for token in text] for text in tokens]
    assert all(text[0]["special"] and text[-1]["special"] for text in tokens)
    by_ids = sdk.embeddings.create(model="emb", input=ids)
    assert_bitwise_equal([item.embedding for item in by_ids.data], v2_embeddings(base_url, jokes[:2]))
    # One list of ids is one input; the usage counts the tokens read (the encoder's <s> and </s> not).
    one = sdk.embeddings.create(model="emb", input=ids[0], encoding_format="float")
    assert len(one.data) == 1 and one.usage.prompt_tokens == len(ids[0]) - 2


def test_ids_outside_the_vocabulary_are_refused(sdk):
    with pytest.raises(openai.BadRequestError) as refused:
        sdk.embeddings.create(model="emb", input=[[0, 5, 999999999]])
    assert "token id 999999999" in str(refused.value) and refused.value.body["param"] == "input"


@pytest.mark.parametrize("model, words", [("nope", "unknown model"), ("lr", "gives no embeddings")])
def test_an_unknown_or_non_embedding_model_is_not_found(sdk, model, words):
    with pytest.raises(openai.NotFoundError) as refused:
        sdk.embeddings.create(model=model, input="a joke")
    assert words in refused.value.body["message"] and refused.value.body["code"] == "model_not_found"


def test_refusals_in_openais_envelope(base_url):
    for body, param in [({"model": "emb", "input": []}, "input"), ({"model": "emb", "input": "a", "dimensions": 128}, "dimensions"),
                        ({"model": "emb", "input": "a", "encoding_format": "int8"}, "encoding_format"), ({"input": "a"}, "model"),
                        ({"model": "emb", "input": [1.5]}, "input")]:
        answer = requests.post(f"{base_url}/v1/embeddings", json=body, timeout=30)
        assert answer.status_code == 400, body
        error = answer.json()["error"]
        assert set(error) == {"message", "type", "param", "code"} and error["param"] == param
    answer = requests.post(f"{base_url}/v1/embeddings", data=b"{", headers=JSON, timeout=30)
    assert answer.status_code == 400 and answer.json()["error"]["type"] == "invalid_request_error"


def test_models_are_listed_as_openai_lists_them(sdk):
    listed = {model.id: model for model in sdk.models.list()}
    assert set(listed) == {"emb", "emb@1.0.0"} and listed["emb"].owned_by == "jokemeter"
    assert sdk.models.retrieve("emb").id == "emb"
    with pytest.raises(openai.NotFoundError):
        sdk.models.retrieve("lr")


def test_a_full_queue_is_429_and_the_sdk_retries_it():
    with serve("--model-execution", "emb: threads=1 queue=1 batch=1") as url:
        sdk = openai.OpenAI(base_url=url + "/v1", api_key="unused", max_retries=10)
        texts = read_data()[0][:6]
        with concurrent.futures.ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(lambda text: sdk.embeddings.create(model="emb", input=[text] * 2), texts))
        assert all(len(answer.data) == 2 for answer in answers)
        later = requests.post(f"{url}/v1/embeddings", json={"model": "emb", "input": "x"}, timeout=30)
        metrics = requests.get(f"{url}/metrics", timeout=30).text
        counted = re.search(r'jokemeter_http_requests_total\{route="/v1/embeddings",model="emb",version="1.0.0",protocol="http",'
                            r'status_class="4xx"\} (\d+)', metrics)
        assert later.status_code == 200 and counted and int(counted.group(1)) > 0, "no request met a full queue"


def test_a_429_says_when_to_retry():
    with serve("--model-execution", "emb: threads=1 queue=1 batch=1") as url:
        body = {"model": "emb", "input": read_data()[0][:16]}
        with concurrent.futures.ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(lambda _: requests.post(f"{url}/v1/embeddings", json=body, timeout=60), range(6)))
        full = [answer for answer in answers if answer.status_code == 429]
        assert full, [answer.status_code for answer in answers]
        assert full[0].headers["Retry-After"] == "1" and full[0].headers["retry-after-ms"] == "1000"
        assert full[0].json()["error"]["code"] == "rate_limit_exceeded"


def test_the_api_key_guards_both_apis():
    with serve(environment={"API_KEY": "a-key-of-the-embedding-routes"}) as url:
        with pytest.raises(openai.AuthenticationError):
            openai.OpenAI(base_url=url + "/v1", api_key="wrong", max_retries=0).embeddings.create(model="emb", input="a")
        sdk = openai.OpenAI(base_url=url + "/v1", api_key="a-key-of-the-embedding-routes", max_retries=0)
        assert len(sdk.embeddings.create(model="emb", input="a").data) == 1
        assert requests.get(f"{url}/info", timeout=30).status_code == 401
        assert requests.post(f"{url}/embed", json={"inputs": "a"}, timeout=30).status_code == 401
        client = huggingface_hub.InferenceClient(model=url, token="a-key-of-the-embedding-routes")
        assert client.feature_extraction("a").shape == (1, 384)
        # The rest of the service is not behind the key.
        assert requests.post(f"{url}/api/v1/predict", json={"text": "a"}, timeout=30).status_code == 200


def test_huggingface_hub_client_at_a_bare_url_equals_v2(base_url, jokes):
    client = huggingface_hub.InferenceClient(model=base_url)
    vectors = client.feature_extraction(jokes[0])
    assert vectors.dtype == np.float32
    assert_bitwise_equal(vectors, v2_embeddings(base_url, jokes[:1]))
    at_embed = huggingface_hub.InferenceClient(model=base_url + "/embed").feature_extraction(jokes[1])
    assert_bitwise_equal(at_embed, v2_embeddings(base_url, jokes[1:2]))


def test_the_prompt_name_reaches_the_encoder(base_url, jokes):
    client = huggingface_hub.InferenceClient(model=base_url)
    passage = client.feature_extraction(jokes[0], prompt_name="passage")
    query = client.feature_extraction(jokes[0], prompt_name="query")
    assert_bitwise_equal(query, v2_embeddings(base_url, jokes[:1]))
    assert not np.array_equal(passage, query)
    # The passage prompt's tokens, embedded as ids, are what the encoder read.
    tokens = requests.post(f"{base_url}/tokenize", json={"inputs": jokes[0], "prompt_name": "passage"}, timeout=30).json()[0]
    assert "".join(token["text"] for token in tokens[1:4]).startswith("passage")
    by_ids = requests.post(f"{base_url}/embed", json={"inputs": [[token["id"] for token in tokens]]}, timeout=30).json()
    assert_bitwise_equal(by_ids, np.asarray(passage, dtype=np.float32))
    refused = requests.post(f"{base_url}/embed", json={"inputs": "a", "prompt_name": "shout"}, timeout=30)
    assert refused.status_code == 422 and "passage, query" in refused.json()["error"]


def test_tokenize_answers_spans_of_the_prompt_and_text(base_url):
    text = "Штирлиц  шёл"
    (tokens,) = requests.post(f"{base_url}/tokenize", json={"inputs": text}, timeout=30).json()
    combined = ("query: " + text).encode()
    assert tokens[0] == {"id": 0, "special": True, "start": None, "stop": None, "text": "<s>"}
    assert tokens[-1]["text"] == "</s>"
    for token in tokens[1:-1]:
        assert token["text"] == combined[token["start"]:token["stop"]].decode()
    plain = requests.post(f"{base_url}/tokenize", json={"inputs": [text, "a"], "add_special_tokens": False}, timeout=30).json()
    assert len(plain) == 2 and plain[0] == tokens[1:-1]


def test_tei_truncation_and_errors(base_url):
    long_text = "шутка " * 600  # 1 206 tokens
    refused = requests.post(f"{base_url}/embed", json={"inputs": long_text}, timeout=30)
    assert refused.status_code == 422 and refused.json()["error_type"] == "Validation"
    assert "at most 1024 tokens" in refused.json()["error"]
    right = requests.post(f"{base_url}/embed", json={"inputs": long_text, "truncate": True}, timeout=60)
    left = requests.post(f"{base_url}/embed", json={"inputs": long_text + "конец", "truncate": True, "truncation_direction": "Left"},
                         timeout=60)
    assert right.status_code == left.status_code == 200 and len(right.json()[0]) == 384
    empty = requests.post(f"{base_url}/embed", json={"inputs": []}, timeout=30)
    assert empty.status_code == 400 and empty.json()["error_type"] == "Empty"
    unnormalized = requests.post(f"{base_url}/embed", json={"inputs": "a", "normalize": False}, timeout=30)
    assert unnormalized.status_code == 422 and "unit-length" in unnormalized.json()["error"]


def test_info_describes_the_model_and_its_limits(base_url):
    info = requests.get(f"{base_url}/info", timeout=30).json()
    assert info["model_id"] == "emb" and info["model_type"] == {"embedding": {"pooling": "mean"}}
    assert info["max_input_length"] == 1024 and info["max_batch_requests"] == 16 and info["max_batch_tokens"] == 4096
    assert info["max_client_batch_size"] == 64 and info["auto_truncate"] is False
    assert info["prompts"] == {"passage": "passage: ", "query": "query: "} and info["default_prompt_name"] == "query"


def test_base64_is_little_endian_float32(base_url, jokes):
    answer = requests.post(f"{base_url}/v1/embeddings", json={"model": "emb", "input": jokes[:1], "encoding_format": "base64"},
                           timeout=30).json()
    raw = base64.b64decode(answer["data"][0]["embedding"], validate=True)
    assert len(raw) == 384 * 4
    assert_bitwise_equal([struct.unpack("<384f", raw)], v2_embeddings(base_url, jokes[:1]))
