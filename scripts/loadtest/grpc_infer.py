#!/usr/bin/env python3
"""gRPC load for the drills: THREADS clients, each on a channel of its own, call ModelInfer on MODEL with real jokes
one after another (INTERVAL seconds apart, 0 by default) through ADDRESS until SIGINT or SIGTERM, then print one line:
  RESULT calls=… ok=… failed=… codes=CODE:N,…
A call is failed when it ends with any status but OK; gRPC's own transparent retry of a call the server never saw
(refused on a GOAWAY) is its client's business, as with any gRPC client.

Usage: grpc_infer.py ADDRESS [MODEL=lr] [THREADS=4] [INTERVAL=0]   (ADDRESS: loopback only, e.g. 127.0.0.1:8001)
"""
import collections
import csv
import os
import signal
import sys
import threading

import grpc
from tritonclient.grpc import service_pb2, service_pb2_grpc

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def jokes(limit=200):
    with open(os.path.join(ROOT, "data", "clean_comedy_gold_ru.csv"), encoding="utf-8") as data:
        return [row["text"] for _, row in zip(range(limit), csv.DictReader(data))]


def main(address, model="lr", threads=4, interval=0.0):
    if not (address.startswith("127.") or address.startswith("localhost:")):
        sys.exit(f"grpc_infer.py: refusing {address}: load only targets loopback addresses")
    texts = jokes()
    stop = threading.Event()
    codes = collections.Counter()
    lock = threading.Lock()

    def client(offset):
        stub = service_pb2_grpc.GRPCInferenceServiceStub(grpc.insecure_channel(address))
        index = offset
        while not stop.is_set():
            request = service_pb2.ModelInferRequest(model_name=model)
            request.inputs.add(name="text", datatype="BYTES", shape=[1]).contents.bytes_contents.append(
                texts[index % len(texts)].encode())
            index += 1
            try:
                stub.ModelInfer(request, timeout=10)
                code = "OK"
            except grpc.RpcError as error:
                code = error.code().name
            with lock:
                codes[code] += 1
            if interval:
                stop.wait(interval)

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    workers = [threading.Thread(target=client, args=(index * 37,)) for index in range(threads)]
    for worker in workers:
        worker.start()
    while not stop.wait(0.2):
        pass
    for worker in workers:
        worker.join()
    calls = sum(codes.values())
    print(f"RESULT calls={calls} ok={codes['OK']} failed={calls - codes['OK']} "
          f"codes={','.join(f'{code}:{count}' for code, count in sorted(codes.items()))}", flush=True)


if __name__ == "__main__":
    if not 2 <= len(sys.argv) <= 5:
        sys.exit(__doc__)
    main(sys.argv[1], *(sys.argv[2:3]), *(int(value) for value in sys.argv[3:4]), *(float(value) for value in sys.argv[4:5]))
