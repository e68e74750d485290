package main

// The changes command, through the built binary against the fake: its output checked against
// an independent comparison of the served lists (by id, with reflect.DeepEqual on the decoded
// entries), its state file checked with the changes package.

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/changes"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// want is one change as the independent comparison finds it.
type want struct {
	kind   string
	id     string
	entry  *client.WaitlistConsumer // added, changed
	status client.WaitlistConsumerStatus
}

// wantedChanges compares two lists: added and changed in cur's order, then removed in old's.
func wantedChanges(old, cur []client.WaitlistConsumer) []want {
	before := map[string]*client.WaitlistConsumer{}
	for i := range old {
		before[old[i].ID] = &old[i]
	}
	now := map[string]bool{}
	var out []want
	for i := range cur {
		e := &cur[i]
		now[e.ID] = true
		o, ok := before[e.ID]
		switch {
		case !ok:
			out = append(out, want{kind: "added", id: e.ID, entry: e})
		case !reflect.DeepEqual(withoutCodes([]client.WaitlistConsumer{*o}), withoutCodes([]client.WaitlistConsumer{*e})):
			out = append(out, want{kind: "changed", id: e.ID, entry: e, status: o.Status})
		}
	}
	for i := range old {
		if !now[old[i].ID] {
			out = append(out, want{kind: "removed", id: old[i].ID, status: old[i].Status})
		}
	}
	return out
}

// changeLines parses jsonl output into its objects, each with exactly the members its kind has.
// A last line without its newline (a run killed mid-write) is left out.
func changeLines(t *testing.T, out string) []map[string]json.RawMessage {
	t.Helper()
	var lines []map[string]json.RawMessage
	for out != "" {
		line, rest, complete := strings.Cut(out, "\n")
		if !complete {
			break
		}
		out = rest
		var m map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("a line of the output is not JSON: %v\n%.300s", err, line)
		}
		lines = append(lines, m)
	}
	return lines
}

// checkChanges fails the test unless the lines are exactly the wanted changes (verification
// codes left out unless sensitive).
func checkChanges(t *testing.T, lines []map[string]json.RawMessage, wants []want, sensitive bool) {
	t.Helper()
	if len(lines) != len(wants) {
		t.Fatalf("%d changes, want %d", len(lines), len(wants))
	}
	for i, w := range wants {
		checkChange(t, i, lines[i], w, sensitive)
	}
}

