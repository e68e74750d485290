package client_test

// Field-level tolerance: a member whose value its typed field cannot hold costs neither the
// entry nor the value. The cases are generated from gen's types (every typed member of the
// entry, of its consumer and of the coordinates, times a value of every JSON type) and go
// through the streaming client under every read pattern, against encoding/json's reading.

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// oddValues are one or more values of every JSON type, among them the surprises the API has sent
// or may send: a date-time that is not RFC 3339, a number as a string, exotic numbers.
var oddValues = []string{
	`"2025-01-01 00:00:00"`, `"7"`, `"x"`, `""`, `7`, `-0`, `1.5`, `12345678901234567891`, `1e400`,
	`true`, `false`, `null`, `{}`, `{"a":1}`, `[]`, `["a",1]`,
}

// member is one typed member of the entry, found by walking gen's types.
type member struct {
	path []string     // JSON names from the entry
	typ  reflect.Type // its Go field's type
}

func (m member) String() string { return strings.Join(m.path, ".") }

// typedMembers lists every typed member of t and of the objects nested in it (struct types
// with AdditionalProperties), by their JSON tags.
func typedMembers(t reflect.Type, prefix []string) []member {
	var out []member
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		path := append(append([]string(nil), prefix...), name)
		out = append(out, member{path, f.Type})
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft.Kind() != reflect.Struct {
			continue
		}
		if _, ok := ft.FieldByName("AdditionalProperties"); ok {
			out = append(out, typedMembers(ft, path)...)
		}
	}
	return out
}

// fieldCase is one entry of the table: a clean entry with one member set to one value.
type fieldCase struct {
	m     member
	value string
	fits  bool // whether the field holds the value (encoding/json decodes it, numbers exactly)
	raw   []byte
	id    string
}

func fieldCases(t *testing.T) []fieldCase {
	t.Helper()
	clean, err := json.Marshal(clienttest.SyntheticEntry(seqSeed, 0))
	if err != nil {
		t.Fatal(err)
	}
	members := typedMembers(reflect.TypeFor[client.WaitlistConsumer](), nil)
	if len(members) < 60 {
		t.Fatalf("%d typed members found in gen's types", len(members))
	}
	var cases []fieldCase
	for i, m := range members {
		for j, v := range oddValues {
			id := "case-" + strconv.Itoa(i) + "-" + strconv.Itoa(j)
			raw := setMember(t, clean, []string{"id"}, strconv.Quote(id))
			raw = setMember(t, raw, m.path, v)
			if m.String() == "id" {
				id = ""
				if s, err := strconv.Unquote(v); err == nil && json.Valid([]byte(v)) {
					id = s
				}
			}
			cases = append(cases, fieldCase{m: m, value: v, fits: fits(m.typ, v), raw: raw, id: id})
		}
	}
	return cases
}

// setMember returns the object raw with the member at path set to v.
func setMember(t *testing.T, raw []byte, path []string, v string) []byte {
	t.Helper()
	var o map[string]json.RawMessage
	if err := json.Unmarshal(raw, &o); err != nil {
		t.Fatal(err)
	}
	if len(path) == 1 {
		o[path[0]] = json.RawMessage(v)
	} else {
		o[path[0]] = setMember(t, o[path[0]], path[1:], v)
	}
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fits is the rule, told independently of the SDK: a field holds a value when encoding/json
// decodes it into the field's type, with numbers in free-form values as json.Number (UseNumber).
func fits(typ reflect.Type, v string) bool {
	dec := json.NewDecoder(strings.NewReader(v))
	dec.UseNumber()
	return dec.Decode(reflect.New(typ).Interface()) == nil
}

// memberAt returns the JSON of the member at path in the object raw.
func memberAt(raw []byte, path []string) (json.RawMessage, bool) {
	var o map[string]json.RawMessage
	if json.Unmarshal(raw, &o) != nil {
		return nil, false
	}
	v, ok := o[path[0]]
	if !ok || len(path) == 1 {
		return v, ok
	}
	return memberAt(v, path[1:])
}

func TestFieldErrorsCostNeitherTheEntryNorTheValue(t *testing.T) {
	t.Parallel()
	cases := fieldCases(t)
	misfits := 0
	for _, c := range cases {
		if !c.fits {
			misfits++
		}
	}
	if misfits < len(cases)/2 {
		t.Fatalf("only %d of %d cases hold a value their field cannot", misfits, len(cases))
	}
	body := []byte("[")
	for i, c := range cases {
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, c.raw...)
	}
	body = append(body, ']')
	underEveryReadPattern(t, body, func(t *testing.T, pattern int, steps []step) {
		if pattern != 0 {
			return // the same entries as encoding/json's, so as pattern 0's
		}
		for k, c := range cases {
			checkFieldCase(t, c, steps[k].entry, steps[k].err)
		}
	})
}

