#!/usr/bin/env python3
"""Hostile clients against `jokemeter serve`: each gets a clear 4xx answer or a closed connection, never a
crash or a stuck server.

It starts BIN on a free loopback port (REQUEST_TIMEOUT_SECONDS=2, IDLE_TIMEOUT_SECONDS=4) and proves:
1. slow bodies (50 connections trickling one byte every 0.3 s) get 408 {"error": ...} or are closed within
   the request timeout (+slack) while normal predicts on fresh connections are answered 200 promptly; a
   connection that sends a head and then nothing, half a head, or nothing more after an answer is closed
   (or answered 408) within the idle timeout (+slack), and not early;
2. 2 000 connections at once each get a 200 (or 503) or are refused/reset/closed, and the server still answers;
3. malformed input (invalid UTF-8, 100 000-level nesting, huge numbers, a 10 MB body, an absurd
   Content-Length, truncated JSON, NUL characters, an 8 KB header, a wrong Content-Type, a bogus method,
   bytes that are not HTTP) gets the stated status with a JSON {"error": str} body (a bare 400 or a close where
   the HTTP parser rejects the bytes before the application sees them); nesting against POST /v2/models/lr/infer
   is SKIPped while the binary has no /v2 routes;
4. afterwards the server is alive, its output holds no crash report, and SIGTERM makes it exit 0.

MAX_BODY_BYTES is raised to 1 MiB so that 100 000-level nesting and 100 000-digit numbers reach the JSON
parser instead of stopping at the 64 KiB body limit; the 10 MB body and the absurd Content-Length are
still over it. LOG_LEVEL=info with REQUEST_LOG_LEVEL=debug keeps the "listening on" line but no line per request.

Usage: scripts/hostile-input.py BIN      (e.g. .build/static/jokemeter; 10 s or less)
Prints one PASS/FAIL/SKIP line per check and a last line `hostile-input: PASS checks=N` (or FAIL); exits 1 on failure.
"""
import collections
import errno
import json
import os
import re
import resource
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOST = "127.0.0.1"
REQUEST_TIMEOUT = 2
IDLE_TIMEOUT = 4
SLACK = 2.5
MAX_BODY_BYTES = 1 << 20
SLOW_CONNECTIONS = 50
FLOOD_CONNECTIONS = 2000
WANTED_FILES = 4096
CRASH_MARKERS = ("Fatal error", "Program crashed", "Current stack trace", "Stack dump", "Segmentation fault", "Illegal instruction")
JOKE = json.dumps({"text": "Штирлиц долго смотрел в одну точку. Потом в другую.", "joker": "hostile"}).encode()

results = []


def report(verdict, name, seen):
    results.append(verdict)
    print(f"{verdict} {name}: {seen}", flush=True)


def check(name, passed, seen):
    report("PASS" if passed else "FAIL", name, seen)
    return passed


class Outcome:
    """What one connection got: an answer, or closed / reset / refused / timeout."""

    def __init__(self, kind, seconds, status=None, headers=None, body=b""):
        self.kind, self.seconds, self.status, self.headers, self.body = kind, seconds, status, headers or {}, bytes(body)

    def error_message(self):
        """The string "error" of a JSON object body, or None."""
        try:
            message = json.loads(self.body).get("error")
        except (ValueError, AttributeError):
            return None
        return message if isinstance(message, str) else None

    def is_json_error(self, *statuses):
        return self.status in statuses and self.error_message() is not None

    def __str__(self):
        if self.kind != "answer":
            return f"{self.kind} after {self.seconds:.2f}s"
        body = self.body.decode("utf-8", "replace") or "(empty body)"
        return f"{self.status} {body[:150]}{'…' if len(body) > 150 else ''} after {self.seconds:.2f}s"


def parse_response(data, at_eof=False):
    """(status, headers, body) once `data` holds a whole HTTP response (at EOF: whatever body came), else None."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return None
    lines = bytes(data[:end]).decode("latin-1").split("\r\n")
    status_line = lines[0].split()
    if len(status_line) < 2 or not status_line[1].isdigit():
        return None
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
    body = bytes(data[end + 4:])
    if "content-length" in headers:
        length = int(headers["content-length"])
        return (int(status_line[1]), headers, body[:length]) if len(body) >= length or at_eof else None
    if headers.get("transfer-encoding", "").lower() == "chunked":
        decoded = dechunk(body)
        return (int(status_line[1]), headers, decoded) if decoded is not None or at_eof else None
    return (int(status_line[1]), headers, body) if at_eof else None


def dechunk(data):
    """The body of complete chunked `data`, or None while chunks are still missing."""
    body, position = bytearray(), 0
    while True:
        line_end = data.find(b"\r\n", position)
        if line_end < 0:
            return None
        size = int(data[position:line_end].split(b";")[0], 16)
        if size == 0:
            return bytes(body)
        if len(data) < line_end + 2 + size + 2:
            return None
        body += data[line_end + 2:line_end + 2 + size]
        position = line_end + 2 + size + 2


def http_request(method, path, body=None, content_type="application/json", content_length=None, headers=()):
    """The bytes of a request; a body (even empty) brings Content-Type and Content-Length (declared as given)."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}"]
    if body is not None:
        lines += [f"Content-Type: {content_type}", f"Content-Length: {len(body) if content_length is None else content_length}"]
    lines += headers
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")