func checkChange(t *testing.T, i int, line map[string]json.RawMessage, w want, sensitive bool) {
	t.Helper()
	members := map[string][]string{
		"added": {"change", "entry", "id"}, "changed": {"change", "entry", "id", "previous"}, "removed": {"change", "id", "previous"},
	}
	var keys []string
	for k := range line {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var kind, id string
	_ = json.Unmarshal(line["change"], &kind)
	_ = json.Unmarshal(line["id"], &id)
	if kind != w.kind || id != w.id || !slices.Equal(keys, members[w.kind]) {
		t.Fatalf("change %d: %s %s with members %v, want %s %s", i, kind, id, keys, w.kind, w.id)
	}
	if w.entry != nil {
		var got client.WaitlistConsumer
		if err := json.Unmarshal(line["entry"], &got); err != nil {
			t.Fatalf("change %d: entry: %v", i, err)
		}
		wantEntry := *w.entry
		if !sensitive {
			wantEntry = withoutCodes([]client.WaitlistConsumer{wantEntry})[0]
		}
		if !reflect.DeepEqual(got, wantEntry) {
			t.Fatalf("change %d (%s %s): the entry is not the one served", i, kind, id)
		}
	}
	if w.kind != "added" {
		if wantPrev := `{"status":"` + string(w.status) + `"}`; string(line["previous"]) != wantPrev {
			t.Fatalf("change %d (%s %s): previous %s, want %s", i, kind, id, line["previous"], wantPrev)
		}
	}
}

// changesArgs is the command line of a changes run of "seq" with state path.
func changesArgs(path string, extra ...string) []string {
	return append([]string{"waitlist", "changes", "seq", "--state", path}, extra...)
}

// wantState fails the test unless the state file at path holds exactly the entries' ids and
// statuses, in order.
func wantState(t *testing.T, path string, entries []client.WaitlistConsumer) {
	t.Helper()
	st, err := changes.LoadFile(path, "seq")
	if err != nil {
		t.Fatalf("the state file: %v", err)
	}
	if !stateIs(st, entries) {
		t.Fatalf("the state file holds %d entries, not the %d of the list read", st.Len(), len(entries))
	}
}

// stateIs reports whether st holds exactly the entries' ids and statuses, in order.
func stateIs(st *changes.State, entries []client.WaitlistConsumer) bool {
	ids := st.IDs()
	if len(ids) != len(entries) {
		return false
	}
	for i := range entries {
		status, _ := st.Status(ids[i])
		if ids[i] != entries[i].ID || string(status) != `"`+string(entries[i].Status)+`"` {
			return false
		}
	}
	return true
}

// generationOpts select generation k of the tests' changing list.
func generationOpts(k int) []clienttest.SyntheticOption {
	return []clienttest.SyntheticOption{clienttest.Evolving(77), clienttest.WithUnknownMembers(), clienttest.AtGeneration(k)}
}

// generation returns the entries of generation k of the tests' changing list of n entries.
func generation(n, k int) []client.WaitlistConsumer {
	return clienttest.Synthetic(n, 6, generationOpts(k)...)
}

// evolving serves generation k of the tests' changing list as "seq", and returns its entries.
func evolving(s *clienttest.Server, n, k int) []client.WaitlistConsumer {
	s.AddSyntheticWaitlist("seq", n, 6, generationOpts(k)...)
	return generation(n, k)
}

// runDeadline bounds one run of the binary that a test starts by hand.
const runDeadline = 2 * time.Minute

func TestChangesFirstRunAddsEveryEntryThenNothing(t *testing.T) {
	s := clienttest.Start(t)
	entries := evolving(s, 400, 0)
	path := filepath.Join(t.TempDir(), "seq.state")

	r := cli(t, against(s), changesArgs(path)...)
	wantCode(t, r, 0)
	checkChanges(t, changeLines(t, r.stdout), wantedChanges(nil, entries), false)
	wantNoCodes(t, r.stdout, entries)
	if r.stderr != "" {
		t.Errorf("stderr: %s", r.stderr)
	}
	wantState(t, path, entries)

	evolving(s, 400, 0) // the same generation again
	r = cli(t, against(s), changesArgs(path)...)
	wantCode(t, r, 0)
	if r.stdout != "" || r.stderr != "" {
		t.Fatalf("an unchanged list: stdout %.200q, stderr %q", r.stdout, r.stderr)
	}

	sensitive := filepath.Join(t.TempDir(), "seq.state")
	evolving(s, 400, 0)
	r = cli(t, against(s), changesArgs(sensitive, "--include-sensitive")...)
	wantCode(t, r, 0)
	checkChanges(t, changeLines(t, r.stdout), wantedChanges(nil, entries), true)
	if !strings.Contains(r.stdout, `"verificationCode":"`) {
		t.Error("--include-sensitive left the verification codes out")
	}
}

// TestChangesEntriesAreTheBytesSent: each entry of the output parses to exactly the element the
// server sent (numbers as written, unknown members included), less its verification code.
func TestChangesEntriesAreTheBytesSent(t *testing.T) {
	s := clienttest.Start(t)
	path := filepath.Join(t.TempDir(), "seq.state")
	for k := range 3 {
		evolving(s, 300, k)
		served := map[string]map[string]any{}
		for _, el := range servedElements(t, s, "seq") {
			served[el["id"].(string)] = withoutCode(el)
		}
		evolving(s, 300, k) // the GET above took generation k: serve it again
		r := cli(t, against(s), changesArgs(path)...)
		wantCode(t, r, 0)
		n := 0
		for _, line := range changeLines(t, r.stdout) {
			if line["entry"] == nil {
				continue
			}
			got := parseObject(t, line["entry"])
			if !reflect.DeepEqual(got, served[got["id"].(string)]) {
				t.Fatalf("generation %d: the entry %v is not the element sent", k, got["id"])
			}
			n++
		}
		if n == 0 {
			t.Fatalf("generation %d: no entry in the output", k)
		}
	}
}

func TestChangesBaselineReportsNothing(t *testing.T) {
	s := clienttest.Start(t)
	g0 := evolving(s, 500, 0)
	path := filepath.Join(t.TempDir(), "seq.state")
	r := cli(t, against(s), changesArgs(path, "--baseline")...)
	wantCode(t, r, 0)
	if r.stdout != "" {
		t.Fatalf("--baseline reported %.200q", r.stdout)
	}
	wantState(t, path, g0)

	g1 := evolving(s, 500, 1)
	r = cli(t, against(s), changesArgs(path)...)
	wantCode(t, r, 0)
	checkChanges(t, changeLines(t, r.stdout), wantedChanges(g0, g1), false)
}

// TestChangesFollowAnEvolvingList: run after run against a list that changes between reads,
// the output is exactly what an independent comparison of the lists finds.
func TestChangesFollowAnEvolvingList(t *testing.T) {
	const n = 1200
	s := clienttest.Start(t)
	s.AddSyntheticWaitlist("seq", n, 6, clienttest.Evolving(77), clienttest.WithUnknownMembers()) // each read the next generation
	path := filepath.Join(t.TempDir(), "seq.state")
	var old []client.WaitlistConsumer
	counts := map[string]int{}
	for k := range 12 {
		cur := clienttest.Synthetic(n, 6, clienttest.Evolving(77), clienttest.WithUnknownMembers(), clienttest.AtGeneration(k))
		r := cli(t, against(s), changesArgs(path)...)
		wantCode(t, r, 0)
		wants := wantedChanges(old, cur)
		checkChanges(t, changeLines(t, r.stdout), wants, false)
		for _, w := range wants {
			counts[w.kind]++
		}
		wantState(t, path, cur)
		old = cur
	}
	if counts["added"] <= n || counts["changed"] == 0 || counts["removed"] == 0 {
		t.Fatalf("the list did not change enough to test anything: %v", counts)
	}
}

func TestChangesEmptyListAndEverythingChanged(t *testing.T) {
	s := clienttest.Start(t)
	path := filepath.Join(t.TempDir(), "seq.state")
	s.AddWaitlist("seq", nil)
	r := cli(t, against(s), changesArgs(path)...)
	wantCode(t, r, 0)
	if r.stdout != "" {
		t.Fatalf("an empty list: %q", r.stdout)
	}
	wantState(t, path, nil)

	entries := clienttest.Synthetic(200, 4)
	s.AddWaitlist("seq", entries)
	r = cli(t, against(s), changesArgs(path)...)
	wantCode(t, r, 0)
	checkChanges(t, changeLines(t, r.stdout), wantedChanges(nil, entries), false)

	changed := slices.Clone(entries)
	for i := range changed {
		changed[i].Consumer.TotalMessages++ // one consumer member, nothing else
	}
	s.AddWaitlist("seq", changed)
	r = cli(t, against(s), changesArgs(path)...)
	wantCode(t, r, 0)
	wants := wantedChanges(entries, changed)
	if len(wants) != len(entries) {
		t.Fatalf("the test changed %d entries of %d", len(wants), len(entries))
	}
	checkChanges(t, changeLines(t, r.stdout), wants, false)

	s.AddWaitlist("seq", nil) // every entry removed: past the default bound
	r = cli(t, against(s), changesArgs(path, "--max-removed", "100%")...)
	wantCode(t, r, 0)
	checkChanges(t, changeLines(t, r.stdout), wantedChanges(changed, nil), false)
	wantState(t, path, nil)
}

func TestChangesTable(t *testing.T) {
	s := clienttest.Start(t)
	g0 := evolving(s, 300, 0)
	path := filepath.Join(t.TempDir(), "seq.state")
	wantCode(t, cli(t, against(s), changesArgs(path, "--baseline")...), 0)
	g1 := evolving(s, 300, 1)
	r := cli(t, against(s), changesArgs(path, "--format", "table")...)
	wantCode(t, r, 0)
	wants := wantedChanges(g0, g1)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != len(wants) {
		t.Fatalf("%d lines, want one per change (%d)", len(lines), len(wants))
	}
	for i, w := range wants {
		fields := strings.Fields(lines[i])
		if len(fields) < 3 || fields[0] != w.kind || fields[1] != w.id {
			t.Fatalf("line %d %q, want %s %s", i, lines[i], w.kind, w.id)
		}
		switch {
		case w.kind == "removed" && fields[3] != string(w.status):
			t.Fatalf("line %d %q: not the status it had (%s)", i, lines[i], w.status)
		case w.kind == "changed" && w.status != w.entry.Status && !strings.Contains(lines[i], string(w.status)+" → "+string(w.entry.Status)):
			t.Fatalf("line %d %q: not the change of status %s → %s", i, lines[i], w.status, w.entry.Status)
		}
	}
	wantNoCodes(t, r.stdout, g1)
}

// TestChangesRefuseABadStateFile: a state file that is corrupt, truncated, another sequence's
// or not a state at all is refused before any request: exit 1, one line, nothing on stdout, the
// file untouched.
func TestChangesRefuseABadStateFile(t *testing.T) {
	s := clienttest.Start(t)
	evolving(s, 200, 0)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.state")
	wantCode(t, cli(t, against(s), changesArgs(good, "--baseline")...), 0)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	s.AddWaitlist("other_seq", nil)
	foreign := filepath.Join(dir, "foreign.state")
	wantCode(t, cli(t, against(s), "waitlist", "changes", "other_seq", "--state", foreign, "--baseline"), 0)
	flipped := bytes.Clone(data)
	flipped[len(flipped)/2] ^= 0x10
	bad := map[string][]byte{
		"corrupt":   flipped,
		"truncated": data[:len(data)-7],
		"empty":     {},
		"text":      []byte("id,status\n"),
	}
	cases := map[string]string{"foreign": "belongs to sequence \"other_seq\", not \"seq\""}
	for name, b := range bad {
		p := filepath.Join(dir, name+".state")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		cases[name] = "is corrupt"
	}
	before := len(s.Requests())
	for name, msg := range cases {
		p := filepath.Join(dir, name+".state")
		orig, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, extra := range [][]string{nil, {"--baseline"}, {"--watch", "1s"}} {
			r := cli(t, against(s), changesArgs(p, extra...)...)
			wantCode(t, r, 1)
			wantOneLine(t, r, msg, p, "left untouched")
			if r.stdout != "" {
				t.Fatalf("%s: stdout %q", name, r.stdout)
			}
			if now, err := os.ReadFile(p); err != nil || !bytes.Equal(now, orig) {
				t.Fatalf("%s: the state file was changed", name)
			}
		}
	}
	if got := len(s.Requests()); got != before {
		t.Fatalf("%d requests with a bad state file", got-before)
	}
	states := 0
	for _, name := range dirEntries(t, dir) {
		if !strings.HasSuffix(name, ".lock") {
			states++
		}
	}
	if states != len(cases)+1 {
		t.Fatalf("the directory holds %v", dirEntries(t, dir))
	}
}

func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestChangesUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"waitlist", "changes", "seq", "--demo"}, "--state FILE is required"},
		{[]string{"waitlist", "changes", "--state", filepath.Join(dir, "s")}, "missing SEQUENCE_ID"},
		{changesArgs(filepath.Join(dir, "s"), "--format", "csv"), `unknown format "csv"`},
		{changesArgs(filepath.Join(dir, "s"), "--watch", "0s"), "--watch needs a duration above zero"},
		{changesArgs(filepath.Join(dir, "s"), "--watch", "soon"), `invalid value "soon" for flag --watch: not a duration`},
		{changesArgs(filepath.Join(dir, "nowhere", "s")), "no directory"},
		{changesArgs(dir), "is a directory"},
	} {
		r := cli(t, nil, c.args...)
		wantCode(t, r, 2)
		if !strings.Contains(r.stderr, c.msg) || r.stdout != "" {
			t.Errorf("%v: stderr %q, want %q", c.args, r.stderr, c.msg)
		}
	}
	r := cli(t, nil, "waitlist", "changes", "--help")
	wantCode(t, r, 0)
	for _, flagName := range []string{"--state", "--baseline", "--format", "--include-sensitive", "--watch", "--demo", "--demo-generation"} {
		if !strings.Contains(r.stdout, flagName) {
			t.Errorf("changes --help does not describe %s", flagName)
		}
	}
}

