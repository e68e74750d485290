package main

import (
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestBuildVersion(t *testing.T) {
	info := func(v string) *debug.BuildInfo {
		return &debug.BuildInfo{Main: debug.Module{Path: "github.com/fanfare-go/fanfare", Version: v}}
	}
	for _, tc := range []struct {
		name    string
		release string
		info    *debug.BuildInfo
		ok      bool
		want    string
	}{
		{"go install …@v0.2.0", "", info("v0.2.0"), true, "v0.2.0"},
		{"a build in a git checkout", "", info("v0.1.1-0.20261201120000-0123456789ab+dirty"), true, "v0.1.1-0.20261201120000-0123456789ab+dirty"},
		{"a build without version control", "", info("(devel)"), true, "(devel)"},
		{"no build information", "", nil, false, "(devel)"},
		{"an empty main version", "", info(""), true, "(devel)"},
		{"a release build", "0.3.0", info("(devel)"), true, "v0.3.0"},
		{"a release build given the tag", "v0.3.0", info("v0.3.0"), true, "v0.3.0"},
	} {
		if got := buildVersion(tc.release, tc.info, tc.ok); got != tc.want {
			t.Errorf("%s: buildVersion = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestVersionFlag runs the test binary's --version and compares it with what the go command
// reads from the same binary's build information.
func TestVersionFlag(t *testing.T) {
	out, err := exec.Command("go", "version", "-m", binary).Output()
	if err != nil {
		t.Fatalf("go version -m: %v", err)
	}
	var modVersion string
	for line := range strings.SplitSeq(string(out), "\n") {
		if f := strings.Fields(line); len(f) >= 3 && f[0] == "mod" && f[1] == "github.com/fanfare-go/fanfare" {
			modVersion = f[2]
		}
	}
	if modVersion == "" {
		t.Fatalf("go version -m shows no main module:\n%s", out)
	}
	for _, flagName := range []string{"--version", "-version"} {
		r := cli(t, nil, flagName)
		wantCode(t, r, 0)
		want := "fanfare " + modVersion + " (" + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + ")\n"
		if r.stdout != want || r.stderr != "" {
			t.Errorf("fanfare %s: stdout %q, stderr %q; want stdout %q", flagName, r.stdout, r.stderr, want)
		}
	}
}
