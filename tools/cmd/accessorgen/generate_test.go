package main

import (
	"strings"
	"testing"
)

const sample = `package gen

import "time"

type Entry struct {
	ID        string     ` + "`json:\"id\"`" + `
	EnteredAt string     ` + "`json:\"enteredAt\"`" + `
	NotifiedAt *string   ` + "`json:\"notifiedAt,omitempty\"`" + `
	Seen      *time.Time ` + "`json:\"seen,omitempty\"`" + `
	Geo       *Geo       ` + "`json:\"geo,omitempty\"`" + `
	Rank      int        ` + "`json:\"rank,omitempty\"`" + `
	AdditionalProperties map[string]any ` + "`json:\"-\"`" + `
}

type Geo struct {
	Lat float64 ` + "`json:\"lat\"`" + `
}

type Headers struct {
	XRequestID *string
}
`

func TestGenerateWritesGettersForOptionalFieldsAndTimestamps(t *testing.T) {
	out, err := Generate([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	src := string(out)
	for _, want := range []string{
		"func (x *Entry) GetNotifiedAt() string {",
		"func (x *Entry) GetNotifiedAtTime() (time.Time, error) {",
		"func (x *Entry) GetEnteredAtTime() (time.Time, error) {",
		"func (x *Entry) GetSeen() time.Time {",
		"func (x *Entry) GetGeo() *Geo {",
		`return parseField("enteredAt", x.EnteredAt)`,
	} {
		if !strings.Contains(src, want) {
			t.Errorf("no %q in:\n%s", want, src)
		}
	}
	for _, unwanted := range []string{"GetID()", "GetRank()", "GetXRequestID()", "GetAdditionalProperties()", "GetSeenTime"} {
		if strings.Contains(src, unwanted) {
			t.Errorf("%s generated: required, defaulted, plumbing and time.Time fields have none", unwanted)
		}
	}
}

func TestGenerateRefusesAnotherPackage(t *testing.T) {
	if _, err := Generate([]byte("package client\n")); err == nil {
		t.Fatal("a source that is not package gen was accepted")
	}
}