// TestChangesFailedReadLeavesTheState: a read that fails leaves the state as it was, and the
// next run reports what that one did not confirm.
func TestChangesFailedReadLeavesTheState(t *testing.T) {
	s := clienttest.Start(t)
	g0 := evolving(s, 600, 0)
	path := filepath.Join(t.TempDir(), "seq.state")
	wantCode(t, cli(t, against(s), changesArgs(path, "--baseline")...), 0)
	data, _ := os.ReadFile(path)

	for _, f := range []clienttest.Fault{clienttest.Status(500), clienttest.Truncated(300_000), clienttest.ResetAfter(200_000)} {
		evolving(s, 600, 1)
		s.ClearFaults()
		s.Always(f) // the retries fail too
		r := cli(t, against(s), changesArgs(path)...)
		wantCode(t, r, 1)
		if now, _ := os.ReadFile(path); !bytes.Equal(now, data) {
			t.Fatalf("%+v: the state changed after a failed read", f)
		}
		for _, line := range changeLines(t, r.stdout) { // what was written before the failure
			if _, ok := line["change"]; !ok {
				t.Fatalf("%+v: %v", f, line)
			}
		}
	}
	s.ClearFaults()
	g1 := evolving(s, 600, 1)
	r := cli(t, against(s), changesArgs(path)...)
	wantCode(t, r, 0)
	checkChanges(t, changeLines(t, r.stdout), wantedChanges(g0, g1), false)
}

