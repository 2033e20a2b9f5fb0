"""The Open Inference Protocol over gRPC, driven by NVIDIA's own client `tritonclient[grpc]`, and gRPC's health
service by `grpcio-health-checking`'s client.

The server (JOKEMETER_BIN, the shipped models, a models folder of its own with a second version of lr and an admin
token) must answer every RPC tritonclient and perf_analyzer use: live, ready, metadata, configuration, statistics,
infer on every model with raw and typed BYTES, and the repository RPCs behind the token; rate as the REST routes rate;
turn every fault into a status code saying what is wrong; and tell its health through a start, a reload and a drain.
"""
import json
import os
import queue
import signal
import subprocess
import tempfile
import time

import grpc
import numpy as np
import pytest
import requests
import tritonclient.grpc as grpcclient
from conftest import BINARY, ROOT, free_port, read_data, serve_with_grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from tritonclient.grpc import service_pb2, service_pb2_grpc
from tritonclient.utils import InferenceServerException

MODELS = ("emb", "lr", "tr")
EMBEDDING_DIMENSION = 384
TOKEN = "grpc-test-admin-token-0123456789"
INFERENCE_SERVICE = "inference.GRPCInferenceService"


@pytest.fixture(scope="module")
def folder():
    """The shipped models, and lr 1.1.0 beside lr 1.0.0 (its weights halved)."""
    with tempfile.TemporaryDirectory() as directory:
        for name in os.listdir(os.path.join(ROOT, "models")):
            os.symlink(os.path.join(ROOT, "models", name), os.path.join(directory, name))
        with open(os.path.join(ROOT, "models", "lr.json"), encoding="utf-8") as artifact:
            document = json.load(artifact)
        document["version"] = "1.1.0"
        document["estimator"]["coef"] = [weight / 2 for weight in document["estimator"]["coef"]]
        with open(os.path.join(directory, "lr-1.1.0.json"), "w", encoding="utf-8") as out:
            json.dump(document, out)
        yield directory


@pytest.fixture(scope="module")
def server(folder):
    with serve_with_grpc("--models", folder, "--pin", "lr=1.0.0", "--model-execution", "emb: queue=4 timeout-ms=60000",
                         environment={"ADMIN_TOKEN": TOKEN}) as addresses:
        yield addresses


@pytest.fixture(scope="module")
def client(server):
    with grpcclient.InferenceServerClient(server[1]) as client:
        yield client


@pytest.fixture(scope="module")
def jokes():
    """Real jokes from the shipped data: Russian text with quotes, dashes and guillemets."""
    return read_data()[0][:6]


def text_input(texts, shape=None):
    tensor = grpcclient.InferInput("text", shape or [len(texts)], "BYTES")
    tensor.set_data_from_numpy(np.array([text.encode() for text in texts], dtype=np.object_).reshape(shape or [len(texts)]))
    return tensor


def test_health_metadata_and_configuration_of_every_model(client):
    assert client.is_server_live()
    assert client.is_server_ready()
    server = client.get_server_metadata()
    assert server.name == "jokemeter" and server.version
    for model in MODELS:
        assert client.is_model_ready(model)
        metadata = client.get_model_metadata(model, as_json=True)
        assert metadata["name"] == model
        assert metadata["inputs"] == [{"name": "text", "datatype": "BYTES", "shape": ["-1"]}]
        outputs = {output["name"]: output for output in metadata["outputs"]}
        assert outputs["rating"] == {"name": "rating", "datatype": "FP32", "shape": ["-1"]}
        assert ("embedding" in outputs) == (model == "emb")
        config = client.get_model_config(model, as_json=True)["config"]
        assert config["name"] == model
        assert config["input"][0]["data_type"] == "TYPE_STRING"
        assert config["output"][0]["data_type"] == "TYPE_FP32"
        assert config["parameters"]["execution"]["string_value"] == ("inline" if model != "emb" else
                                                                      config["parameters"]["execution"]["string_value"])
    assert not client.is_model_ready("nope")
    assert client.get_model_metadata("lr", model_version="1.1.0", as_json=True)["versions"] == ["1.0.0", "1.1.0"]


