# The team's shared vocabulary. Every target works on a fresh clone with only Go and make:
# tools come from tools/go.mod through `go tool`, fetched by the Go module proxy. The exceptions
# are spec-lint and lint, which runs it: they also need node (npm linters, tools/package.json).
SHELL := /bin/bash
GO    ?= go
export GOWORK := off
TOOL  := $(GO) tool -modfile=$(CURDIR)/tools/go.mod
BASE  ?= origin/main
# GoReleaser builds the CLI's release archives. Pinned here and run with `go run pkg@version` in
# its own module graph: its dependencies would swamp tools/go.mod, and it is needed only to release.
GORELEASER_VERSION := v2.15.1
GORELEASER := $(GO) run github.com/goreleaser/goreleaser/v2@$(GORELEASER_VERSION)

.PHONY: all generate check-generated spec-check spec-lint upstream-check upstream-diff upstream-pin prism-check vet test test-root test-tools lint breaking apidiff bench demo release-snapshot release

all: test

## generate: regenerate gen/, internal/fakeapi/ and the tools module's generated code from api/openapi.yaml
generate:
	$(GO) generate ./...
	cd tools && $(GO) generate ./...

## check-generated: fail when the tree's generated code or go.mod/go.sum drift from the spec
## (checked in a temporary copy: the tree is left as it was, whatever happens)
check-generated:
	GO="$(GO)" MAKE="$(MAKE)" bash tools/scripts/check-generated.sh

## spec-check: load and validate api/openapi.yaml with kin-openapi (examples and formats included)
spec-check:
	cd tools && $(GO) run ./cmd/speccheck ../api/openapi.yaml

## spec-lint: Spectral and Redocly on api/openapi.yaml at pinned versions (needs node; not in test)
spec-lint:
	bash tools/scripts/spec-lint.sh

## upstream-check: api/upstream/lock.json matches the pinned slice of Fanfare's published document,
## and api/openapi.yaml covers that slice but for api/upstream/allowlist.txt's deliberate differences
upstream-check:
	cd tools && $(GO) run ./cmd/upstream check -root "$(CURDIR)"

## upstream-diff: what changed for the endpoint from the pinned slice to NEW (a published document
## or a slice file), as Markdown; make fails on any change (the tool itself, built and run directly as
## tools/scripts/upstream-watch.sh does, exits 1 when a change can break a client, 3 when all are compatible)
upstream-diff:
	@test -n "$(NEW)" || { echo "make upstream-diff: NEW=<published document or slice file> is required" >&2; exit 2; }
	cd tools && $(GO) run ./cmd/upstream diff "$(CURDIR)/api/upstream/slice.json" "$(abspath $(NEW))"

## upstream-pin: move the pin to FILE (a published document or a slice file; COMMIT=<sha> unless
## FILE records it), then update api/openapi.yaml until make upstream-check passes, and make generate
upstream-pin:
	@test -n "$(FILE)" || { echo "make upstream-pin: FILE=<published document or slice file> is required" >&2; exit 2; }
	cd tools && $(GO) run ./cmd/upstream pin -root "$(CURDIR)" $(if $(COMMIT),-commit "$(COMMIT)") "$(abspath $(FILE))"

## vet: go vet in every module
vet:
	$(GO) vet ./...
	cd tools && $(GO) vet ./...

test-root:
	$(GO) test -race -count=1 ./...

test-tools:
	cd tools && $(GO) test -race -count=1 ./...

## test: the one command that must pass on a fresh clone (spec check, upstream check, drift check,
## vet, tests with -race in every module; never -short, so the drift test runs)
test: spec-check upstream-check check-generated vet test-root test-tools

## lint: golangci-lint, actionlint, spec-lint and govulncheck (see tools/scripts/lint.sh), then
## prism-check (both run; lint fails when either does)
lint:
	@rc=0; GO="$(GO)" bash tools/scripts/lint.sh || rc=1; GO="$(GO)" bash tools/scripts/prism-check.sh || rc=1; exit $$rc

## prism-check: a few hundred random responses of every documented status from Prism's mock server
## on api/openapi.yaml, each read by the SDK as documented (needs node; part of lint)
prism-check:
	GO="$(GO)" bash tools/scripts/prism-check.sh

## breaking: oasdiff breaking changes of api/openapi.yaml against BASE (a git ref); each must be
## named (by property, else by oasdiff's rule id) in CHANGELOG.md's Unreleased "### Breaking" list
breaking:
	GO="$(GO)" bash tools/scripts/breaking.sh "$(BASE)"

## apidiff: the exported Go API of client, client/changes, client/clienttest and gen against BASE (a git ref),
## with apidiff; an incompatible change fails unless CHANGELOG.md's Unreleased section names it
## (by its Go name) in its "### Breaking" list
apidiff:
	GO="$(GO)" bash tools/scripts/apidiff.sh "$(BASE)"

## bench: the streaming benchmarks against the comparison paths, summarised by benchstat;
## with VS=<ref>, the SDK's own paths against that ref instead, in one benchstat run
bench:
ifdef VS
	GO="$(GO)" bash tools/scripts/bench-vs.sh "$(VS)"
else
	bash tools/scripts/bench.sh
endif

## demo: the CLI against its in-process fake
demo:
	$(GO) run ./cmd/fanfare waitlist consumers demo --demo

## release-snapshot: the release's archives and checksums, built locally into dist/ and not published
release-snapshot:
	$(GORELEASER) check
	$(GORELEASER) release --snapshot --clean

## release: publish the release of the tag at HEAD (the release workflow runs it after make test;
## NOTES is a file of release notes, from tools/scripts/release-notes.sh; needs GITHUB_TOKEN)
release:
	@test -n "$(NOTES)" || { echo "make release: NOTES=<file of release notes> is required" >&2; exit 2; }
	$(GORELEASER) release --clean --release-notes "$(NOTES)"
