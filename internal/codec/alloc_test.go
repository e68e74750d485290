package codec

import (
	"reflect"
	"strings"
	"testing"

	"github.com/fanfare-go/fanfare/gen"
)

// stringKeys returns the JSON keys of t's fields whose type is a string or a pointer to one
// (named string types, the enums, included).
func stringKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft.Kind() != reflect.String {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		keys = append(keys, name)
	}
	return keys
}

// TestRepeatedKeysAreLeftToEncodingJSON: of a key given twice, which value wins is never the
// fast path's decision: it gives up, and the caller decodes the entry with encoding/json (the
// last value wins; client's adversarial suite checks that end to end). Every string field of the
// entry and of its consumer, whichever of the two values is empty, escaped or plain.
func TestRepeatedKeysAreLeftToEncodingJSON(t *testing.T) {
	pairs := [][2]string{
		{`"abc"`, `""`}, {`""`, `"abc"`}, {`"abc"`, `"xyz"`}, {`"a\u00e9"`, `""`}, {`""`, `"a\u00e9"`},
		{`"abc"`, `"\u00e9"`}, {`"\u00e9"`, `"abc"`}, {`"abc"`, `null`},
	}
	wrap := map[reflect.Type]func(string) string{
		reflect.TypeFor[gen.WaitlistConsumer](): func(m string) string { return `{"id":"e1",` + m + `}` },
		reflect.TypeFor[gen.Consumer](): func(m string) string {
			return `{"id":"e1","consumer":{"createdAt":"2025-01-02T03:04:05Z",` + m + `}}`
		},
		reflect.TypeFor[gen.GeoCoordinates](): func(m string) string {
			return `{"consumer":{"lastGeoCoordinates":{` + m + `}}}`
		},
	}
	var d Decoder
	for typ, entry := range wrap {
		keys, values := stringKeys(typ), pairs
		if typ == reflect.TypeFor[gen.GeoCoordinates]() {
			keys, values = []string{"latitude"}, [][2]string{{`1`, `2`}, {`1`, `null`}}
		}
		if len(keys) == 0 {
			t.Fatalf("%v: no fields found", typ)
		}
		for _, k := range keys {
			for _, p := range values {
				raw := entry(`"` + k + `":` + p[0] + `,"` + k + `":` + p[1])
				var e gen.WaitlistConsumer
				if d.DecodeWaitlistConsumer([]byte(raw), &e) {
					t.Errorf("the fast path decided which value wins in %s", raw)
				}
			}
		}
	}
}
