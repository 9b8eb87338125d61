# ArticleService developer targets. `make help` lists them.
SHELL := bash
GOBIN := $(shell go env GOPATH)/bin
export PATH := $(GOBIN):$(PATH)

.PHONY: help run build test lint generate bench extract-bench fuzz load abuse browser ci

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-13s %s\n", $$1, $$2}'

run: ## run articled with its embedded defaults on :50051
	go run ./cmd/articled

build: ## build articled and articlectl into bin/
	go build -trimpath -o bin/ ./cmd/...

test: ## run the test suite with the race detector (what CI runs)
	go test -race ./...

lint: ## gofmt, go vet and staticcheck (also with -tags browser), buf lint and buf format
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	go vet ./...
	go vet -tags browser ./...
	staticcheck ./...
	staticcheck -tags browser ./...
	buf lint
	buf format --diff --exit-code

generate: ## regenerate the protobuf Go code from proto/
	buf generate

bench: ## run the benchmarks and print ratios against the bluemonday floor from the same run
	go test -run='^$$' -bench=. -benchmem -count=1 ./sanitize ./service/pipeline ./service/server | tee bench.out
	@awk '/^Benchmark/ { n = $$1; sub(/-[0-9]+$$/, "", n); \
	    for (i = 2; i <= NF; i++) { if ($$(i+1) == "MB/s") mb[n] = $$i; if ($$(i+1) == "docs/s") ds[n] = $$i; if ($$(i+1) == "allocs/op") al[n] = $$i } } \
	  END { f = mb["BenchmarkBluemondayUGC"]; fd = ds["BenchmarkBluemondayUGC"]; if (f == "") exit; \
	        printf "\nratios against BenchmarkBluemondayUGC (%.1f MB/s, %.0f docs/s), same run:\n", f, fd; \
	        printf "  %-26s %8s %8s %10s %8s\n", "benchmark", "MB/s", "x floor", "docs/s", "x floor"; \
	        for (n in mb) printf "  %-26s %8.1f %7.2fx %10.0f %7.2fx\n", n, mb[n], mb[n] / f, ds[n], (ds[n] ? ds[n] / fd : 0) }' bench.out

extract-bench: ## compare page extraction with go-trafilatura and go-readability (flags: EXTRACTBENCH_FLAGS)
	cd deploy/extractbench && go run . $(EXTRACTBENCH_FLAGS)

fuzz: ## run every fuzz target for FUZZTIME each (default 30s); fails if a package does not build
	@pkgs=$$(go list ./...) || exit 1; \
	for pkg in $$pkgs; do \
	  list=$$(go test -list '^Fuzz' $$pkg) || { echo "$$list"; echo "fuzz: cannot list the fuzz targets of $$pkg"; exit 1; }; \
	  for t in $$(grep '^Fuzz' <<<"$$list"); do \
	    echo "== $$pkg $$t"; go test -run='^$$' -fuzz="^$$t$$" -fuzztime=$${FUZZTIME:-30s} $$pkg || exit 1; \
	  done; \
	done

load: ## run the ghz load tests against a local articled (see deploy/README.md)
	bash deploy/ghz/run.sh

abuse: ## run each resource attack against a fresh articled; peak RSS and another client's p99 (flags: ABUSE_FLAGS)
	go build -trimpath -o bin/articled ./cmd/articled
	go run ./deploy/abuse -articled bin/articled $(ABUSE_FLAGS)

browser: ## run the headless-Chromium XSS suites, sanitizer and whole pipeline on full pages (needs chromium)
	go test -tags browser -count=1 -p 1 -timeout 60m -v -run TestBrowser ./sanitize/browsertest/ ./service/pipeline/browsertest/

ci: ## run what CI runs
	bash .ci/run
