# ArticleService developer targets. `make help` lists them.
SHELL := bash

# The pinned tools (tools/versions.env) are installed into bin/tools, which
# comes first on PATH: `make lint` and `make generate` never run whatever
# version happens to be installed elsewhere.
include tools/versions.env
TOOLS := $(CURDIR)/bin/tools
export PATH := $(TOOLS):$(PATH)

.PHONY: help run build test test-short lint api-release generate bench extract-bench fuzz load abuse browser ci tools ghz

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-13s %s\n", $$1, $$2}'

run: ## run articled with its embedded defaults on :50051
	go run ./cmd/articled

build: ## build articled and articlectl into bin/
	go build -trimpath -o bin/ ./cmd/...

# Modules of their own, so that the service's go.mod holds none of their
# test-only dependencies (the Kubernetes API and kustomize, chromedp): the
# manifests' checks and the browser suites. deploy/extractbench is one too,
# run by make extract-bench.
TEST_MODULES := deploy/k8s sanitize/browsertest service/pipeline/browsertest

test: ## run the test suite with the race detector, then the test-only modules' tests (what CI runs)
	go test -race ./...
	@for m in $(TEST_MODULES); do echo "== $$m"; (cd $$m && go test ./...) || exit 1; done

test-short: ## the edit loop: the suite without the crash, restart and cluster tests (go test -short)
	go test -short ./...

# Each tool is installed once per version: the stamp file names the version,
# so changing tools/versions.env installs the new one on the next run.
$(TOOLS)/.buf-$(BUF_VERSION):
	GOBIN=$(TOOLS) go install github.com/bufbuild/buf/cmd/buf@$(BUF_VERSION)
	@touch $@
$(TOOLS)/.protoc-gen-go-$(PROTOC_GEN_GO_VERSION):
	GOBIN=$(TOOLS) go install google.golang.org/protobuf/cmd/protoc-gen-go@$(PROTOC_GEN_GO_VERSION)
	@touch $@
$(TOOLS)/.protoc-gen-go-grpc-$(PROTOC_GEN_GO_GRPC_VERSION):
	GOBIN=$(TOOLS) go install google.golang.org/grpc/cmd/protoc-gen-go-grpc@$(PROTOC_GEN_GO_GRPC_VERSION)
	@touch $@
$(TOOLS)/.staticcheck-$(STATICCHECK_VERSION):
	GOBIN=$(TOOLS) go install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	@touch $@
$(TOOLS)/.goimports-$(GOIMPORTS_VERSION):
	GOBIN=$(TOOLS) go install golang.org/x/tools/cmd/goimports@$(GOIMPORTS_VERSION)
	@touch $@
$(TOOLS)/.grpcurl-$(GRPCURL_VERSION):
	GOBIN=$(TOOLS) go install github.com/fullstorydev/grpcurl/cmd/grpcurl@$(GRPCURL_VERSION)
	@touch $@
$(TOOLS)/.ghz-$(GHZ_VERSION):
	GOBIN=$(TOOLS) go install github.com/bojand/ghz/cmd/ghz@$(GHZ_VERSION)
	@touch $@

LINT_TOOLS := $(TOOLS)/.staticcheck-$(STATICCHECK_VERSION) $(TOOLS)/.buf-$(BUF_VERSION) $(TOOLS)/.goimports-$(GOIMPORTS_VERSION)
GENERATE_TOOLS := $(TOOLS)/.buf-$(BUF_VERSION) $(TOOLS)/.protoc-gen-go-$(PROTOC_GEN_GO_VERSION) \
	$(TOOLS)/.protoc-gen-go-grpc-$(PROTOC_GEN_GO_GRPC_VERSION)
GHZ_TOOL := $(TOOLS)/.ghz-$(GHZ_VERSION)

tools: $(LINT_TOOLS) $(GENERATE_TOOLS) $(TOOLS)/.grpcurl-$(GRPCURL_VERSION) ## install the pinned tools of tools/versions.env into bin/tools (grpcurl for the README's sessions; not ghz: make load does)

