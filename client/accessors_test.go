package client_test

// The generated getters (gen/accessors.gen.go), reached through client's types: each optional
// field's getter returns its value or the zero value, on a nil receiver too, and the string
// timestamps parse in the forms Fanfare's data uses.

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
	"github.com/fanfare-go/fanfare/gen"
)

// TestGettersReturnEveryOptionalField: over synthetic entries (every optional field both set
// and absent), each pointer field's GetX returns *X or the zero value, found by reflection so
// that a field the spec gains is covered once it is generated.
func TestGettersReturnEveryOptionalField(t *testing.T) {
	checked := map[string]bool{}
	for _, e := range clienttest.Synthetic(200, 3) {
		checkGetters(t, reflect.ValueOf(&e), checked)
		checkGetters(t, reflect.ValueOf(&e.Consumer), checked)
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[client.WaitlistConsumer](), reflect.TypeFor[client.Consumer]()} {
		for f := range typ.Fields() {
			if f.Type.Kind() == reflect.Pointer && !checked[typ.Name()+"."+f.Name] {
				t.Errorf("%s.%s: no getter checked", typ.Name(), f.Name)
			}
		}
	}
}

func checkGetters(t *testing.T, v reflect.Value, checked map[string]bool) {
	t.Helper()
	s := v.Elem()
	for i := range s.NumField() {
		f, fv := s.Type().Field(i), s.Field(i)
		if f.Type.Kind() != reflect.Pointer {
			continue
		}
		m := v.MethodByName("Get" + f.Name)
		if !m.IsValid() {
			t.Errorf("%s.%s has no getter", s.Type().Name(), f.Name)
			continue
		}
		got := m.Call(nil)[0]
		var want reflect.Value
		switch {
		case f.Type.Elem().Kind() == reflect.Struct && f.Type.Elem() != reflect.TypeFor[time.Time]():
			want = fv // a struct: the pointer itself
		case fv.IsNil():
			want = reflect.Zero(f.Type.Elem())
		default:
			want = fv.Elem()
		}
		if !reflect.DeepEqual(got.Interface(), want.Interface()) {
			t.Errorf("%s.Get%s() = %v, want %v", s.Type().Name(), f.Name, got, want)
		}
		checked[s.Type().Name()+"."+f.Name] = true
	}
}

func TestGettersAreSafeOnANilReceiver(t *testing.T) {
	var e *client.WaitlistConsumer
	var c *client.Consumer
	if e.GetNotifiedAt() != "" || c.GetEmail() != "" || !c.GetLastLoginAt().IsZero() || c.GetLastGeoCoordinates() != nil {
		t.Fatal("a getter on a nil receiver returned something")
	}
	if tm, err := e.GetEnteredAtTime(); err != nil || !tm.IsZero() {
		t.Fatalf("GetEnteredAtTime on nil = %v, %v", tm, err)
	}
}

func TestTimestampGettersReadFanfaresForms(t *testing.T) {
	want := time.Date(2023, 11, 7, 5, 31, 56, 0, time.UTC)
	for _, s := range []string{
		"2023-11-07T05:31:56Z", "2023-11-07T06:31:56+01:00", "2023-11-07T05:31:56.000Z",
		"2023-11-07 05:31:56", "2023-11-07T05:31:56",
	} {
		e := client.WaitlistConsumer{EnteredAt: s, NotifiedAt: &s}
		got, err := e.GetEnteredAtTime()
		if err != nil || !got.Equal(want) {
			t.Errorf("GetEnteredAtTime() of %q = %v, %v; want %v", s, got, err, want)
		}
		if got, err := e.GetNotifiedAtTime(); err != nil || !got.Equal(want) {
			t.Errorf("GetNotifiedAtTime() of %q = %v, %v; want %v", s, got, err, want)
		}
	}
	empty := client.WaitlistConsumer{}
	if got, err := empty.GetNotifiedAtTime(); err != nil || !got.IsZero() {
		t.Errorf("an absent notifiedAt: %v, %v; want the zero time and nil", got, err)
	}
	bad := client.WaitlistConsumer{EnteredAt: "yesterday"}
	_, err := bad.GetEnteredAtTime()
	var tsErr *gen.TimestampError
	if !errors.As(err, &tsErr) || tsErr.Field != "enteredAt" || tsErr.Value != "yesterday" ||
		!strings.Contains(err.Error(), "RFC 3339") {
		t.Fatalf("GetEnteredAtTime() of %q: %v, want a *TimestampError naming enteredAt", bad.EnteredAt, err)
	}
}

// TestTimestampGettersReadTheFakesData: every timestamp of the fake's data parses (the
// space-separated form of entry 7 included), except the reference page's placeholder
// "<string>" of entry 8, which is a *TimestampError.
func TestTimestampGettersReadTheFakesData(t *testing.T) {
	for i, e := range clienttest.Synthetic(300, 5) {
		for name, get := range map[string]func() (time.Time, error){
			"enteredAt": e.GetEnteredAtTime, "notifiedAt": e.GetNotifiedAtTime, "updatedAt": e.GetUpdatedAtTime,
			"consumer.verificationCodeExpiresAt": e.Consumer.GetVerificationCodeExpiresAtTime,
		} {
			tm, err := get()
			var tsErr *gen.TimestampError
			switch {
			case name == "notifiedAt" && e.GetNotifiedAt() == "<string>":
				if !errors.As(err, &tsErr) || tsErr.Value != "<string>" {
					t.Errorf("entry %d: notifiedAt %q: %v, want a *TimestampError", i, e.GetNotifiedAt(), err)
				}
			case err != nil:
				t.Errorf("entry %d: %s: %v", i, name, err)
			case i == 7 && name == "enteredAt" && (tm.IsZero() || strings.Contains(e.EnteredAt, "T")):
				t.Errorf("entry 7: enteredAt %q read as %v, want the space-separated form parsed", e.EnteredAt, tm)
			}
		}
	}
}
