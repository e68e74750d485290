package drift

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestAPIDiff runs apidiff.sh in a copy of this repository. A schema property added to the spec
// is a compatible change of the Go API; removed again, it is an incompatible one, which oasdiff
// (make breaking) may not see but an importer's build does: apidiff.sh must fail on it until
// the CHANGELOG declares it under ### Breaking.
//
// The property is one of the test's own (Consumer.lastGeoCounty): removing one the SDK's own
// code uses would also break its build, which apidiff.sh reports too, but not as an API change.
func TestAPIDiff(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the repository, regenerates it twice and type-checks it thrice; skipped with -short")
	}
	t.Parallel()
	dir := apidiffRepo(t, repoRoot(t))
	spec := filepath.Join(dir, "api", "openapi.yaml")
	original := readFile(t, spec)

	if err := os.WriteFile(spec, []byte(addConsumerProperty(t)(original)), 0o600); err != nil {
		t.Fatal(err)
	}
	regenerate(t, dir)
	code, out := runAPIDiff(t, dir)
	if code != 0 || !strings.Contains(out, "LastGeoCounty: added") || !strings.Contains(out, "OK, no incompatible Go API changes") {
		t.Fatalf("apidiff.sh HEAD after adding Consumer.lastGeoCounty: exit %d, want 0 listing it as compatible:\n%s", code, out)
	}
	gitCommitAll(t, dir, "spec: add Consumer.lastGeoCounty")

	if err := os.WriteFile(spec, []byte(removeProperty(t, "lastGeoCounty")(readFile(t, spec))), 0o600); err != nil {
		t.Fatal(err)
	}
	if readFile(t, spec) != original {
		t.Fatal("removing lastGeoCounty did not give back the original spec: update this test")
	}
	regenerate(t, dir)
	code, out = runAPIDiff(t, dir)
	if code != 1 || !strings.Contains(out, "LastGeoCounty: removed") || !strings.Contains(out, "apidiff: FAIL: incompatible") {
		t.Fatalf("apidiff.sh HEAD after removing Consumer.lastGeoCounty: exit %d, want 1 naming LastGeoCounty:\n%s", code, out)
	}

	setUnreleased(t, dir, "### Breaking\n\n- `Consumer.LastGeoCountry` is gone: the API no longer sends it.\n")
	code, out = runAPIDiff(t, dir)
	if code != 1 || !strings.Contains(out, "Consumer.LastGeoCounty: removed   (name it: `Consumer.LastGeoCounty`)") {
		t.Fatalf("apidiff.sh HEAD with a Breaking list that names another change: exit %d, want 1 naming LastGeoCounty:\n%s", code, out)
	}

	setUnreleased(t, dir, "### Breaking\n\n- `Consumer.LastGeoCounty` and its getter `Consumer.GetLastGeoCounty` are gone: the API no longer sends it.\n")
	code, out = runAPIDiff(t, dir)
	if code != 0 || !strings.Contains(out, "LastGeoCounty: removed") || !strings.Contains(out, "each named under ### Breaking") {
		t.Fatalf("apidiff.sh HEAD with the removal declared under ### Breaking: exit %d, want 0:\n%s", code, out)
	}
}

// apidiffRepo makes a committed copy of the repository whose CHANGELOG declares nothing as
// breaking, so each scenario starts from the same place whatever the real CHANGELOG says.
func apidiffRepo(t *testing.T, src string) string {
	t.Helper()
	dir := copyTrackedTree(t, src)
	setUnreleased(t, dir, "### Added\n\n- Something compatible.\n")
	gitCommitAll(t, dir, "copy of the SDK")
	return dir
}

// setUnreleased replaces the body of the copy's "## [Unreleased]" section.
func setUnreleased(t *testing.T, dir, body string) {
	t.Helper()
	name := filepath.Join(dir, "CHANGELOG.md")
	s := readFile(t, name)
	const heading = "## [Unreleased]\n"
	start := strings.Index(s, heading)
	if start < 0 {
		t.Fatal("CHANGELOG.md has no ## [Unreleased] section: update this test")
	}
	start += len(heading)
	end := strings.Index(s[start:], "\n## [")
	if end < 0 {
		end = len(s) - start
	}
	s = s[:start] + "\n" + body + s[start+end:]
	if err := os.WriteFile(name, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}

// regenerate runs the root module's go generate (gen, the fake's server, the codec) in dir.
func regenerate(t *testing.T, dir string) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "go", "generate", "./...")
	if code, out := runScript(t, cmd, dir); code != 0 {
		t.Fatalf("go generate ./... in the copy: exit %d:\n%s", code, out)
	}
}

// runAPIDiff runs tools/scripts/apidiff.sh HEAD in dir and returns its exit code and output.
func runAPIDiff(t *testing.T, dir string) (int, string) {
	t.Helper()
	return runScript(t, exec.CommandContext(t.Context(), "bash", filepath.Join("tools", "scripts", "apidiff.sh"), "HEAD"), dir)
}
