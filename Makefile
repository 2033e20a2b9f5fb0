# Jokemeter: the two commands of the README are `make serve` (the HTTP service on the shipped models)
# and `make test` (every test). Both work on a fresh clone of a machine with the Swift toolchain.

SWIFT ?= swift
DATA ?= data/clean_comedy_gold_ru.csv
MODELS ?= models
TEXT ?= Штирлиц долго смотрел в одну точку. Потом в другую. «Двоеточие!» — догадался Штирлиц.
RELEASE_BIN = .build/release/jokemeter
# Release builds link the Swift runtime in, as the container image's does: the server starts about 30 ms
# sooner without the dynamic loader's relocations of the Swift libraries (start to ready 91-97 against
# 121-137 ms, scripts/footprint.sh BIN 1 4 alternated). Every release build in .build uses the same flags,
# since a change of flags recompiles everything.
RELEASE_FLAGS = -c release --static-swift-stdlib

export PATH := $(PATH):/opt/swift/usr/bin

.PHONY: serve predict models test unit-test python-test deploy-check container-test fire-test soak check-models release bench bench-smoke bench-baseline bench-compare load clean

## Serve every model of models/ over HTTP on port 8080; environment (PORT=…) and SERVE_FLAGS as in the README.
serve: release
	$(RELEASE_BIN) serve $(SERVE_FLAGS)

## Rate TEXT with both shipped models.
predict: release
	@printf 'lr: '; $(RELEASE_BIN) predict --models $(MODELS) --model lr "$(TEXT)"
	@printf 'tr: '; $(RELEASE_BIN) predict --models $(MODELS) --model tr "$(TEXT)"

## Retrain the shipped models from the shipped data.
models: release
	$(RELEASE_BIN) train --data $(DATA) --out $(MODELS)

## Every test: unit, HTTP and live tests (debug); the Python tools (the original's client against the server,
## scikit-learn parity of exported models and of our trainers); the deployment checks (kustomize, Helm,
## Kubernetes schemas, checkov, hadolint); a smoke run of the benchmark suites, so that they keep building
## and running; a release retrain that must reproduce models/; and the container image run with podman.
## Then the proof under fire (fire-test). The retrain, the image and the drills use the jokemeter built
## (statically linked) in the benchmark package's release folder, so that CI compiles the release stack once.
test: unit-test python-test deploy-check bench-smoke
	scripts/check-models.sh $(BENCH_BIN)/jokemeter $(DATA) $(MODELS)
	scripts/container-test.sh $(BENCH_BIN)/jokemeter
	$(fire_tests)

## Proof under fire, against the release server: schemathesis with all its checks against /openapi.json;
## 20 reloads under load and broken artifacts that change nothing; a rolling update behind nginx with zero
## failed requests; hostile clients (slow bodies, 2 000 connections, malformed input).
define fire_tests
	scripts/schemathesis.sh $(BENCH_BIN)/jokemeter
	scripts/reload-drill.sh $(BENCH_BIN)/jokemeter
	scripts/rolling-drill.sh $(BENCH_BIN)/jokemeter
	python3 scripts/hostile-input.py $(BENCH_BIN)/jokemeter
endef
fire-test: bench-smoke
	$(fire_tests)

## Five minutes of mixed load (predict with both models, batches, /v2 infer, reloads, a shadow model):
## resident memory must stay flat after warm-up. Not part of make test. SOAK_SECONDS=60 shortens it.
soak: release
	scripts/soak.sh $(RELEASE_BIN) $(or $(SOAK_SECONDS),300)

unit-test:
	@command -v $(SWIFT) >/dev/null || { echo "swift is not installed (expected at /opt/swift/usr/bin)"; exit 1; }
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

python-test:
	@python3 -c "import pytest, requests, sklearn, joblib, tritonclient.http" 2>/dev/null || python3 -m pip install -q -r python-tests/requirements.txt
	JOKEMETER_BIN=.build/debug/jokemeter python3 -m pytest -q python-tests

## Render every kustomize overlay and the Helm chart's cases, validate against the Kubernetes schemas,
## checkov and hadolint (deploy/).
deploy-check:
	scripts/check-deploy.sh

## Build deploy/Dockerfile's runtime stage around a statically linked jokemeter with podman and run it.
container-test: bench-smoke
	scripts/container-test.sh $(BENCH_BIN)/jokemeter

check-models: release
	scripts/check-models.sh $(RELEASE_BIN) $(DATA) $(MODELS)

release:
	$(SWIFT) build $(RELEASE_FLAGS) --product jokemeter

# The benchmarks are a package of their own (Benchmarks/Package.swift): building or testing Jokemeter never
# fetches or compiles package-benchmark; these targets do. The benchmark plugin builds with settings of its
# own, in Benchmarks/.build-bench: sharing Benchmarks/.build with bench-smoke's static build left a
# dynamically linked jokemeter there after `make bench`, which the container test then refused.
BENCH = cd Benchmarks && $(SWIFT) package --disable-sandbox --scratch-path .build-bench
BASELINE ?= main

## Every benchmark suite in release: tables of wall clock, throughput, instructions (where perf counters
## exist) and mallocs. BENCH_FLAGS='--filter "Predict.*"' runs some.
bench:
	$(BENCH) benchmark --no-progress $(BENCH_FLAGS)

## Each benchmark a few iterations: proof that the suites build and run (part of make test). A plain release
## build (the benchmark plugin builds with other settings, which would compile everything twice), linked with
## the Swift runtime inside as the container image's is, then each suite run directly; a failing benchmark
## exits non-zero. Then the vectorizer probe of scripts/vectorize-ab.sh builds and runs a few passes, timed and
## counted in instructions (callgrind).
BENCH_SUITES = Tokenize Vectorize Predict Load Request
BENCH_BIN = Benchmarks/.build/release
bench-smoke:
	cd Benchmarks && $(SWIFT) build -c release --static-swift-stdlib && $(SWIFT) build -c release --static-swift-stdlib --product jokemeter
	@for suite in $(BENCH_SUITES); do \
		BENCHMARK_SMOKE=1 $(BENCH_BIN)/$$suite --quiet true >/dev/null || { echo "bench-smoke: $$suite failed" >&2; exit 1; }; \
		echo "bench-smoke: $$suite ran"; \
	done
	scripts/vectorize-ab.sh "" 1 3
	MEASURE=instructions scripts/vectorize-ab.sh "" 1 1

## Save the current results as baseline BASELINE (default main), in Benchmarks/.benchmarkBaselines.
bench-baseline:
	$(BENCH) --allow-writing-to-package-directory benchmark baseline update $(BASELINE) --no-progress

## Run again and compare with baseline BASELINE.
bench-compare:
	$(BENCH) benchmark baseline compare $(BASELINE) --no-progress

## Send every joke of data/ to URL (default the local server) with jokemeter-load; LOAD_FLAGS as in the README.
load:
	$(SWIFT) build $(RELEASE_FLAGS) --product jokemeter-load
	.build/release/jokemeter-load $(or $(URL),http://127.0.0.1:8080) $(LOAD_FLAGS)

clean:
	rm -rf .build
