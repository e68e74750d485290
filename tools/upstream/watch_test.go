package upstream

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// fakeGH stands for the gh CLI: it answers the repository's default branch and head commit,
// logs every call, and keeps the body of a pull request it is asked to open or edit.
const fakeGH = `#!/usr/bin/env bash
echo "$*" >>"$GH_LOG"
case "$1 $2" in
"api repos/fanfare-io/docs") echo main ;;
"api repos/fanfare-io/docs/commits/main") echo "$FAKE_SHA" ;;
"pr list") echo "$FAKE_PR" ;;
"pr create" | "pr edit")
	while (($#)); do
		if [[ $1 == --body-file ]]; then cp "$2" "$GH_LOG.body"; fi
		shift
	done
	echo https://github.com/fanfare-go/fanfare/pull/7
	;;
*)
	echo "fake gh: unexpected: $*" >&2
	exit 1
	;;
esac
`

// TestWatch runs tools/scripts/upstream-watch.sh in a small repository (the pin, the spec, the
// tool's sources) with a bare "origin", the published document served on loopback and a fake
// gh on PATH: unchanged slice, changed slice (a pull request opened), the same again (nothing
// to do), and a further change (the pull request updated).
func TestWatch(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the upstream tool and runs git; skipped with -short")
	}
	dir, origin := watchRepo(t)
	var mu sync.Mutex
	var document []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if !strings.HasPrefix(r.URL.Path, "/fanfare-io/docs/") || !strings.HasSuffix(r.URL.Path, "/api/openapi/admin-api.json") {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(document)
	}))
	defer srv.Close()
	serve := func(doc []byte) { mu.Lock(); document = doc; mu.Unlock() }

	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "gh"), []byte(fakeGH), 0o755); err != nil {
		t.Fatal(err)
	}
	ghLog := filepath.Join(t.TempDir(), "gh.log")
	run := func(sha, pr string) (int, string, string) {
		t.Helper()
		_ = os.Remove(ghLog)
		_ = os.Remove(ghLog + ".body")
		cmd := exec.CommandContext(t.Context(), "bash", "tools/scripts/upstream-watch.sh")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
			"GH_LOG="+ghLog, "FAKE_SHA="+sha, "FAKE_PR="+pr, "UPSTREAM_RAW_URL="+srv.URL, "GOWORK=off")
		cmd.Env = append(cmd.Env, gitIdentity...)
		out, err := cmd.CombinedOutput()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		calls, _ := os.ReadFile(ghLog)
		return code, string(out), string(calls)
	}
	const shaA, shaB, shaC = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "cccccccccccccccccccccccccccccccccccccccc"

	// The pinned version, with another endpoint changed: nothing happens.
	serve(wholeDocument(t, v7, "another endpoint, changed"))
	code, out, calls := run(shaA, "")
	if code != 0 || !strings.Contains(out, "the slice is the pinned one") || strings.Contains(calls, "pr ") {
		t.Fatalf("unchanged slice: exit %d, gh calls:\n%s\noutput:\n%s", code, calls, out)
	}
	if refs := git(t, origin, "branch", "--list", "upstream/*"); refs != "" {
		t.Fatalf("unchanged slice: origin has %s", refs)
	}

	// A newer version (the pinned one with a consumer property removed and one added): the pin
	// moves on the fixed branch and one pull request opens, spec untouched.
	serve(wholeDocument(t, v7, "", newerVersion(t)))
	code, out, calls = run(shaB, "")
	if code != 0 || !strings.Contains(calls, "pr create --head upstream/admin-api --base main --title upstream: fanfare-io/docs@bbbbbbbbbbbb changes GET /sequences/{sequenceId}/waitlist/consumers (a change can break a client)") {
		t.Fatalf("newer version: exit %d, gh calls:\n%s\noutput:\n%s", code, calls, out)
	}
	body, err := os.ReadFile(ghLog + ".body")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"### Can break a client\n\n- `" + ok200 + ".properties.consumer.properties.marketingEmailOptOut`: property removed (boolean, default false)",
		ok200 + ".properties.consumer.properties.loyaltyTier`: property added (string)",
		"## `upstream check` on this branch\n\n```\nupstream check: api/openapi.yaml does not cover the pinned upstream slice",
		ok200 + ".properties.consumer.properties.loyaltyTier: missing: property (string) not in the spec",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("pull request body lacks %q:\n%s", want, body)
		}
	}
	if lock := git(t, origin, "show", "upstream/admin-api:api/upstream/lock.json"); !strings.Contains(lock, `"commit": "`+shaB+`"`) {
		t.Errorf("origin's upstream/admin-api lock:\n%s", lock)
	}
	if changed := git(t, origin, "diff", "--name-only", "main", "upstream/admin-api"); changed != "api/upstream/lock.json\napi/upstream/slice.json" {
		t.Errorf("the branch changes %q, want the pin only", changed)
	}

	// The same slice next week, from a fresh checkout of main: the pull request is up to date.
	git(t, dir, "checkout", "--quiet", "main")
	code, out, calls = run(shaC, "7")
	if code != 0 || !strings.Contains(out, "already pins this slice") || strings.Contains(calls, "pr ") {
		t.Fatalf("same slice again: exit %d, gh calls:\n%s\noutput:\n%s", code, calls, out)
	}

	// A further change: the one pull request is updated, not a second one opened.
	git(t, dir, "checkout", "--quiet", "main")
	serve(wholeDocument(t, v7, "", newerVersion(t), func(doc map[string]any) {
		dig(t, doc, "paths", Endpoint, "get")["description"] = "Get a page of the waitlist consumers of a sequence"
	}))
	code, out, calls = run(shaC, "7")
	if code != 0 || !strings.Contains(calls, "pr edit 7 --title upstream: fanfare-io/docs@cccccccccccc") || strings.Contains(calls, "pr create") {
		t.Fatalf("further change: exit %d, gh calls:\n%s\noutput:\n%s", code, calls, out)
	}
}