// underEveryReadPattern serves body, streams it through the client under every read pattern,
// checks each run against encoding/json's reading, then calls check with its steps.
func underEveryReadPattern(t *testing.T, body []byte, check func(t *testing.T, pattern int, steps []step)) {
	t.Helper()
	hs := startHandler(t, plainHTTP, func(w http.ResponseWriter, _ *http.Request) { serveJSON(w, body) })
	for i, rp := range readPatterns {
		t.Run(rp.name, func(t *testing.T) {
			c := hs.client(t, client.WithMiddleware(rp.middleware(uint64(i))), client.WithMaxRetries(0))
			var steps []step
			for e, err := range c.WaitlistConsumers(scenarioContext(t), seq) {
				steps = append(steps, step{e, err})
			}
			wantReference(t, steps, body)
			check(t, i, steps)
		})
	}
}

func checkFieldCase(t *testing.T, c fieldCase, e client.WaitlistConsumer, err error) {
	t.Helper()
	name := c.m.String() + " = " + c.value
	if err != nil {
		t.Fatalf("%s: the entry was not delivered: %v", name, err)
	}
	fes := client.FieldErrors(e)
	if c.fits {
		if fes != nil {
			t.Errorf("%s: field errors %v for a value its field holds", name, fes)
		}
		return
	}
	if len(fes) != 1 {
		t.Fatalf("%s: field errors %v, want one", name, fes)
	}
	fe := fes[0]
	if fe.Path != c.m.String() || string(fe.Value) != c.value || fe.EntryID != c.id || fe.Err == nil {
		t.Errorf("%s: field error %+v (id %q)", name, fe, c.id)
	}
	if !strings.Contains(fe.Error(), c.m.String()) {
		t.Errorf("%s: %q does not name the member", name, fe.Error())
	}
	out, err := json.Marshal(e)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if got, ok := memberAt(out, c.m.path); !ok || string(got) != c.value {
		t.Errorf("%s: re-encoded as %s", name, got)
	}
	if got, ok := getAt(e, c.m.path); !ok || string(got) != c.value {
		t.Errorf("%s: Get gives %s, %v", name, got, ok)
	}
	// Every other member is as in the clean entry.
	var o1, o2 map[string]any
	_ = json.Unmarshal(out, &o1)
	_ = json.Unmarshal(c.raw, &o2)
	deleteAt(o1, c.m.path)
	deleteAt(o2, c.m.path)
	if !reflect.DeepEqual(o1, o2) {
		t.Errorf("%s: the other members changed:\n got %v\nwant %v", name, o1, o2)
	}
}

// getAt reads the member at path with the Get of the object holding it, found by walking the Go
// structs by their fields' JSON names (so a nested object a new spec adds is reached too).
func getAt(e client.WaitlistConsumer, path []string) (json.RawMessage, bool) {
	v := reflect.ValueOf(e)
	for _, name := range path[:len(path)-1] {
		if v = structOf(v); !v.IsValid() {
			return nil, false
		}
		fields := reflect.VisibleFields(v.Type())
		i := slices.IndexFunc(fields, func(f reflect.StructField) bool {
			tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			return tag == name
		})
		if i < 0 {
			return nil, false
		}
		v = v.FieldByIndex(fields[i].Index)
	}
	if v = structOf(v); !v.IsValid() {
		return nil, false
	}
	get := v.MethodByName("Get")
	if !get.IsValid() {
		return nil, false
	}
	out := get.Call([]reflect.Value{reflect.ValueOf(path[len(path)-1])})
	return json.RawMessage(out[0].Bytes()), out[1].Bool()
}