// TestChangesDuplicatesAndEntriesWithoutID: warned on stderr and left out of the state, the
// others followed; exit 1 once the state is saved.
func TestChangesDuplicatesAndEntriesWithoutID(t *testing.T) {
	s := clienttest.Start(t)
	path := filepath.Join(t.TempDir(), "seq.state")
	s.Enqueue(clienttest.Fault{Body: []byte(`[{"id":"a","status":"waitlisted"},{"id":"a","status":"left"},{"status":"x"},{"id":"b","status":4}]`)})
	r := cli(t, against(s), changesArgs(path)...)
	wantCode(t, r, 1)
	lines := changeLines(t, r.stdout)
	if len(lines) != 2 || string(lines[0]["id"]) != `"a"` || string(lines[1]["id"]) != `"b"` || string(lines[1]["entry"]) != `{"id":"b","status":4}` {
		t.Fatalf("stdout %s", r.stdout)
	}
	for _, msg := range []string{`entry 1 has the id "a" of entry 0`, "entry 2 has no id", "2 waitlist entries could not be followed"} {
		if !strings.Contains(r.stderr, msg) {
			t.Errorf("stderr lacks %q:\n%s", msg, r.stderr)
		}
	}
	st, err := changes.LoadFile(path, "seq")
	if err != nil || !slices.Equal(st.IDs(), []string{"a", "b"}) {
		t.Fatalf("state %v, %v", st.IDs(), err)
	}
	if status, _ := st.Status("a"); string(status) != `"waitlisted"` {
		t.Fatalf("the first of the duplicates was not kept: %s", status)
	}
}
