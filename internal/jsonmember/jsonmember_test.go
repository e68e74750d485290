package jsonmember

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestDecode(t *testing.T) {
	var m map[string]any
	if !Decode([]byte(`{"a":1.50,"b":[1e400,-0]}`), &m) {
		t.Fatal("metadata refused")
	}
	want := map[string]any{"a": json.Number("1.50"), "b": []any{json.Number("1e400"), json.Number("-0")}}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("metadata %#v, want %#v", m, want)
	}
	at := time.Unix(1, 0)
	if Decode([]byte(`"2025-01-01 00:00:00"`), &at) || !at.IsZero() {
		t.Errorf("a date-time that does not parse: %v, want the zero value and false", at)
	}
	n := 5.0
	if Decode([]byte(`"7"`), &n) || n != 0 {
		t.Errorf("a string for a number: %v, want 0 and false", n)
	}
	if !Decode([]byte(`7`), &n) || n != 7 {
		t.Errorf("7 decoded as %v", n)
	}
}