def predict_request(body, **options):
    return http_request("POST", "/api/v1/predict", body, **options)


def converse(sock, payload=b"", seconds=5.0, trickle_every=None):
    """Sends `payload` (then one more body byte every `trickle_every` s, if given) while reading, until a
    whole answer, a close, a reset or `seconds` have passed."""
    started = time.monotonic()
    deadline = started + seconds
    sock.setblocking(False)
    pending = memoryview(payload)
    received = bytearray()
    next_trickle = started + trickle_every if trickle_every else None

    def ended(kind):
        answer = parse_response(received, at_eof=True)
        return Outcome("answer", time.monotonic() - started, *answer) if answer else Outcome(kind, time.monotonic() - started)

    with selectors.DefaultSelector() as selector:
        selector.register(sock, selectors.EVENT_READ | (selectors.EVENT_WRITE if pending else 0))
        while True:
            now = time.monotonic()
            if now >= deadline:
                return Outcome("timeout", now - started)
            wait = deadline - now
            if next_trickle and not pending:
                wait = max(0.0, min(wait, next_trickle - now))
            for _, events in selector.select(wait):
                if events & selectors.EVENT_READ:
                    try:
                        chunk = sock.recv(1 << 16)
                    except ConnectionResetError:
                        return ended("reset")
                    if not chunk:
                        return ended("closed")
                    received += chunk
                    answer = parse_response(received)
                    if answer:
                        return Outcome("answer", time.monotonic() - started, *answer)
                if events & selectors.EVENT_WRITE and pending:
                    try:
                        pending = pending[sock.send(pending[:1 << 16]):]
                    except (BrokenPipeError, ConnectionResetError):
                        pending = pending[:0]  # the server stopped reading; its answer may be waiting
                    if not pending:
                        selector.modify(sock, selectors.EVENT_READ)
            if next_trickle and not pending and time.monotonic() >= next_trickle:
                try:
                    sock.send(b" ")
                    next_trickle += trickle_every
                except (BrokenPipeError, ConnectionResetError):
                    next_trickle = None


def connect(port):
    return socket.create_connection((HOST, port), timeout=5)


def ask(port, payload, seconds=5.0):
    """One request on a fresh connection."""
    started = time.monotonic()
    try:
        sock = connect(port)
    except OSError as error:
        return Outcome("refused" if isinstance(error, ConnectionRefusedError) else f"connect failed ({error})", time.monotonic() - started)
    with sock:
        return converse(sock, payload, seconds)


class Server:
    """`BIN serve` on a free loopback port, its output collected line by line."""

    def __init__(self, binary):
        environment = dict(os.environ, PORT="0", GRPC_PORT="0", HOST=HOST, MODELS_DIR=os.path.join(ROOT, "models"), DRAIN_SECONDS="0",
                           REQUEST_TIMEOUT_SECONDS=str(REQUEST_TIMEOUT), IDLE_TIMEOUT_SECONDS=str(IDLE_TIMEOUT),
                           MAX_BODY_BYTES=str(MAX_BODY_BYTES), LOG_LEVEL="info", REQUEST_LOG_LEVEL="debug")
        self.process = subprocess.Popen([binary, "serve"], env=environment, cwd=ROOT, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.stdout, self.stderr = [], []
        self.port = None
        self.listening = threading.Event()
        self.readers = [threading.Thread(target=self.collect, args=(stream, lines), daemon=True)
                        for stream, lines in ((self.process.stdout, self.stdout), (self.process.stderr, self.stderr))]
        for reader in self.readers:
            reader.start()
        if not self.listening.wait(20) or self.port is None:
            self.stop()
            sys.exit(f"hostile-input: FAIL: {binary} serve printed no 'listening on {HOST}:PORT' line\n" + "".join(self.stderr[-20:]))

    def collect(self, stream, lines):
        for raw in stream:
            line = raw.decode("utf-8", "replace")
            lines.append(line)
            match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
            if match and self.port is None:
                self.port = int(match.group(1))
                self.listening.set()
        self.listening.set()

    def alive(self):
        return self.process.poll() is None

    def open_files_limit(self):
        with open(f"/proc/{self.process.pid}/limits") as limits:
            soft, hard = next(line.split()[3:5] for line in limits if line.startswith("Max open files"))
        return f"soft {soft}, hard {hard}"

    def open_files(self):
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))

    def stop(self):
        if self.alive():
            self.process.kill()
        self.process.wait()


