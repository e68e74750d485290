package rawjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/fanfare-go/fanfare/internal/codec/sample"
)

var samples = []string{
	`{}`, ` { } `, `[]`, `null`, `0`, `-1.5e+10`, `"s"`, `true`,
	`{"a":1,"b":[1, 2 ,{"c" : null}],"d":"x y\"z\\"}`,
	"{\n  \"id\" : \"e\",\n  \"consumer\" : {\"verificationCode\":\"123456\", \"email\" : \"a@b.c\"},\n  \"consumer\":{\"verification\\u0043ode\":\"654321\"}\n}",
	`{"consumer":{"verificationCode":null},"verificationCode":"top level stays"}`,
	`{"consumer":"not an object","x":{"consumer":{"verificationCode":"1"}}}`,
	`{"k\u00e9y":"\ud83d\ude00","\/":1,"a":{"b":{"c":[[],{}]}},"a":2}`,
	`{"bad utf8 ` + "\xff" + `":"` + "\xfe" + `"}`,
	`{"consumer":{"verificationCode":"1"},"consumer":{"a":1,"verificationCode":"2","verificationCode":3,"b":[{"verificationCode":4}]}}`,
	`{"verificationCode":1,"consumer":{"verificationCode":{"x":1}},"a":[]}`,
	`{"consumer":{}}`, `{"consumer":{"verificationCode":null}}`, `{"a":{"b":1},"consumer":[1]}`,
	`{"consumer":{"x":"a\\\"verificationCode\":1","verificationCode":"\\","y":{"z":[1,{"w":"}"}]}}}`,
	`{"consumer":{"verificationCode":"1","a":2} }`, `{"consumer":{"verificationCode":"1", "a":2}}`,
}

func TestAppendCompactMatchesEncodingJSON(t *testing.T) {
	for _, s := range samples {
		checkCompact(t, []byte(s))
	}
}

func checkCompact(t *testing.T, src []byte) {
	t.Helper()
	got, err := AppendCompact(nil, src)
	var want bytes.Buffer
	if json.Compact(&want, src) != nil {
		return // defined for valid JSON only; it must only not panic
	}
	if err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("%q: compacted to %q (%v), encoding/json %q", src, got, err, want.Bytes())
	}
}

func TestLookupMatchesEncodingJSON(t *testing.T) {
	for _, s := range samples {
		for _, path := range [][]string{{"a"}, {"consumer"}, {"consumer", "verificationCode"}, {"a", "b", "c"}, {"missing"}, {"kéy"}, {"/"}} {
			checkLookup(t, []byte(s), path)
		}
	}
}

// lookupStd is Lookup by encoding/json: maps of raw values, level by level.
func lookupStd(obj []byte, path []string) (json.RawMessage, bool) {
	v := json.RawMessage(obj)
	for _, k := range path {
		var m map[string]json.RawMessage
		if json.Unmarshal(v, &m) != nil || m == nil {
			return nil, false
		}
		var ok bool
		if v, ok = m[k]; !ok {
			return nil, false
		}
	}
	return v, true
}

func checkLookup(t *testing.T, obj []byte, path []string) {
	t.Helper()
	if !json.Valid(obj) {
		_, _, _ = Lookup(obj, path...)
		return
	}
	got, found, err := Lookup(obj, path...)
	want, wantFound := lookupStd(obj, path)
	if err != nil { // only for a value that is not an object
		if !errors.Is(err, ErrSyntax) || bytes.TrimSpace(obj)[0] == '{' {
			t.Fatalf("%q %q: %v", obj, path, err)
		}
		return
	}
	if found != wantFound || (found && !bytes.Equal(compact(got), compact(want))) {
		t.Fatalf("%q %q: %q found %v (%v), encoding/json %q found %v", obj, path, got, found, err, want, wantFound)
	}
}

func compact(b []byte) []byte {
	var out bytes.Buffer
	_ = json.Compact(&out, b)
	return out.Bytes()
}