// structOf follows pointers to the struct v holds: the zero Value when one is nil.
func structOf(v reflect.Value) reflect.Value {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

func deleteAt(o map[string]any, path []string) {
	if len(path) == 1 {
		delete(o, path[0])
		return
	}
	if sub, ok := o[path[0]].(map[string]any); ok {
		deleteAt(sub, path[1:])
	}
}

func TestFieldErrorsOfACleanEntryAreNil(t *testing.T) {
	for i, e := range clienttest.Synthetic(200, seqSeed) {
		if fes := client.FieldErrors(e); fes != nil {
			t.Fatalf("entry %d: %v", i, fes)
		}
	}
}

func TestFieldErrorReasons(t *testing.T) {
	var e client.WaitlistConsumer
	raw := `{"id":"e1","consumer":{"createdAt":"2025-01-01 00:00:00","totalOrders":"7","metadata":{"shopifyId":12345678901234567891}},"status":5}`
	if err := json.Unmarshal([]byte(raw), &e); err != nil {
		t.Fatal(err)
	}
	fes := client.FieldErrors(e)
	var paths []string
	for _, fe := range fes {
		paths = append(paths, fe.Path)
	}
	if want := "status consumer.createdAt consumer.totalOrders"; strings.Join(paths, " ") != want {
		t.Fatalf("paths %v, want %s", paths, want)
	}
	var syn *json.UnmarshalTypeError
	var perr *time.ParseError
	if !errors.As(fes[0].Err, &syn) || !errors.As(fes[1].Err, &perr) || !errors.As(fes[2].Err, &syn) {
		t.Errorf("reasons %v, %v, %v", fes[0].Err, fes[1].Err, fes[2].Err)
	}
	out, _ := json.Marshal(e)
	for _, want := range []string{`"createdAt":"2025-01-01 00:00:00"`, `"totalOrders":"7"`, `"shopifyId":12345678901234567891`, `"status":5`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("re-encoded %s lacks %s", out, want)
		}
	}
}

func TestFieldErrorOfAMemberSetByItsFieldsName(t *testing.T) {
	var e client.WaitlistConsumer
	e.ID = "e1"
	e.Set("status", json.RawMessage(`"waitlisted"`))
	fes := client.FieldErrors(e)
	if len(fes) != 1 || fes[0].Path != "status" || !errors.Is(fes[0], client.ErrSetByName) {
		t.Fatalf("field errors %v, want status set by name", fes)
	}
}

// exoticNumbers are numbers a float64 holds exactly or not, spelt in every way JSON allows.
var exoticNumbers = []string{
	`12345678901234567891`, `1e400`, `-1e400`, `1e-400`, `-0`, `0`, `-0.0`, `1.5e-07`, `1E3`, `12.50`,
	`0.1`, `-1.7976931348623157e308`, `123456789.123456789`, `9007199254740993`, `5e-324`,
}

// TestExoticNumbersComeBackExactly: in unknown members and in metadata every number comes back
// byte for byte, under every read pattern; in Go a metadata number is its text, a json.Number.
func TestExoticNumbersComeBackExactly(t *testing.T) {
	t.Parallel()
	var elems []string
	for i, n := range exoticNumbers {
		elems = append(elems, `{"id":"n`+strconv.Itoa(i)+`","x":`+n+`,"y":[`+n+`,{"z":`+n+`}],"consumer":{"metadata":{"v":`+n+`,"w":[1,`+n+`]},"q":`+n+`}}`)
	}
	body := []byte("[" + strings.Join(elems, ",") + "]")
	underEveryReadPattern(t, body, func(t *testing.T, _ int, steps []step) {
		for k, n := range exoticNumbers {
			e := steps[k].entry
			if fes := client.FieldErrors(e); fes != nil {
				t.Errorf("%s: field errors %v", n, fes)
			}
			if got := e.Consumer.Metadata["v"]; got != json.Number(n) {
				t.Errorf("%s: metadata value %#v, want json.Number(%q)", n, got, n)
			}
			out, err := json.Marshal(e)
			if err != nil {
				t.Fatalf("%s: %v", n, err)
			}
			for _, p := range [][]string{{"x"}, {"y"}, {"consumer", "q"}, {"consumer", "metadata"}} {
				want, _ := memberAt([]byte(elems[k]), p)
				if got, _ := memberAt(out, p); string(got) != string(want) {
					t.Errorf("%s: member %v re-encoded as %s, want %s", n, p, got, want)
				}
			}
		}
	})
}

// BenchmarkFieldErrors is the cost of asking about an entry that has no field errors, as the
// CLI does for every entry it exports.
func BenchmarkFieldErrors(b *testing.B) {
	entries := clienttest.Synthetic(1000, seqSeed)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if client.FieldErrors(entries[i%len(entries)]) != nil {
			b.Fatal("field errors in a synthetic entry")
		}
	}
}
