package docs

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client/clienttest"
)

// repoRoot is the SDK repository holding this package (tools/docs).
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// readmeModule writes every go block of the README into a package of its own in a new module
// that requires what the tools module requires (the SDK by a replace, otelhttp, …), and returns
// the module's directory and the blocks, by the package directory each is in.
func readmeModule(t *testing.T) (string, map[string]block) {
	t.Helper()
	root := repoRoot(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := goBlocks(string(readme))
	if err != nil {
		t.Fatalf("README.md: %v", err)
	}
	if len(blocks) == 0 {
		t.Fatal("README.md has no go block: is the extraction right?")
	}
	dir := t.TempDir()
	toolsMod, err := os.ReadFile(filepath.Join(root, "tools", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	mod := strings.Replace(string(toolsMod), "module github.com/fanfare-go/fanfare/tools", "module readme.example", 1)
	mod = strings.Replace(mod, "github.com/fanfare-go/fanfare => ../", "github.com/fanfare-go/fanfare => "+root, 1)
	write(t, filepath.Join(dir, "go.mod"), mod)
	sum, err := os.ReadFile(filepath.Join(root, "tools", "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "go.sum"), string(sum))

	byDir := map[string]block{}
	for _, b := range blocks {
		src, hasTests, err := b.source("README.md")
		if err != nil {
			t.Fatal(err)
		}
		pkg := fmt.Sprintf("line%03d", b.line)
		name := "readme.go"
		if hasTests {
			name = "readme_test.go"
		}
		write(t, filepath.Join(dir, pkg, name), src)
		byDir[pkg] = b
		if b.recipe {
			write(t, filepath.Join(dir, pkg, "recipe_test.go"), recipeTest)
		}
	}
	return dir, byDir
}

// TestREADMEGoBlocksCompile compiles and vets every go block of README.md, and runs the tests
// the blocks declare and the recipes (against the in-process fake).
func TestREADMEGoBlocksCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the README's code; skipped with -short")
	}
	dir, blocks := readmeModule(t)
	if out, err := goCmd(t, dir, "vet", "./..."); err != nil {
		t.Fatalf("go vet of the README's go blocks (%d of them): %v\n%s", len(blocks), err, out)
	}
	out, err := goCmd(t, dir, "test", "-count=1", "./...")
	if err != nil {
		t.Fatalf("go test of the README's go blocks: %v\n%s", err, out)
	}
	if !regexp.MustCompile(`(?m)^ok\s`).MatchString(out) {
		t.Errorf("no README block declares a test that ran: is the clienttest example still there?\n%s", out)
	}
	recipes := 0
	for pkg, b := range blocks {
		if !b.recipe {
			continue
		}
		recipes++
		if !regexp.MustCompile(`(?m)^ok\s+readme.example/` + pkg + `\s`).MatchString(out) {
			t.Errorf("the recipe at README.md:%d did not run:\n%s", b.line, out)
		}
	}
	if recipes == 0 {
		t.Error("README.md has no <!-- recipe --> block: is the extraction right?")
	}
}

// TestREADMEQuickstartExits builds the README's quickstart and runs it against the fake: it
// prints the entries and goes on past one that does not decode (exit 0), and stops with a
// non-zero exit on any other error.
func TestREADMEQuickstartExits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the README's quickstart; skipped with -short")
	}
	dir, blocks := readmeModule(t)
	var pkg string
	for p, b := range blocks {
		if b.section == "Quickstart" && !b.fragment {
			pkg = p
		}
	}
	if pkg == "" {
		t.Fatal("README.md's Quickstart has no whole-program go block")
	}
	exe := filepath.Join(t.TempDir(), "quickstart")
	if out, err := goCmd(t, dir, "build", "-o", exe, "./"+pkg); err != nil {
		t.Fatalf("go build of the quickstart: %v\n%s", err, out)
	}

	s := clienttest.Start(t)
	good := clienttest.Synthetic(2, 1)
	a, _ := json.Marshal(good[0])
	b, _ := json.Marshal(good[1])
	s.Always(clienttest.Fault{Body: []byte("[" + string(a) + `,null,` + string(b) + "]")})
	code, stdout, stderr := runQuickstart(t, exe, "FANFARE_BASE_URL="+s.URL, "FANFARE_SECRET_KEY="+s.SecretKey())
	want := good[0].Consumer.ID + " " + string(good[0].Status) + "\n" + good[1].Consumer.ID + " " + string(good[1].Status) + "\n"
	if code != 0 || stdout != want || !strings.Contains(stderr, "entry 1") {
		t.Errorf("an element that is no entry between two good ones: exit %d, stdout %q, stderr %q; want exit 0, %q, and entry 1 logged",
			code, stdout, stderr, want)
	}

	plain := clienttest.Start(t) // no fault: it checks the key
	plain.AddSyntheticWaitlist("seq_123", 3, 1)
	closed := clienttest.NewServer()
	closed.Close()
	for _, tc := range []struct {
		name string
		env  []string
		want string
	}{
		{"a rejected key", []string{"FANFARE_BASE_URL=" + plain.URL, "FANFARE_SECRET_KEY=sk_test_wrong"}, "401"},
		{"a refused connection", []string{"FANFARE_BASE_URL=" + closed.URL, "FANFARE_SECRET_KEY=" + s.SecretKey()}, "refused"},
		{"no key", []string{"FANFARE_BASE_URL=" + plain.URL}, "secret key"},
	} {
		code, stdout, stderr := runQuickstart(t, exe, tc.env...)
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want a non-zero exit saying %q", tc.name, code, stdout, stderr, tc.want)
		}
	}
}

// runQuickstart runs the quickstart with env (and none of the caller's FANFARE_* variables).
func runQuickstart(t *testing.T, exe string, env ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := contextWithTimeout(t, time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "FANFARE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		code = exitErr.ExitCode()
	case err != nil:
		t.Fatalf("run the quickstart: %v", err)
	}
	return code, out.String(), errOut.String()
}

// goCmd runs the go command in dir (GOWORK off, go.mod updated as needed) and returns its
// combined output.
func goCmd(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := contextWithTimeout(t, 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func write(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}
