#!/usr/bin/env python3
"""Hostile clients against the gRPC port of `jokemeter serve` (and the file descriptor limit on both ports): each is
answered or cut off, while a bystander's RPCs on a connection of its own all succeed in time, and the server stays up.

It starts BIN with the shipped models, the gRPC server on a free loopback port (IDLE_TIMEOUT_SECONDS=4), and proves,
each attack beside a bystander calling ModelInfer on lr every 10 ms (every call OK, none slower than 1 s):
1. HTTP/2 rapid reset (CVE-2023-44487): streams opened with a whole emb request and reset at once, thousands in a
   row; the server rates almost none of them (work whose caller is gone is dropped) and cuts the connection off or
   keeps up;
2. a flood of PING frames: acknowledged or cut off;
3. a header block past the limit (a 1 MiB header value, in CONTINUATION frames): the connection is cut off;
4. bytes that are not HTTP/2 (an HTTP/1.1 request, then noise): the connection is closed;
5. a truncated message (its length prefix says more than the stream carries): the RPC ends with an error status;
6. a stream opened and never sent on: the server closes it (or the connection) within REQUEST_TIMEOUT_SECONDS
   and the idle timeout, with slack;
7. out of file descriptors (the server started with RLIMIT_NOFILE 256, 400 idle connections against it): the server
   backs off instead of spinning (under a fifth of a core while at the limit), and serves again once they close;
8. afterwards the server is alive, its output holds no crash report, and SIGTERM makes it exit 0 within its 10 s
   grace although a client that never reads holds a connection open.

Usage: scripts/hostile-grpc.py BIN      (e.g. .build/static/jokemeter; about 40 s)
Prints one PASS/FAIL line per check and a last line `hostile-grpc: PASS checks=N` (or FAIL); exits 1 on failure.
"""
import os
import re
import resource
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

import grpc
import h2.config
import h2.connection
import h2.events
import h2.exceptions
from tritonclient.grpc import service_pb2, service_pb2_grpc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOST = "127.0.0.1"
IDLE_TIMEOUT = 4
REQUEST_TIMEOUT = 2
SLACK = 3
CRASH_MARKERS = ("Fatal error", "Program crashed", "Current stack trace", "Stack dump", "Segmentation fault")
INFER = "/inference.GRPCInferenceService/ModelInfer"
results = []


def check(name, passed, seen):
    results.append(passed)
    print(f"{'PASS' if passed else 'FAIL'} {name}: {seen}", flush=True)


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def infer_message(model, text):
    """A ModelInferRequest as gRPC frames it: a flag byte, a 4-byte big-endian length, the message."""
    request = service_pb2.ModelInferRequest(model_name=model)
    request.inputs.add(name="text", datatype="BYTES", shape=[1]).contents.bytes_contents.append(text.encode())
    body = request.SerializeToString()
    return b"\0" + struct.pack(">I", len(body)) + body


def grpc_headers(path=INFER):
    return [(":method", "POST"), (":scheme", "http"), (":path", path), (":authority", HOST),
            ("content-type", "application/grpc"), ("te", "trailers")]


class Server:
    """`BIN serve` with gRPC on a free port, its output collected."""

    def __init__(self, binary, files=None):
        self.grpc_port = free_port()
        environment = dict(os.environ, PORT="0", GRPC_PORT=str(self.grpc_port), HOST=HOST, DRAIN_SECONDS="0",
                           MODELS_DIR=os.path.join(ROOT, "models"), IDLE_TIMEOUT_SECONDS=str(IDLE_TIMEOUT),
                           REQUEST_TIMEOUT_SECONDS=str(REQUEST_TIMEOUT), LOG_LEVEL="info", REQUEST_LOG_LEVEL="debug",
                           MODEL_EXECUTION="emb: queue=64")
        limit = (lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (files, files))) if files else None
        self.log = open(f"/tmp/hostile-grpc-{os.getpid()}-{self.grpc_port}.log", "w+")
        self.process = subprocess.Popen([binary, "serve"], env=environment, cwd=ROOT, stdout=self.log,
                                        stderr=subprocess.STDOUT, preexec_fn=limit)
        deadline = time.monotonic() + 30
        self.http_port = None
        while time.monotonic() < deadline and self.process.poll() is None:
            match = re.search(r"listening on 127\.0\.0\.1:(\d+)", self.output())
            if match and f"serving gRPC at {HOST}:{self.grpc_port}" in self.output():
                self.http_port = int(match.group(1))
                break
            time.sleep(0.05)
        if self.http_port is None:
            sys.exit(f"hostile-grpc: FAIL: {binary} serve did not start\n{self.output()[-2000:]}")

    def output(self):
        self.log.flush()
        with open(self.log.name, encoding="utf-8", errors="replace") as text:
            return text.read()

    def alive(self):
        return self.process.poll() is None

    def cpu_seconds(self):
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def metric(self, name, labels):
        import urllib.request
        text = urllib.request.urlopen(f"http://{HOST}:{self.http_port}/metrics", timeout=5).read().decode()
        return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(name + "{" + labels))

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return None
        finally:
            os.unlink(self.log.name)