ghz: $(GHZ_TOOL) ## install the pinned ghz into bin/tools

lint: $(LINT_TOOLS) ## gofmt, goimports, go vet and staticcheck (every module; the browser suites with -tags browser), buf lint, format and breaking
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	@test -z "$$(goimports -local articleservice -l $$(git ls-files '*.go' ':!:*.pb.go'))" || { echo "goimports -local articleservice -w would change:"; goimports -local articleservice -l $$(git ls-files '*.go' ':!:*.pb.go'); exit 1; }
	go vet ./...
	staticcheck ./...
	@for m in $(TEST_MODULES) deploy/extractbench; do echo "== $$m"; (cd $$m && go vet -tags browser ./... && staticcheck -tags browser ./...) || exit 1; done
	buf lint
	buf format --diff --exit-code
	buf breaking --against proto/released.binpb

api-release: $(TOOLS)/.buf-$(BUF_VERSION) ## record the API as released: buf breaking compares every later change with it
	buf build -o proto/released.binpb

generate: $(GENERATE_TOOLS) ## regenerate the protobuf Go code, and the descriptor set reflection serves, from proto/
	buf generate
	buf build -o proto/article/v1/descriptor.binpb

bench: ## run the benchmarks and print ratios against the bluemonday floor from the same run
	go test -run='^$$' -bench=. -benchmem -count=1 ./sanitize ./service/extract ./service/pipeline ./service/server | tee bench.out
	@awk '/^Benchmark/ { n = $$1; sub(/-[0-9]+$$/, "", n); \
	    for (i = 2; i <= NF; i++) { if ($$(i+1) == "MB/s") mb[n] = $$i; if ($$(i+1) == "docs/s") ds[n] = $$i; if ($$(i+1) == "allocs/op") al[n] = $$i; \
	      if ($$(i+1) == "articles/s") as[n] = $$i; if ($$(i+1) == "x-ugc") xu[n] = $$i } } \
	  END { s = as["BenchmarkConsume/subscribe"]; if (s != "") { \
	          printf "\nconsuming the log, ratios against Subscribe (%.0f articles/s), same run:\n", s; \
	          for (n in as) printf "  %-32s %10.0f articles/s %7.2fx\n", n, as[n], as[n] / s }; \
	        f = mb["BenchmarkBluemondayUGC"]; fd = ds["BenchmarkBluemondayUGC"]; if (f == "") exit; \
	        printf "\nratios against BenchmarkBluemondayUGC (%.1f MB/s, %.0f docs/s), same run:\n", f, fd; \
	        printf "  %-26s %8s %8s %10s %8s\n", "benchmark", "MB/s", "x floor", "docs/s", "x floor"; \
	        for (n in mb) printf "  %-26s %8.1f %7.2fx %10.0f %7.2fx\n", n, mb[n], mb[n] / f, ds[n], (ds[n] ? ds[n] / fd : 0); \
	        for (n in xu) printf "\n%s: the pipeline at %.3fx bluemonday UGC, both timed in the same iterations\n(the ratio to trust on a machine whose speed drifts between packages)\n", n, xu[n] }' bench.out

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

load: $(GHZ_TOOL) ## run the ghz load tests, with the pinned ghz, against a local articled (see deploy/README.md)
	GHZ=$(TOOLS)/ghz bash deploy/ghz/run.sh

abuse: ## run each resource attack against a fresh articled; peak RSS and another client's p99 (flags: ABUSE_FLAGS)
	go build -trimpath -o bin/articled ./cmd/articled
	go run ./deploy/abuse -articled bin/articled $(ABUSE_FLAGS)

browser: ## run the headless-Chromium XSS suites, sanitizer and whole pipeline on full pages (needs chromium)
	cd sanitize/browsertest && go test -tags browser -count=1 -timeout 60m -v -run TestBrowser ./...
	cd service/pipeline/browsertest && go test -tags browser -count=1 -timeout 60m -v -run TestBrowser ./...

ci: ## run what CI runs
	bash .ci/run
