package upstream

import (
	"bytes"
	"errors"
	"testing"
)

// TestExtractFromWholeDocument builds a whole published document around v6's path item (with
// neighbours, and a schema moved to components behind a $ref) and extracts the slice from it:
// the same canonical bytes and hash as the slice file, whatever the neighbours say.
func TestExtractFromWholeDocument(t *testing.T) {
	want := readSlice(t, v6)
	whole := wholeDocument(t, v6, "another endpoint", func(doc map[string]any) {
		unauthorized := dig(t, doc, "paths", Endpoint, "get", "responses", "401", "content", "application/json")
		doc["components"].(map[string]any)["schemas"] = map[string]any{"Error": unauthorized["schema"]}
		unauthorized["schema"] = map[string]any{"$ref": "#/components/schemas/Error"}
	})
	got, err := ParseSlice(whole, Endpoint)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Canonical(), want.Canonical()) || got.SHA256() != want.SHA256() {
		t.Fatalf("extracted slice differs from the slice file:\n%s\nwant:\n%s", got.Canonical(), want.Canonical())
	}
	// The stored (indented) form reads back as the same slice.
	again, err := ParseSlice(got.Indented(), Endpoint)
	if err != nil || again.SHA256() != want.SHA256() {
		t.Fatalf("indented slice reads back as %v, %v", again, err)
	}

	if _, err := ParseSlice(whole, "/no/such/path"); !errors.Is(err, ErrNotFound) {
		t.Errorf("ParseSlice of a missing path: %v, want ErrNotFound", err)
	}
	whole = wholeDocument(t, v6, "", func(doc map[string]any) {
		dig(t, doc, "paths", Endpoint, "get")["x-loop"] = map[string]any{"$ref": "#/paths/~1sequences~1{sequenceId}~1waitlist~1consumers/get"}
	})
	if _, err := ParseSlice(whole, Endpoint); err == nil {
		t.Error("ParseSlice of a recursive $ref: no error")
	}
}

// TestCanonicalForm checks the canonical bytes: sorted keys, compact, numbers and non-ASCII
// text as published, no HTML escaping.
func TestCanonicalForm(t *testing.T) {
	s, err := ParseSlice([]byte(`{"pathItem": {"z": 1.50, "a": "<é>"}, "path": "/p"}`), Endpoint)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(s.Canonical()), `{"path":"/p","pathItem":{"a":"<é>","z":1.50}}`+"\n"; got != want {
		t.Errorf("Canonical() = %q, want %q", got, want)
	}
}

// TestPathRoundTrip checks that paths print and parse back, and how patterns match.
func TestPathRoundTrip(t *testing.T) {
	p := Path{"pathItem", "get", "responses", "200", "content", "application/json", "schema", `a "b"`}
	s := p.String()
	if s != `$.pathItem.get.responses.200.content["application/json"].schema["a \"b\""]` {
		t.Errorf("String() = %s", s)
	}
	back, err := ParsePath(s)
	if err != nil || back.String() != s {
		t.Fatalf("ParsePath(%s) = %v, %v", s, back, err)
	}
	for _, tc := range []struct {
		pattern string
		want    bool
	}{
		{`$.pathItem.get.responses.*.content["application/json"].schema["a \"b\""]`, true},
		{`$.pathItem.**.schema["a \"b\""]`, true},
		{`$.**`, true},
		{`$.pathItem.*.schema["a \"b\""]`, false},
		{`$.pathItem.get`, false},
	} {
		pat, err := ParsePath(tc.pattern)
		if err != nil {
			t.Fatal(err)
		}
		if got := pat.Matches(p); got != tc.want {
			t.Errorf("%s matches %s: %t, want %t", tc.pattern, s, got, tc.want)
		}
	}
	for _, bad := range []string{`pathItem`, `$.a b`, `$["x"`, `$.a/b`} {
		if _, err := ParsePath(bad); err == nil {
			t.Errorf("ParsePath(%q): no error", bad)
		}
	}
}
