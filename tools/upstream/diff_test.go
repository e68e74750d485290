package upstream

import (
	"bytes"
	"strings"
	"testing"
)

// The three published versions of the endpoint, oldest first, as copied from fanfare-io/docs
// (shared/reference/upstream).
const (
	v5 = "testdata/admin-api-v5-f461dc81.json"
	v6 = "testdata/admin-api-v6-055b707c.json"
	v7 = "testdata/admin-api-v7-ee62cd72.json"
)

const (
	ok200 = `$.pathItem.get.responses.200.content["application/json"].schema.items`
	bad   = `$.pathItem.get.responses.400.content["application/json"].schema.properties.issues.items`
)

// TestDiffReplaysUpstream replays Fanfare's published history of the endpoint and checks every
// change the diff reports, and its verdict.
func TestDiffReplaysUpstream(t *testing.T) {
	for _, tc := range []struct {
		old, next string
		want      []string
		code      int
	}{
		{v5, v6, []string{
			ok200 + `.properties.status.enum.entered: enum value removed`,
			ok200 + `.properties.status.enum.converted: enum value added`,
			ok200 + `.properties.status.enum.waitlisted: enum value added`,
			bad + `.properties.path.items.properties.key: type changed from string to number|string`,
		}, DiffBreaking},
		{v6, v7, []string{
			bad + `.properties.path.items.properties.input: property removed (any)`,
			bad + `.properties.received: property removed (string)`,
			`$.pathItem.get.description: description changed from "Get all waitlist consumers for a sequence" to "Get a page of waitlist consumers for a sequence"`,
			ok200 + `.properties.consumer.properties.marketingEmailOptOut: property added (boolean, default false)`,
			bad + `.properties.path.items.required.input: no longer required`,
			bad + `.required.received: no longer required`,
		}, DiffBreaking},
		{v7, v7, nil, DiffSame},
	} {
		changes := Diff(readSlice(t, tc.old), readSlice(t, tc.next))
		got := lines(changes)
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("Diff(%s, %s):\n%s\nwant:\n%s", tc.old, tc.next, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
		if code := DiffCode(changes); code != tc.code {
			t.Errorf("DiffCode(%s, %s) = %d, want %d", tc.old, tc.next, code, tc.code)
		}
	}
}

// TestDiffBreakingVerdicts checks which single changes are breaking, on edits of v6.
func TestDiffBreakingVerdicts(t *testing.T) {
	consumer := func(s *Slice) map[string]any {
		return dig(t, s.PathItem, "get", "responses", "200", "content", "application/json", "schema", "items", "properties", "consumer")
	}
	for _, tc := range []struct {
		name string
		edit func(*Slice)
		want bool
	}{
		{"required added", func(s *Slice) {
			c := consumer(s)
			c["required"] = append(c["required"].([]any), "email")
		}, true},
		{"type narrowed", func(s *Slice) {
			dig(t, consumer(s), "properties")["fullName"] = map[string]any{"type": "string"}
		}, true},
		{"type widened", func(s *Slice) {
			dig(t, consumer(s), "properties")["createdBy"] = map[string]any{"type": []any{"string", "null"}}
		}, false},
		{"status removed", func(s *Slice) {
			delete(dig(t, s.PathItem, "get", "responses"), "403")
		}, true},
		{"status added", func(s *Slice) {
			dig(t, s.PathItem, "get", "responses")["404"] = map[string]any{"description": "Not found"}
		}, false},
		{"server described anew", func(s *Slice) {
			s.Servers[0].(map[string]any)["description"] = "Production (EU)"
		}, false},
		{"a tag added (not itemised)", func(s *Slice) {
			g := dig(t, s.PathItem, "get")
			g["tags"] = append(g["tags"].([]any), "Waitlists")
		}, false},
		{"optional parameter added", func(s *Slice) {
			g := dig(t, s.PathItem, "get")
			g["parameters"] = append(g["parameters"].([]any), map[string]any{"in": "query", "name": "cursor", "schema": map[string]any{"type": "string"}})
		}, false},
	} {
		old, next := readSlice(t, v6), readSlice(t, v6)
		tc.edit(next)
		changes := Diff(old, next)
		if len(changes) != 1 || changes[0].Breaking != tc.want {
			t.Errorf("%s: %v, want one change with Breaking %t", tc.name, changes, tc.want)
		}
		want := DiffCompatible
		if tc.want {
			want = DiffBreaking
		}
		if code := DiffCode(changes); code != want {
			t.Errorf("%s: DiffCode = %d, want %d", tc.name, code, want)
		}
	}
}

// TestReport checks the Markdown report's shape.
func TestReport(t *testing.T) {
	old, next := readSlice(t, v6), readSlice(t, v7)
	var b bytes.Buffer
	if err := WriteReport(&b, old, next, Diff(old, next)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"## Upstream changes to `GET /sequences/{sequenceId}/waitlist/consumers`\n\nFrom `fanfare-io/docs@055b707c91f6` to `fanfare-io/docs@ee62cd729258`.\n\n### Can break a client\n\n- `" + bad + ".properties.path.items.properties.input`: property removed (any)\n",
		"### Compatible\n\n- `$.pathItem.get.description`: description changed",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
	b.Reset()
	if err := WriteReport(&b, next, next, nil); err != nil || !strings.Contains(b.String(), "No changes for this endpoint.") {
		t.Errorf("report of no change: %v\n%s", err, b.String())
	}
}

func readSlice(t *testing.T, name string) *Slice {
	t.Helper()
	s, err := ReadSlice(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func lines[T interface{ String() string }](list []T) []string {
	var out []string
	for _, e := range list {
		out = append(out, e.String())
	}
	return out
}

// dig walks nested objects by keys, failing the test when one is missing.
func dig(t *testing.T, m map[string]any, keys ...string) map[string]any {
	t.Helper()
	for _, k := range keys {
		next, ok := m[k].(map[string]any)
		if !ok {
			t.Fatalf("no object at %q", k)
		}
		m = next
	}
	return m
}
