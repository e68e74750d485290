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

// TestDuplicateKeysLastWins: of a key given twice, the last value wins, as in encoding/json,
// whichever of the two values is empty, escaped or plain, for every string field of the entry
// and of its consumer. The fast path must decode these itself (not give up), so that the test
// holds it, and not encoding/json, to the rule.
func TestDuplicateKeysLastWins(t *testing.T) {
	pairs := [][2]string{
		{`"abc"`, `""`}, {`""`, `"abc"`}, {`"abc"`, `"xyz"`}, {`"a\u00e9"`, `""`}, {`""`, `"a\u00e9"`},
		{`"abc"`, `"\u00e9"`}, {`"\u00e9"`, `"abc"`},
	}
	wrap := map[reflect.Type]func(string) string{
		reflect.TypeFor[gen.WaitlistConsumer](): func(m string) string { return `{"id":"e1",` + m + `}` },
		reflect.TypeFor[gen.Consumer](): func(m string) string {
			return `{"id":"e1","consumer":{"createdAt":"2025-01-02T03:04:05Z",` + m + `}}`
		},
	}
	var d Decoder
	for typ, entry := range wrap {
		keys := stringKeys(typ)
		if len(keys) < 5 {
			t.Fatalf("%v: only %d string fields found: %v", typ, len(keys), keys)
		}
		for _, k := range keys {
			for _, p := range pairs {
				raw := entry(`"` + k + `":` + p[0] + `,"` + k + `":` + p[1])
				if !checkDecode(t, &d, []byte(raw)) {
					t.Errorf("the fast path gave up on %s", raw)
				}
			}
		}
	}
}