class Bystander:
    """ModelInfer on lr every 10 ms on a channel of its own, while an attack runs: failures and the slowest call."""

    def __init__(self, port):
        self.stub = service_pb2_grpc.GRPCInferenceServiceStub(grpc.insecure_channel(f"{HOST}:{port}"))
        self.request = service_pb2.ModelInferRequest(model_name="lr")
        self.request.inputs.add(name="text", datatype="BYTES", shape=[1]).contents.bytes_contents.append(
            "Штирлиц шёл по лесу".encode())
        self.stub.ModelInfer(self.request, timeout=5)

    def __enter__(self):
        self.calls, self.failures, self.slowest, self.running = 0, [], 0.0, True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()
        return self

    def run(self):
        while self.running:
            started = time.monotonic()
            try:
                self.stub.ModelInfer(self.request, timeout=5)
            except grpc.RpcError as error:
                self.failures.append(str(error.code()))
            self.calls += 1
            self.slowest = max(self.slowest, time.monotonic() - started)
            time.sleep(0.01)

    def __exit__(self, *_):
        self.running = False
        self.thread.join()

    def unharmed(self):
        return not self.failures and self.slowest < 1.0 and self.calls > 0

    def __str__(self):
        return f"bystander {self.calls} calls, {len(self.failures)} failed, slowest {self.slowest * 1000:.0f} ms"


def h2_connection(port):
    sock = socket.create_connection((HOST, port), timeout=5)
    connection = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
    connection.initiate_connection()
    sock.sendall(connection.data_to_send())
    return sock, connection


def read_until_closed(sock, connection, seconds):
    """Reads until the server closes the connection, sends GOAWAY, or `seconds` pass: what it saw."""
    sock.settimeout(0.2)
    events, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            data = sock.recv(65536)
        except socket.timeout:
            continue
        except OSError:
            return events + ["reset"]
        if not data:
            return events + ["closed"]
        try:
            received = connection.receive_data(data)
        except h2.exceptions.ProtocolError as error:
            # Frames after the server's GOAWAY, in the same read: the connection is over.
            return events + (["ConnectionTerminated"] if "CLOSED" in str(error) else [f"protocol error {error}"])
        events += [type(event).__name__ for event in received]
        if any(isinstance(event, h2.events.ConnectionTerminated) for event in received):
            return events
        try:
            sock.sendall(connection.data_to_send())
        except OSError:
            return events + ["reset"]
    return events + ["timeout"]


def rapid_reset(server, bystander):
    message = infer_message("emb", "Штирлиц шёл по лесу и думал о том, что " * 30)
    before = server.metric("jokemeter_rating_count", 'model="emb"')
    sent, cut_off = 0, 0
    with bystander:
        started = time.monotonic()
        while sent < 6000 and time.monotonic() - started < 15:
            try:
                sock, connection = h2_connection(server.grpc_port)
                for _ in range(1000):
                    stream = connection.get_next_available_stream_id()
                    connection.send_headers(stream, grpc_headers())
                    connection.send_data(stream, message, end_stream=True)
                    connection.reset_stream(stream)
                    sock.sendall(connection.data_to_send())
                    sent += 1
                sock.close()
            except (OSError, h2.exceptions.ProtocolError):
                cut_off += 1
    time.sleep(1)
    rated = server.metric("jokemeter_rating_count", 'model="emb"') - before
    check("rapid reset: streams reset at once are not rated", rated <= sent * 0.05,
          f"{sent} streams sent and reset, {rated:.0f} rated, {cut_off} connections cut off")
    check("rapid reset: the bystander is unharmed", bystander.unharmed(), bystander)


def ping_flood(server, bystander):
    with bystander:
        sock, connection = h2_connection(server.grpc_port)
        try:
            for index in range(20000):
                connection.ping(struct.pack(">Q", index))
                if index % 500 == 0:
                    sock.sendall(connection.data_to_send())
            sock.sendall(connection.data_to_send())
            seen = read_until_closed(sock, connection, 5)
        except OSError as error:
            seen = [f"cut off ({error.strerror})"]
        sock.close()
    acks = seen.count("PingAckReceived")
    check("ping flood: acknowledged or cut off", acks > 0 or any(s in ("closed", "reset", "ConnectionTerminated") or
                                                                  s.startswith("cut off") for s in seen),
          f"{acks} acks, then {[s for s in seen if s != 'PingAckReceived'][:3]}")
    check("ping flood: the bystander is unharmed", bystander.unharmed(), bystander)


