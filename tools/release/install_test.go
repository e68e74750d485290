package release

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"

	"github.com/fanfare-go/fanfare/client"
)

const modulePath = "github.com/fanfare-go/fanfare"

// TestGoInstallAtAVersionReportsIt publishes this tree as version v<client.Version> on a module
// proxy in a directory, installs the CLI from it the way the README says
// (go install github.com/fanfare-go/fanfare/cmd/fanfare@vX), and runs fanfare --version.
func TestGoInstallAtAVersionReportsIt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CLI from a module proxy; skipped with -short")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	tag := "v" + client.Version
	proxy := t.TempDir()
	publish(t, proxy, root, tag)

	realCache := goEnv(t, "GOMODCACHE")
	bin := t.TempDir()
	install := exec.CommandContext(t.Context(), "go", "install", modulePath+"/cmd/fanfare@"+tag)
	install.Dir = t.TempDir()
	install.Env = append(os.Environ(),
		"GOWORK=off",
		"GOBIN="+bin,
		// A module cache of its own, so the shared one never holds this made-up release; the
		// runtime and its needs come from the shared cache's downloads, with no network.
		"GOMODCACHE="+t.TempDir(),
		"GOFLAGS=-modcacherw",
		"GOPROXY=file://"+filepath.ToSlash(proxy)+",file://"+filepath.ToSlash(filepath.Join(realCache, "cache", "download")),
		"GOSUMDB=off",
	)
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install %s/cmd/fanfare@%s: %v\n%s", modulePath, tag, err, out)
	}
	exe := filepath.Join(bin, "fanfare")
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	out, err := exec.CommandContext(t.Context(), exe, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("fanfare --version: %v\n%s", err, out)
	}
	want := "fanfare " + tag + " (" + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + ")\n"
	if string(out) != want {
		t.Errorf("fanfare --version of the installed CLI:\n got %q\nwant %q", out, want)
	}
}

// publish lays out the module in dir as version tag in the GOPROXY protocol's file layout:
// @v/list, @v/TAG.info, @v/TAG.mod and @v/TAG.zip.
func publish(t *testing.T, proxy, dir, tag string) {
	t.Helper()
	v := filepath.Join(proxy, filepath.FromSlash(modulePath), "@v")
	if err := os.MkdirAll(v, 0o755); err != nil {
		t.Fatal(err)
	}
	info, err := json.Marshal(struct {
		Version string
		Time    time.Time
	}{tag, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(v, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("list", []byte(tag+"\n"))
	write(tag+".info", info)
	write(tag+".mod", mod)
	f, err := os.Create(filepath.Join(v, tag+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	if err := zip.CreateFromDir(f, module.Version{Path: modulePath, Version: tag}, dir); err != nil {
		_ = f.Close()
		t.Fatalf("zip the module: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func goEnv(t *testing.T, name string) string {
	t.Helper()
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}