def test_every_model_rates_raw_and_typed_bytes_as_the_rest_routes_do(client, server, jokes):
    base_url = server[0]
    for model in MODELS:
        expected = []
        for joke in jokes:
            response = requests.post(f"{base_url}/api/v1/predict", json={"text": joke}, headers={"X-Model": model}, timeout=30)
            assert response.status_code == 200, response.text
            expected.append(response.json()["rating"])
        raw = client.infer(model, [text_input(jokes)])
        assert raw.get_response().model_name == model
        np.testing.assert_allclose(raw.as_numpy("rating"), expected, rtol=1e-6)
        # The same texts as typed contents, shape [N, 1], through the generated stub: tritonclient sends raw only.
        request = service_pb2.ModelInferRequest(model_name=model, id="typed-1")
        request.inputs.add(name="text", datatype="BYTES", shape=[len(jokes), 1]).contents.bytes_contents.extend(
            [joke.encode() for joke in jokes])
        response = service_pb2_grpc.GRPCInferenceServiceStub(grpc.insecure_channel(server[1])).ModelInfer(request)
        assert response.id == "typed-1" and response.outputs[0].name == "rating"
        np.testing.assert_allclose(np.frombuffer(response.raw_output_contents[0], dtype="<f4"), expected, rtol=1e-6)


def test_emb_answers_its_embeddings_when_asked(client, jokes):
    outputs = [grpcclient.InferRequestedOutput("rating"), grpcclient.InferRequestedOutput("embedding")]
    result = client.infer("emb", [text_input(jokes[:3])], outputs=outputs)
    embeddings = result.as_numpy("embedding")
    assert embeddings.shape == (3, EMBEDDING_DIMENSION)
    np.testing.assert_allclose(np.linalg.norm(embeddings, axis=1), 1, atol=1e-3)
    one = client.infer("emb", [text_input(jokes[:1])], outputs=outputs[1:]).as_numpy("embedding")
    np.testing.assert_allclose(one[0], embeddings[0], atol=1e-6)


def test_versions_are_read_as_rest_reads_them(client):
    served = client.infer("lr", [text_input(["Штирлиц шёл по лесу"])])
    pinned = client.infer("lr", [text_input(["Штирлиц шёл по лесу"])], model_version="1.0.0")
    newer = client.infer("lr", [text_input(["Штирлиц шёл по лесу"])], model_version="1.1.0")
    assert served.get_response().model_version == "1.0.0" == pinned.get_response().model_version
    assert newer.get_response().model_version == "1.1.0"
    assert served.as_numpy("rating")[0] == pinned.as_numpy("rating")[0] != newer.as_numpy("rating")[0]


@pytest.mark.parametrize("call, code, words", [
    (lambda c: c.infer("nope", [text_input(["a"])]), "NOT_FOUND", 'unknown model "nope"'),
    (lambda c: c.infer("lr", [text_input(["a"])], model_version="9.9.9"), "NOT_FOUND", "9.9.9"),
    (lambda c: c.get_model_metadata("nope"), "NOT_FOUND", "nope"),
    (lambda c: c.infer("lr", [text_input(["   "])]), "INVALID_ARGUMENT", '"text[0]" is empty'),
    (lambda c: c.infer("lr", [text_input(["a", "b"], shape=[1, 2])]), "INVALID_ARGUMENT", "shape"),
    (lambda c: c.infer("lr", [text_input(["x" * 10_001])]), "INVALID_ARGUMENT", "the limit is 10000"),
    (lambda c: c.infer("lr", [text_input(["a"] * 65)]), "INVALID_ARGUMENT", "the limit is 64"),
    (lambda c: c.infer("lr", [text_input(["a"])], outputs=[grpcclient.InferRequestedOutput("logits")]),
     "INVALID_ARGUMENT", 'unknown output "logits"'),
    (lambda c: c.infer("emb", [text_input(["слово " * 1500])]), "INVALID_ARGUMENT", "tokens"),
    (lambda c: c.get_system_shared_memory_status(), "UNIMPLEMENTED", "not supported"),
    (lambda c: c.get_model_repository_index(), "UNAUTHENTICATED", "Bearer"),
    (lambda c: c.get_model_repository_index(headers={"authorization": "Bearer another-token-of-16"}),
     "PERMISSION_DENIED", "not the admin token"),
])
def test_faults_are_status_codes_saying_what_is_wrong(client, call, code, words):
    with pytest.raises(InferenceServerException) as raised:
        call(client)
    assert raised.value.status() == f"StatusCode.{code}", raised.value
    assert words in raised.value.message(), raised.value