def raise_open_files_limit():
    """Lets this script (and the server, which inherits it) hold the flood's sockets; the soft limit it ends with."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < WANTED_FILES:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (WANTED_FILES, max(hard, WANTED_FILES)))
        except (ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def ok_predict(outcome):
    return outcome.status == 200 and b'"rating"' in outcome.body


def slow_clients(server):
    """Slow bodies, a silent connection, an unfinished head and an idle one, while normal predicts are timed."""
    port = server.port
    slow_head = predict_request(b"", content_length=2000)
    slow, silent = [None] * SLOW_CONNECTIONS, {}
    heads_sent = threading.Semaphore(0)

    def slow_body(index):
        try:
            sock = connect(port)
            sock.sendall(slow_head)
        except OSError as error:
            slow[index] = Outcome(f"failed ({error})", 0)
            return
        finally:
            heads_sent.release()
        with sock:
            slow[index] = converse(sock, b"", REQUEST_TIMEOUT + SLACK, trickle_every=0.3)

    def idle_after_answer(sock):
        first = converse(sock, http_request("GET", "/api/v1/health"), 5)
        return converse(sock, b"", IDLE_TIMEOUT + SLACK) if first.status == 200 else first

    silent_jobs = {
        "head then nothing": lambda sock: converse(sock, slow_head, IDLE_TIMEOUT + SLACK),
        "unfinished head": lambda sock: converse(sock, b"POST /api/v1/predict HTTP/1.1\r\nHost: x\r\n", IDLE_TIMEOUT + SLACK),
        "idle after an answer": idle_after_answer,
    }

    def keep_silent(name):
        try:
            with connect(port) as sock:
                silent[name] = silent_jobs[name](sock)
        except OSError as error:
            silent[name] = Outcome(f"failed ({error})", 0)

    workers = [threading.Thread(target=slow_body, args=(index,)) for index in range(SLOW_CONNECTIONS)]
    workers += [threading.Thread(target=keep_silent, args=(name,)) for name in silent_jobs]
    for worker in workers:
        worker.start()
    for _ in range(SLOW_CONNECTIONS):
        heads_sent.acquire()
    normal = []
    for _ in range(10):  # while the slow bodies are still arriving (well inside REQUEST_TIMEOUT)
        normal.append(ask(port, predict_request(JOKE), 5))
        time.sleep(0.05)
    for worker in workers:
        worker.join()

    latencies = sorted(outcome.seconds * 1000 for outcome in normal)
    check("normal predicts during 50 slow bodies", all(map(ok_predict, normal)) and latencies[-1] < 1000,
          f"{sum(map(ok_predict, normal))}/{len(normal)} answered 200; latency ms min={latencies[0]:.1f} "
          f"median={latencies[len(latencies) // 2]:.1f} max={latencies[-1]:.1f}")
    kinds = collections.Counter(str(o.status) if o.kind == "answer" else o.kind for o in slow)
    answered_408 = sum(o.is_json_error(408) for o in slow)
    cut_off = [o.seconds for o in slow if cut_off_in_time(o, REQUEST_TIMEOUT)]
    check(f"slow bodies get 408 or a close after {REQUEST_TIMEOUT}s (+{SLACK}s slack)", len(cut_off) == SLOW_CONNECTIONS,
          f"{dict(kinds)}; 408 with a JSON error: {answered_408}/{SLOW_CONNECTIONS}; "
          f"cut off in time: {len(cut_off)}{f' after {min(cut_off):.2f}-{max(cut_off):.2f}s' if cut_off else ''}; e.g. {slow[0]}")
    for name, outcome in silent.items():
        timeout = IDLE_TIMEOUT if name == "idle after an answer" else REQUEST_TIMEOUT
        check(f"{name}: 408 or closed within {IDLE_TIMEOUT}+{SLACK}s (not before {timeout - 0.5}s)", cut_off_in_time(outcome, timeout),
              str(outcome))


def cut_off_in_time(outcome, timeout):
    """A 408 with a JSON error or a close, not well before `timeout` (the deadline of the wait is the upper bound)."""
    return (outcome.is_json_error(408) or outcome.kind in ("closed", "reset")) and outcome.seconds >= timeout - 0.5


def flood(port, count, payload, seconds, while_open):
    """Opens `count` connections at once, sends `payload` on each as it connects and reads every answer,
    keeping answered connections open; calls `while_open` before closing them all.
    (outcome counts, connections made, seconds)."""
    started = time.monotonic()
    deadline = started + seconds
    counts = collections.Counter()
    selector = selectors.DefaultSelector()
    finished, connected = [], 0
    for _ in range(count):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        code = sock.connect_ex((HOST, port))
        if code in (0, errno.EINPROGRESS):
            selector.register(sock, selectors.EVENT_WRITE, bytearray())
        else:
            counts[errno.errorcode.get(code, str(code))] += 1
            sock.close()

    def finish(sock, outcome):
        counts[outcome] += 1
        selector.unregister(sock)
        finished.append(sock)

    while selector.get_map() and time.monotonic() < deadline:
        for key, events in selector.select(deadline - time.monotonic()):
            sock, received = key.fileobj, key.data
            if events & selectors.EVENT_WRITE:  # connected, or failed to
                code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if code:
                    finish(sock, "refused" if code == errno.ECONNREFUSED else errno.errorcode.get(code, str(code)))
                    continue
                connected += 1
                try:
                    sock.send(payload)
                    selector.modify(sock, selectors.EVENT_READ, received)
                except (BrokenPipeError, ConnectionResetError):
                    finish(sock, "reset")
                continue
            try:
                chunk = sock.recv(1 << 16)
            except ConnectionResetError:
                finish(sock, "reset")
                continue
            received.extend(chunk)
            answer = parse_response(received, at_eof=not chunk)
            if answer:
                finish(sock, str(answer[0]))
            elif not chunk:
                finish(sock, "closed")
    for key in list(selector.get_map().values()):
        finish(key.fileobj, "no answer" if key.events & selectors.EVENT_READ else "connect hangs")
    selector.close()
    elapsed = time.monotonic() - started
    while_open()
    for sock in finished:
        sock.close()
    return counts, connected, elapsed


def many_connections(server):
    file_limit = server.open_files_limit()
    connections = min(FLOOD_CONNECTIONS, resource.getrlimit(resource.RLIMIT_NOFILE)[0] - 100)  # what this script can open
    server_files = []
    counts, connected, elapsed = flood(server.port, connections, predict_request(JOKE), 15,
                                       while_open=lambda: server_files.append(server.open_files()))
    expected = {"200", "503", "refused", "reset", "closed"}
    shortfall = "" if connections == FLOOD_CONNECTIONS else f"; ONLY {connections}: this script's open-files limit is too low (ulimit -n)"
    check(f"{FLOOD_CONNECTIONS} connections at once",
          connections == FLOOD_CONNECTIONS and set(counts) <= expected and counts["200"] > 0 and server.alive(),
          f"{dict(counts)} in {elapsed:.1f}s; {connected} connected and held open; the server then held {server_files[0]} files "
          f"(its open-files limit {file_limit}){shortfall}")
    health, predict = ask(server.port, http_request("GET", "/api/v1/health")), ask(server.port, predict_request(JOKE))
    check("after the flood: health and predict", health.status == 200 and ok_predict(predict), f"health {health}; predict {predict}")


def malformed_cases():
    """(name, request bytes, statuses expected with a JSON error, statuses/"closed" allowed without one)."""
    deep_arrays = b"[" * 100_000 + b"]" * 100_000
    deep_objects = b'{"a":' * 100_000 + b"1" + b"}" * 100_000
    megabyte_chunk = b"%x\r\n" % 1_000_000 + b"a" * 1_000_000 + b"\r\n"
    chunked_10mb = http_request("POST", "/api/v1/predict", headers=("Content-Type: application/json", "Transfer-Encoding: chunked"))
    joke = predict_request
    return [
        ("invalid UTF-8 inside a string", joke(b'{"text": "caf\xc3\x28 \xff\xfe"}'), {400}, set()),
        ("invalid UTF-8 outside strings", joke(b'{\xff"text": "a"}'), {400}, set()),
        ("arrays nested 100 000 deep", joke(deep_arrays), {400}, set()),
        ("objects nested 100 000 deep", joke(deep_objects), {400}, set()),
        ('{"text": 1e999999}', joke(b'{"text": 1e999999}'), {422}, set()),
        ("joker 123456789012345678901234567890", joke(b'{"text": "a", "joker": 123456789012345678901234567890}'), {422}, set()),
        ("number of 100 000 digits", joke(b'{"text": ' + b"7" * 100_000 + b"}"), {400, 422}, set()),
        ("10 MB body", joke(b'{"text": "' + b"a" * 10_000_000 + b'"}'), {413}, set()),
        ("10 MB chunked body", chunked_10mb + megabyte_chunk * 10 + b"0\r\n\r\n", {413}, set()),
        ("Content-Length: 1000000000000", joke(b'{"text": "a"}', content_length=10**12), {413}, set()),
        ("Content-Length beyond 64 bits", joke(b'{"text": "a"}', content_length=10**25), {400, 413}, {400, 413, "closed"}),
        ("truncated JSON", joke('{"text": "Штирлиц'.encode()), {400}, set()),
        ("NUL characters (\\u0000) in the text", joke(b'{"text": "a\\u0000b\\u0000"}'), {200, 422}, set()),
        ("8 KB X-Model header", joke(JOKE, headers=("X-Model: " + "m" * 8192,)), {404, 431, 400}, {431, 400}),
        ("Content-Type: text/plain", joke(JOKE, content_type="text/plain"), {415}, set()),
        ("bogus method BREW", http_request("BREW", "/api/v1/predict", JOKE), {405, 400}, {400, "closed"}),
        ("not HTTP at all (TLS hello + binary)", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(256)) + b"\r\n\r\n",
         {400}, {400, "closed"}),
    ]


def malformed_input(server):
    for name, payload, with_json, without_json in malformed_cases():
        outcome = ask(server.port, payload, 10)
        seen = str(outcome)
        if outcome.status == 200 or outcome.is_json_error(*with_json):
            passed = outcome.status in with_json
            if outcome.status == 200:
                seen = f"accepted: {seen}"
        else:
            passed = outcome.status in without_json or (outcome.kind in ("closed", "reset") and "closed" in without_json)
        expected = "/".join(map(str, sorted(with_json)))
        if not check(f"{name} -> {expected}", passed and server.alive(), seen if server.alive() else f"{seen}; THE SERVER DIED"):
            print(f"  sent {len(payload)} bytes: {payload[:300]!r}{'…' if len(payload) > 300 else ''}", flush=True)
        if not server.alive():
            return
    v2_live = ask(server.port, http_request("GET", "/v2/health/live"))
    outcome = ask(server.port, http_request("POST", "/v2/models/lr/infer", b"[" * 100_000 + b"]" * 100_000), 10)
    if v2_live.status == 404 and outcome.status == 404:
        report("SKIP", "V2 infer nested 100 000 deep -> 400", f"no V2 routes in this binary (GET /v2/health/live {v2_live.status}); infer {outcome}")
    else:
        check("V2 infer nested 100 000 deep -> 400", outcome.is_json_error(400), str(outcome))


def still_standing(server):
    health = ask(server.port, http_request("GET", "/api/v1/health"))
    check("still alive at the end", server.alive() and health.status == 200, f"health {health}")
    crashes = [line.strip() for line in server.stdout + server.stderr if any(marker in line for marker in CRASH_MARKERS)]
    check("no crash report in the output", not crashes, crashes[0] if crashes else f"{len(server.stderr)} stderr lines, none a crash")
    if not server.alive():
        return
    started = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    try:
        code = server.process.wait(10)
    except subprocess.TimeoutExpired:
        code = None
    check("SIGTERM -> exit 0", code == 0, f"exit {code} after {time.monotonic() - started:.2f}s")


def main():
    if len(sys.argv) != 2 or not os.access(sys.argv[1], os.X_OK):
        sys.exit("usage: scripts/hostile-input.py BIN   (an executable jokemeter)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("hostile-input: FAIL: terminated"))  # still stops the server
    started = time.monotonic()
    print(f"hostile-input: open-files soft limit {raise_open_files_limit()} (the server inherits it)", flush=True)
    server = Server(sys.argv[1])
    try:
        print(f"hostile-input: {sys.argv[1]} serving on {HOST}:{server.port}", flush=True)
        for phase in (slow_clients, many_connections, malformed_input):
            phase(server)
            if not server.alive():
                check(f"server running after {phase.__name__}", False, f"it exited with code {server.process.returncode}; "
                      f"its last output: {' | '.join(line.strip() for line in (server.stdout + server.stderr)[-5:])}")
                break
        still_standing(server)
    finally:
        server.stop()
    failures = results.count("FAIL")
    skipped = results.count("SKIP")
    print(f"hostile-input: {'FAIL' if failures else 'PASS'} checks={len(results) - skipped}"
          f"{f' failed={failures}' if failures else ''}{f' skipped={skipped}' if skipped else ''} in {time.monotonic() - started:.1f}s")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
