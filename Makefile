# Jokemeter: the two commands of the README are `make serve` (the HTTP service on the shipped models)
# and `make test` (every test). Both work on a fresh clone of a machine with the Swift toolchain.

SWIFT ?= swift
DATA ?= data/clean_comedy_gold_ru.csv
MODELS ?= models
TEXT ?= Штирлиц долго смотрел в одну точку. Потом в другую. «Двоеточие!» — догадался Штирлиц.
RELEASE_BIN = .build/release/jokemeter

export PATH := $(PATH):/opt/swift/usr/bin

.PHONY: serve predict models test unit-test python-test check-models release clean

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
## scikit-learn parity of exported models and of our trainers); then a release retrain that must reproduce models/.
test: unit-test python-test check-models

unit-test:
	@command -v $(SWIFT) >/dev/null || { echo "swift is not installed (expected at /opt/swift/usr/bin)"; exit 1; }
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

python-test:
	@python3 -c "import pytest, requests, sklearn, joblib" 2>/dev/null || python3 -m pip install -q -r tests/python/requirements.txt
	JOKEMETER_BIN=.build/debug/jokemeter python3 -m pytest -q tests/python

check-models: release
	scripts/check-models.sh $(RELEASE_BIN) $(DATA) $(MODELS)

release:
	$(SWIFT) build -c release --product jokemeter

clean:
	rm -rf .build