def test_a_message_over_the_limit_is_resource_exhausted_naming_the_limit(server):
    stub = service_pb2_grpc.GRPCInferenceServiceStub(grpc.insecure_channel(
        server[1], options=[("grpc.max_send_message_length", 64 << 20)]))
    request = service_pb2.ModelInferRequest(model_name="lr")
    request.inputs.add(name="text", datatype="BYTES", shape=[1])
    request.raw_input_contents.append(b"\0" * (5 << 20))
    with pytest.raises(grpc.RpcError) as raised:
        stub.ModelInfer(request)
    assert raised.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "the limit is 4194304" in raised.value.details()
    assert stub.ServerLive(service_pb2.ServerLiveRequest()).live, "the server goes on"


def test_a_deadline_that_passes_in_the_queue_is_deadline_exceeded_and_counted(client, server):
    # emb's queue holds 4 requests; a burst of long texts keeps its thread busy for seconds while a request with a
    # deadline of 200 ms waits behind them: it is answered at its deadline and never rated.
    stub = service_pb2_grpc.GRPCInferenceServiceStub(grpc.insecure_channel(server[1]))
    long_text = "Штирлиц шёл по лесу и думал о том, что " * 10
    answered = queue.Queue()
    for _ in range(3):
        client.async_infer("emb", [text_input([long_text] * 4)], lambda result, error: answered.put(error))
    time.sleep(0.3)  # the burst reaches the queue first
    request = service_pb2.ModelInferRequest(model_name="emb")
    request.inputs.add(name="text", datatype="BYTES", shape=[1]).contents.bytes_contents.append(b"a joke")
    with pytest.raises(grpc.RpcError) as raised:
        stub.ModelInfer(request, timeout=0.2)
    assert raised.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    errors = [answered.get(timeout=120) for _ in range(3)]
    assert errors == [None] * 3, [str(error) for error in errors]
    metrics = requests.get(f"{server[0]}/metrics", timeout=5).text
    expired = [line for line in metrics.splitlines() if line.startswith('jokemeter_model_deadline_expired_total{model="emb"')]
    assert expired, metrics


def test_statistics_count_each_model_versions_requests(client):
    before = client.get_inference_statistics("tr", as_json=True)["model_stats"][0]
    client.infer("tr", [text_input(["a", "b", "c"])])
    after = client.get_inference_statistics("tr", as_json=True)["model_stats"]
    assert [(stats["name"], stats["version"]) for stats in after] == [("tr", "1.0.0")]
    count = lambda stats, field: int(stats.get(field, 0))
    assert count(after[0], "inference_count") == count(before, "inference_count") + 3
    success = lambda stats: int(stats["inference_stats"]["success"].get("count", 0))
    assert success(after[0]) == success(before) + 1
    everything = client.get_inference_statistics(as_json=True)["model_stats"]
    assert {(stats["name"], stats["version"]) for stats in everything} >= {("lr", "1.0.0"), ("lr", "1.1.0"), ("emb", "1.0.0")}


def test_the_repository_rpcs_behind_the_token(client):
    headers = {"authorization": f"Bearer {TOKEN}"}
    index = client.get_model_repository_index(headers=headers, as_json=True)["models"]
    assert {(entry["name"], entry.get("version"), entry["state"]) for entry in index} >= {
        ("lr", "1.0.0", "READY"), ("lr", "1.1.0", "READY"), ("tr", "1.0.0", "READY")}
    client.unload_model("tr", headers=headers)
    assert not client.is_model_ready("tr")
    with pytest.raises(InferenceServerException) as raised:
        client.unload_model("lr", headers=headers)
    assert raised.value.status() == "StatusCode.FAILED_PRECONDITION"
    client.load_model("tr", headers=headers)
    assert client.is_model_ready("tr")
    with pytest.raises(InferenceServerException) as raised:
        client.load_model("tr", headers=headers, config="{}")
    assert raised.value.status() == "StatusCode.INVALID_ARGUMENT"