// newerVersion returns an edit that makes a published document newer than the pinned one: its
// consumer loses marketingEmailOptOut and gains loyaltyTier.
func newerVersion(t *testing.T) func(doc map[string]any) {
	return func(doc map[string]any) {
		consumer := dig(t, doc, "paths", Endpoint, "get", "responses", "200", "content", "application/json",
			"schema", "items", "properties", "consumer", "properties")
		delete(consumer, "marketingEmailOptOut")
		consumer["loyaltyTier"] = map[string]any{"type": "string"}
	}
}

// watchRepo makes a git repository with what upstream-watch.sh needs, committed on main, and a
// bare origin it is pushed to.
func watchRepo(t *testing.T) (dir, origin string) {
	t.Helper()
	dir, origin = t.TempDir(), t.TempDir()
	var files []string
	for _, pattern := range []string{"go.mod", "api/openapi.yaml", "api/upstream/*", "tools/go.mod", "tools/go.sum",
		"tools/upstream/*.go", "tools/cmd/upstream/*.go", "tools/scripts/upstream-watch.sh"} {
		m, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil || len(m) == 0 {
			t.Fatalf("no %s", pattern)
		}
		files = append(files, m...)
	}
	for _, src := range files {
		rel, _ := filepath.Rel(root, src)
		if strings.HasSuffix(rel, "_test.go") {
			continue
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git(t, origin, "init", "--quiet", "--bare", "--initial-branch=main")
	git(t, dir, "init", "--quiet", "--initial-branch=main")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "--quiet", "-m", "base")
	git(t, dir, "remote", "add", "origin", origin)
	git(t, dir, "push", "--quiet", "origin", "main")
	return dir, origin
}

// wholeDocument is a published document around a slice file's path item, with a neighbour
// path whose description is neighbour, edited by edits.
func wholeDocument(t *testing.T, slice, neighbour string, edits ...func(doc map[string]any)) []byte {
	t.Helper()
	var file map[string]any
	data, err := os.ReadFile(slice)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	doc := map[string]any{
		"openapi":    "3.1.0",
		"servers":    file["servers"],
		"security":   file["security"],
		"components": map[string]any{"securitySchemes": file["securitySchemes"]},
		"paths": map[string]any{
			Endpoint:                  file["pathItem"],
			"/sequences/{sequenceId}": map[string]any{"get": map[string]any{"description": neighbour}},
		},
	}
	for _, e := range edits {
		e(doc)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// gitIdentity is the committer of the test's repositories (and of the script's commit).
var gitIdentity = []string{"GIT_AUTHOR_NAME=watch test", "GIT_AUTHOR_EMAIL=watch@example.invalid",
	"GIT_COMMITTER_NAME=watch test", "GIT_COMMITTER_EMAIL=watch@example.invalid", "GIT_CONFIG_NOSYSTEM=1"}

// git runs git in dir with a fixed identity and returns its trimmed output.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), gitIdentity...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}