def huge_headers(server, bystander):
    with bystander:
        sock, connection = h2_connection(server.grpc_port)
        try:
            connection.send_headers(1, grpc_headers() + [("x-padding", "a" * (1 << 20))])
            sock.sendall(connection.data_to_send())
            seen = read_until_closed(sock, connection, 5)
        except OSError as error:
            seen = [f"cut off ({error.strerror})"]
        sock.close()
    check("a 1 MiB header block is cut off", any(s in ("closed", "reset", "ConnectionTerminated", "StreamReset")
                                                  or s.startswith("cut off") for s in seen), seen[-3:])
    check("a 1 MiB header block: the bystander is unharmed", bystander.unharmed(), bystander)


def garbage(server, bystander):
    with bystander:
        for name, payload in (("an HTTP/1.1 request", b"POST /v2/models/lr/infer HTTP/1.1\r\nHost: x\r\n\r\n"),
                              ("noise", os.urandom(65536))):
            with socket.create_connection((HOST, server.grpc_port), timeout=5) as sock:
                started = time.monotonic()
                try:
                    sock.sendall(payload)
                    sock.settimeout(5)
                    while sock.recv(65536):
                        pass
                    seen = "closed"
                except socket.timeout:
                    seen = "still open after 5 s"
                except OSError as error:
                    seen = f"reset ({error.strerror})"
            check(f"{name} on the gRPC port is closed", seen != "still open after 5 s",
                  f"{seen} after {time.monotonic() - started:.2f} s")
    check("bytes that are not HTTP/2: the bystander is unharmed", bystander.unharmed(), bystander)


def truncated(server, bystander):
    with bystander:
        sock, connection = h2_connection(server.grpc_port)
        connection.send_headers(1, grpc_headers())
        connection.send_data(1, b"\0" + struct.pack(">I", 1000) + b"0123456789", end_stream=True)
        sock.sendall(connection.data_to_send())
        seen = read_until_closed(sock, connection, 5)
        sock.close()
    check("a truncated message ends its RPC with an error", "StreamEnded" in seen or "StreamReset" in seen, seen[-4:])
    check("a truncated message: the bystander is unharmed", bystander.unharmed(), bystander)


def silent_stream(server, bystander):
    with bystander:
        sock, connection = h2_connection(server.grpc_port)
        started = time.monotonic()
        connection.send_headers(1, grpc_headers())
        sock.sendall(connection.data_to_send())
        seen = read_until_closed(sock, connection, REQUEST_TIMEOUT + IDLE_TIMEOUT + SLACK)
        sock.close()
        took = time.monotonic() - started
    check("a stream never sent on is closed in time", seen[-1] != "timeout", f"{seen[-3:]} after {took:.1f} s")
    check("a silent stream: the bystander is unharmed", bystander.unharmed(), bystander)


def out_of_files(binary):
    server = Server(binary, files=256)
    held = []
    try:
        for port in (server.grpc_port, server.http_port):
            for _ in range(200):
                try:
                    held.append(socket.create_connection((HOST, port), timeout=2))
                except OSError:
                    break
        time.sleep(1)
        before = server.cpu_seconds()
        time.sleep(3)
        spent = (server.cpu_seconds() - before) / 3
        check("out of file descriptors, the accept loops back off", spent < 0.2, f"{spent:.2f} of a core while at the limit")
        for sock in held:
            sock.close()
        held.clear()
        time.sleep(2.5)  # the back-off is a second
        try:
            Bystander(server.grpc_port)
            stub_ok = True
        except grpc.RpcError as error:
            stub_ok = f"{error.code()}"
        check("out of file descriptors: served again once they close", stub_ok is True and server.alive(), stub_ok)
    finally:
        for sock in held:
            sock.close()
        code = server.stop()
        check("out of file descriptors: SIGTERM exits 0", code == 0, code)


def main(binary):
    server = Server(binary)
    bystander = Bystander(server.grpc_port)
    deaf = None
    try:
        rapid_reset(server, bystander)
        ping_flood(server, bystander)
        huge_headers(server, bystander)
        garbage(server, bystander)
        truncated(server, bystander)
        silent_stream(server, bystander)
        check("the server is alive", server.alive(), f"pid {server.process.pid}")
        output = server.output()
        crashes = [marker for marker in CRASH_MARKERS if marker in output]
        check("no crash report in its output", not crashes, crashes or "none")
        # A client that never reads never acknowledges the PING after the server's GOAWAY, on which grpc-swift
        # starts its grace: the server's own grace (10 s) must end the drain.
        deaf = h2_connection(server.grpc_port)[0]
    finally:
        started = time.monotonic()
        code = server.stop()
    took = time.monotonic() - started
    check("SIGTERM exits 0, a client that never reads held open", code == 0 and took < 10 + SLACK, f"{code} after {took:.1f} s")
    if deaf:
        deaf.close()
    out_of_files(binary)
    passed = all(results)
    print(f"hostile-grpc: {'PASS' if passed else 'FAIL'} checks={len(results)}", flush=True)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