def test_the_answer_names_its_model_and_echoes_the_request_id(server):
    stub = service_pb2_grpc.GRPCInferenceServiceStub(grpc.insecure_channel(server[1]))
    request = service_pb2.ModelInferRequest(model_name="lr")
    request.inputs.add(name="text", datatype="BYTES", shape=[1]).contents.bytes_contents.append(b"a joke")
    _, call = stub.ModelInfer.with_call(request, metadata=[("x-request-id", "grpc-test-1")])
    metadata = dict(call.initial_metadata())
    assert metadata["x-model"] == "lr" and metadata["x-model-version"] == "1.0.0"
    assert metadata["x-request-id"] == "grpc-test-1"
    metrics = requests.get(f"{server[0]}/metrics", timeout=5).text
    assert ('jokemeter_http_requests_total{route="/inference.GRPCInferenceService/ModelInfer",model="lr",version="1.0.0",'
            'protocol="grpc",status_class="2xx"}') in metrics


def test_health_follows_the_server_through_start_reload_and_drain():
    """grpc.health.v1 tells NOT_SERVING while the models load, SERVING once ready and through a reload, and
    NOT_SERVING from SIGTERM on, when the Watch stream ends, while `startup` and `liveness` stay SERVING (the probes
    of a draining pod must not restart it); the process then exits 0."""
    port = free_port()
    environment = os.environ | {"GRPC_PORT": str(port), "PORT": "0", "HOST": "127.0.0.1", "DRAIN_SECONDS": "1"}
    with tempfile.NamedTemporaryFile("w+", suffix=".log") as log:
        process = subprocess.Popen([BINARY, "serve"], cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
        try:
            channel = grpc.insecure_channel(f"127.0.0.1:{port}")
            health = health_pb2_grpc.HealthStub(channel)
            seen = []
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    status = health.Check(health_pb2.HealthCheckRequest(service=""), timeout=1).status
                except grpc.RpcError as error:
                    assert error.code() == grpc.StatusCode.UNAVAILABLE, error
                    time.sleep(0.01)
                    continue
                if not seen or seen[-1] != status:
                    seen.append(status)
                if status == health_pb2.HealthCheckResponse.SERVING:
                    break
            assert seen[-1] == health_pb2.HealthCheckResponse.SERVING, seen
            assert set(seen) <= {health_pb2.HealthCheckResponse.NOT_SERVING, health_pb2.HealthCheckResponse.SERVING}
            watch = health.Watch(health_pb2.HealthCheckRequest(service=INFERENCE_SERVICE), timeout=30)
            assert next(watch).status == health_pb2.HealthCheckResponse.SERVING
            process.send_signal(signal.SIGHUP)
            time.sleep(1)
            assert health.Check(health_pb2.HealthCheckRequest(service=INFERENCE_SERVICE)).status == \
                health_pb2.HealthCheckResponse.SERVING, "a reload keeps serving"
            with pytest.raises(grpc.RpcError) as unknown:
                health.Check(health_pb2.HealthCheckRequest(service="grpc.nope.v1"))
            assert unknown.value.code() == grpc.StatusCode.NOT_FOUND
            process.send_signal(signal.SIGTERM)
            statuses = [message.status for message in watch]
            assert statuses == [health_pb2.HealthCheckResponse.NOT_SERVING], statuses
            # Draining (DRAIN_SECONDS=1): not ready, but started and alive, as the HTTP probes say.
            check = lambda service: health.Check(health_pb2.HealthCheckRequest(service=service)).status
            assert check("") == health_pb2.HealthCheckResponse.NOT_SERVING
            assert check("startup") == health_pb2.HealthCheckResponse.SERVING
            assert check("liveness") == health_pb2.HealthCheckResponse.SERVING
            assert process.wait(timeout=15) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
