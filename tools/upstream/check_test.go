package upstream

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// root is the repository's root, from this package's directory.
const root = "../.."

// TestCheckRepo is `upstream check` on this repository: the lock matches the pinned slice, and
// api/openapi.yaml covers it but for the allowlist's entries, each of which is still needed.
func TestCheckRepo(t *testing.T) {
	findings, err := CheckRepo(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Errorf("finding: %s", f)
	}
}

// TestCheckNewerUpstream checks the spec against the newest published version, with the
// repository's allowlist: every change of v7 that the spec does not absorb yet is one finding.
func TestCheckNewerUpstream(t *testing.T) {
	spec, err := LoadSpec(context.Background(), filepath.Join(root, SpecFile))
	if err != nil {
		t.Fatal(err)
	}
	allow, err := ReadAllowlist(filepath.Join(root, PinDir, AllowlistFile))
	if err != nil {
		t.Fatal(err)
	}
	got := lines(applyAllowlist(Check(readSlice(t, v7), spec), allow))
	if specHas(t, "marketingEmailOptOut") {
		t.Skip("the spec follows v7 already: TestCheckRepo covers it")
	}
	want := []string{
		ok200 + `.properties.consumer.properties.marketingEmailOptOut: missing: property (boolean, default false) not in the spec`,
		bad + `.properties.path.items.properties.input: extra: property (any) not published`,
		bad + `.properties.path.items.required.input: required-extra: spec required, published optional`,
		bad + `.properties.received: extra: property (string) not published`,
		bad + `.required.received: required-extra: spec required, published optional`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Check(v7):\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestCheckFindsEachDifference edits the spec's view of v6 and expects one finding each.
func TestCheckFindsEachDifference(t *testing.T) {
	spec, err := LoadSpec(context.Background(), filepath.Join(root, SpecFile))
	if err != nil {
		t.Fatal(err)
	}
	consumer := func(s *Slice) map[string]any {
		return dig(t, s.PathItem, "get", "responses", "200", "content", "application/json", "schema", "items", "properties", "consumer", "properties")
	}
	base := len(Check(readSlice(t, v6), spec))
	for _, tc := range []struct {
		edit func(*Slice)
		want string
	}{
		{func(s *Slice) { consumer(s)["aov"].(map[string]any)["pattern"] = `^\d+$` }, `.properties.consumer.properties.aov.pattern: pattern: published ^\d+$, spec ^\d{1,12}(\.\d{1,8})?$`},
		{func(s *Slice) { consumer(s)["smsOptOut"].(map[string]any)["default"] = true }, `.properties.consumer.properties.smsOptOut.default: default: published true, spec false`},
		{func(s *Slice) { consumer(s)["id"].(map[string]any)["format"] = "ulid" }, `.properties.consumer.properties.id.format: format: published ulid, spec uuid`},
		{func(s *Slice) { consumer(s)["archived"] = map[string]any{"type": []any{"boolean", "null"}} }, `.properties.consumer.properties.archived: type: published boolean|null, spec boolean`},
		{func(s *Slice) {
			st := consumer(s)["status"].(map[string]any)
			st["enum"] = append(st["enum"].([]any), "BANNED")
		}, `.properties.consumer.properties.status.enum.BANNED: enum-missing: published value "BANNED" not in the spec`},
	} {
		s := readSlice(t, v6)
		tc.edit(s)
		got := lines(Check(s, spec))
		if len(got) != base+1 || !containsLine(got, ok200+tc.want) {
			t.Errorf("want one more finding %s, got:\n%s", ok200+tc.want, strings.Join(got, "\n"))
		}
	}
}

// TestCheckRepoFailures checks the lock's hash and stale allowlist entries, in a copy of the
// pin.
func TestCheckRepoFailures(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{SpecFile, filepath.Join(PinDir, LockFile), filepath.Join(PinDir, SliceFile), filepath.Join(PinDir, AllowlistFile)} {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == filepath.Join(PinDir, SliceFile) {
			edited := strings.Replace(string(data), `"Get a page of waitlist`, `"Get one page of waitlist`, 1)
			if edited == string(data) {
				t.Fatal("the pinned slice's description is not the one this test edits: update the test")
			}
			data = []byte(edited)
		}
		if name == filepath.Join(PinDir, AllowlistFile) {
			data = append(data, "missing $.pathItem.get.responses.418 A teapot.\n"...)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	findings, err := CheckRepo(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(lines(findings), "\n")
	if len(findings) != 2 ||
		!strings.Contains(got, "$: hash: api/upstream/slice.json hashes to ") ||
		!strings.Contains(got, "$.pathItem.get.responses.418: stale: allowlist line ") {
		t.Errorf("findings:\n%s\nwant a hash finding and a stale entry", got)
	}
}

// TestParseAllowlist checks the allowlist's syntax errors.
func TestParseAllowlist(t *testing.T) {
	for _, bad := range []string{
		"extra $.pathItem.get.responses.404\n",             // no reason
		"surplus $.pathItem.get.responses.404 A reason.\n", // no such kind
		"extra pathItem.get A reason.\n",                   // no $
	} {
		if _, err := ParseAllowlist([]byte(bad)); err == nil {
			t.Errorf("ParseAllowlist(%q): no error", bad)
		}
	}
	list, err := ParseAllowlist([]byte("# comment\n\nextra $.a[\"b c\"] Because  it is.\n"))
	if err != nil || len(list) != 1 || list[0].Reason != "Because  it is." || list[0].Pattern.String() != `$.a["b c"]` {
		t.Errorf("ParseAllowlist: %v, %v", list, err)
	}
}

func containsLine(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func specHas(t *testing.T, word string) bool {
	data, err := os.ReadFile(filepath.Join(root, SpecFile))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Contains(string(data), word)
}