func TestAppendWithoutMatchesEncodingJSON(t *testing.T) {
	for _, s := range samples {
		checkWithout(t, []byte(s), []string{"consumer", "verificationCode"})
		checkWithout(t, []byte(s), []string{"a"})
	}
	got, err := AppendWithout([]byte("prefix"), []byte(samples[9]), "consumer", "verificationCode")
	if err != nil || bytes.Contains(got, []byte("123456")) || bytes.Contains(got, []byte("654321")) || !bytes.HasPrefix(got, []byte("prefix{")) {
		t.Fatalf("%s (%v)", got, err)
	}
}

// withoutStd deletes path from v, a decoded JSON value, as AppendWithout leaves it out.
func withoutStd(v any, path []string) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	if len(path) == 1 {
		delete(m, path[0])
	} else if next, ok := m[path[0]]; ok {
		m[path[0]] = withoutStd(next, path[1:])
	}
	return m
}

func checkWithout(t *testing.T, obj []byte, path []string) {
	t.Helper()
	got, err := AppendWithout(nil, obj, path...)
	var orig any
	if json.Unmarshal(obj, &orig) != nil {
		return
	}
	if _, isObj := orig.(map[string]any); !isObj {
		if err == nil {
			t.Fatalf("%q: not an object, but AppendWithout gave %q", obj, got)
		}
		return
	}
	var back any
	if err != nil || json.Unmarshal(got, &back) != nil || !reflect.DeepEqual(back, withoutStd(orig, path)) {
		t.Fatalf("%q without %q: %q (%v)", obj, path, got, err)
	}
	if !json.Valid(got) || bytes.ContainsAny(got, "\n\r\t") {
		t.Fatalf("%q: output %q is not compact JSON", obj, got)
	}
	if slow, _ := appendFiltered(nil, obj, path); !bytes.Equal(got, slow) {
		t.Fatalf("%q without %q: %q, compacting byte by byte %q", obj, path, got, slow)
	}
}

func FuzzRawJSON(f *testing.F) {
	for _, s := range samples {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkCompact(t, b)
		checkLookup(t, b, []string{"consumer", "verificationCode"})
		checkLookup(t, b, []string{"a"})
		checkWithout(t, b, []string{"consumer", "verificationCode"})
	})
}

func BenchmarkAppendWithout(b *testing.B) {
	raw := sample.Entry(nil, 3, 1)
	b.SetBytes(int64(len(raw)))
	var dst []byte
	for b.Loop() {
		dst, _ = AppendWithout(dst[:0], raw, "consumer", "verificationCode")
	}
}

func BenchmarkAppendCompact(b *testing.B) {
	raw := sample.Entry(nil, 3, 1)
	b.SetBytes(int64(len(raw)))
	var dst []byte
	for b.Loop() {
		dst, _ = AppendCompact(dst[:0], raw)
	}
}

// An entry as the API sends it, compact, is cut in one walk, not compacted byte by byte.
func TestAppendWithoutCutsCompactEntriesInOneWalk(t *testing.T) {
	raw := sample.Entry(nil, 3, 1)
	out, end, err := appendCut(nil, raw, 0, redactedPath)
	if err != nil || end != len(raw) {
		t.Fatalf("appendCut: end %d of %d, %v", end, len(raw), err)
	}
	if bytes.Contains(out, []byte(`"verificationCode":`)) || len(out) >= len(raw) {
		t.Fatalf("the verification code was not left out: %s", out)
	}
	if out, end, err := appendCut(nil, []byte(`{"a":{"b":[1]}}`), 5, nil); err != nil || end != 14 || string(out) != `{"b":[1]}` {
		t.Errorf("with no path: %s, end %d, %v; want the object whole", out, end, err)
	}
	for _, s := range []string{`{"a":1 }`, `{ "a":1}`, `{"a":[1, 2]}`, `{"a": 1}`} {
		if _, _, err := appendCut(nil, []byte(s), 0, []string{"a"}); !errors.Is(err, errNotCompact) {
			t.Errorf("%s: %v, want errNotCompact", s, err)
		}
	}
}

var redactedPath = []string{"consumer", "verificationCode"}
