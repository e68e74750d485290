package main

// What a newcomer tripped over, through the built binary: the publishable key's sentence, a
// repeated --status, durations without a unit, flags spelled --name, enum-like values in any
// case, a 404 under an overridden base URL, "1 entry", and a separator between watched reads.

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/fanfare-go/fanfare/client/clienttest"
)

func TestPublishableKeyReadsAsASentence(t *testing.T) {
	r := cli(t, []string{"FANFARE_SECRET_KEY=pk_live_abc"}, "waitlist", "consumers", "seq")
	wantCode(t, r, 2)
	wantOneLine(t, r, "FANFARE_SECRET_KEY holds a publishable key (pk_…), which cannot read the Admin API",
		"sk_live_… or sk_test_…")
	if strings.Contains(r.stderr, "pk_live_abc") {
		t.Errorf("the key was printed: %s", r.stderr)
	}
}

func TestRepeatedStatusAndFieldsAdd(t *testing.T) {
	s := clienttest.Start(t)
	s.AddSyntheticWaitlist("seq", 300, 3)
	r := cli(t, against(s), "waitlist", "consumers", "seq", "--status", "notified", "--status", "Converted",
		"--format", "JSONL", "--fields", "id", "--fields", "status")
	wantCode(t, r, 0)
	seen := map[string]int{}
	for line := range strings.Lines(r.stdout) {
		var obj map[string]any
		if err := json.Unmarshal([]byte(line), &obj); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		if _, ok := obj["id"]; !ok || len(obj) != 2 {
			t.Fatalf("line %q, want the fields id and status", line)
		}
		seen[obj["status"].(string)]++
	}
	if seen["notified"] == 0 || seen["converted"] == 0 || len(seen) != 2 {
		t.Fatalf("statuses printed %v, want notified and converted only", seen)
	}
}

func TestEnumLikeFlagValuesInAnyCase(t *testing.T) {
	for _, args := range [][]string{
		{"waitlist", "consumers", "demo", "--demo", "--demo-entries", "3", "--format", "CSV", "--progress", "Never"},
		{"waitlist", "summary", "demo", "--demo", "--demo-entries", "3", "--format", "Json"},
		{"waitlist", "changes", "demo", "--demo", "--demo-entries", "3", "--format", "TABLE", "--state", filepath.Join(t.TempDir(), "s")},
	} {
		r := cli(t, nil, args...)
		wantCode(t, r, 0)
	}
}

func TestDurationFlagsSayWhatTheyExpect(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s")
	for _, tc := range []struct {
		args  []string
		parts []string
	}{
		{[]string{"waitlist", "changes", "seq", "--state", path, "--watch", "5"},
			[]string{`invalid value "5" for flag --watch: a duration needs a unit: 5s, 5m or 5h`}},
		{[]string{"waitlist", "consumers", "seq", "--timeout", "soon"},
			[]string{`invalid value "soon" for flag --timeout: not a duration`, "30s, 5m or 1h30m"}},
		{[]string{"waitlist", "summary", "seq", "--nope"},
			[]string{"flag provided but not defined: --nope"}},
	} {
		r := cli(t, nil, tc.args...)
		wantCode(t, r, 2)
		wantOneLine(t, r, tc.parts...)
		if strings.Contains(r.stderr, " -watch") || strings.Contains(r.stderr, " -timeout") {
			t.Errorf("a flag shown with one dash: %s", r.stderr)
		}
	}
	r := cli(t, nil, "waitlist", "consumers", "--help")
	if !strings.Contains(r.stdout, "--timeout duration") {
		t.Errorf("--help does not show --timeout's value as a duration:\n%s", r.stdout)
	}
}

func TestNotFoundUnderAnOverriddenBaseURLSaysToCheckIt(t *testing.T) {
	s := clienttest.Start(t)
	s.AddSyntheticWaitlist("seq_1", 5, 1)
	root := strings.TrimSuffix(s.URL, "/api")
	key := "FANFARE_SECRET_KEY=" + s.SecretKey()

	r := cli(t, []string{"FANFARE_BASE_URL=" + root, key}, "waitlist", "consumers", "seq_1")
	wantCode(t, r, 1)
	wantOneLine(t, r, `sequence "seq_1" not found (404 Not Found)`, "FANFARE_BASE_URL is "+root, "does not end with /api")

	r = cli(t, []string{"FANFARE_BASE_URL=" + s.URL, key}, "waitlist", "summary", "seq_2")
	wantCode(t, r, 1)
	wantOneLine(t, r, `sequence "seq_2" not found`, "FANFARE_BASE_URL is set to "+s.URL, "check it")
}

func TestSummarySaysOneEntry(t *testing.T) {
	r := cli(t, nil, "waitlist", "summary", "demo", "--demo", "--demo-entries", "1")
	wantCode(t, r, 0)
	if !strings.Contains(r.stdout, "Waitlist of sequence demo: 1 entry\n") {
		t.Errorf("summary of one entry:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, " 1 entries") {
		t.Errorf("\"1 entries\" in:\n%s", r.stdout)
	}
}

// separatorLine is the line that ends each read of a watched table.
var separatorLine = regexp.MustCompile(`^── read at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC: (\d[\d,]*) changes? ──$`)

func TestWatchedTableSeparatesReadsWithTheirTime(t *testing.T) {
	s := clienttest.Start(t)
	s.AddSyntheticWaitlist("seq", 60, 6, clienttest.Evolving(77))
	path := filepath.Join(t.TempDir(), "seq.state")
	ctx, cancel := context.WithTimeout(t.Context(), runDeadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, changesArgs(path, "--watch", "20ms", "--format", "table")...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "FANFARE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, against(s)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	awaitRequests(t, s, 3)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	wantExit0(t, cmd, &stderr)

	reads, rows := 0, 0
	for line := range strings.Lines(stdout.String()) {
		line = strings.TrimSuffix(line, "\n")
		m := separatorLine.FindStringSubmatch(line)
		if m == nil {
			rows++
			continue
		}
		if want := strings.ReplaceAll(m[1], ",", ""); want != strconv.Itoa(rows) {
			t.Errorf("read %d: separator %q after %d rows", reads+1, line, rows)
		}
		reads, rows = reads+1, 0
	}
	if reads != len(s.Requests()) || rows != 0 {
		t.Fatalf("%d separators for %d reads, %d rows after the last:\n%s", reads, len(s.Requests()), rows, stdout.String())
	}
}
