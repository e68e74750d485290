package main

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/fanfare-go/fanfare/gen"
)

// TestGeneratedIsCurrent: the committed decoders are what the generator makes of gen's types
// (make check-generated says the same, slower).
func TestGeneratedIsCurrent(t *testing.T) {
	src, err := Generate(roots)
	if err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile("../../../internal/codec/waitlist.gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(src, have) {
		t.Fatal("internal/codec/waitlist.gen.go is stale: run make generate")
	}
	for _, want := range []string{"func decWaitlistConsumer(", "func decConsumer(", "func decGeoCoordinates(", `case "lastGeoCoordinates":`, "decMap(d, &v.Metadata)"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("generated code lacks %q", want)
		}
	}
}

func TestRefusals(t *testing.T) {
	type notGen struct{ A string }
	if _, err := Generate([]reflect.Type{reflect.TypeFor[notGen]()}); err == nil {
		t.Error("a root outside package gen was accepted")
	}
	if _, err := Generate([]reflect.Type{reflect.TypeFor[gen.ErrorDetail]()}); err == nil || !strings.Contains(err.Error(), "UnknownMember") {
		t.Errorf("a type that drops unknown members was accepted (%v)", err)
	}
	type Inner struct{ B string }
	type embedded struct{ Inner }
	if _, err := jsonFields(reflect.TypeFor[embedded]()); err == nil {
		t.Error("an embedded field was accepted")
	}
	str := reflect.TypeFor[string]()
	clash := reflect.StructOf([]reflect.StructField{ // built at run time: vet refuses the tags in source
		{Name: "A", Type: str, Tag: `json:"x"`},
		{Name: "B", Type: str, Tag: `json:"x"`},
	})
	if _, err := jsonFields(clash); err == nil {
		t.Error("two fields with one JSON name were accepted")
	}
}

func TestJSONFields(t *testing.T) {
	str, num := reflect.TypeFor[string](), reflect.TypeFor[int]()
	s := reflect.StructOf([]reflect.StructField{ // built at run time: vet refuses some tags in source
		{Name: "Plain", Type: str},
		{Name: "Named", Type: str, Tag: `json:"named,omitempty"`},
		{Name: "Skipped", Type: str, Tag: `json:"-"`},
		{Name: "Dash", Type: str, Tag: `json:"-,"`},
		{Name: "Quoted", Type: num, Tag: `json:"quoted,string"`},
		{Name: "Bad", Type: str, Tag: `json:"a\\b"`},
		{Name: "unexported", Type: str, PkgPath: "example.com/p"},
	})
	fields, err := jsonFields(s)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fields {
		name := f.name
		if f.quoted {
			name += ",string"
		}
		got = append(got, name)
	}
	want := []string{"Plain", "named", "-", "quoted,string", "Bad"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("fields %q, want %q", got, want)
	}
}
