// Package jsonmember holds the rule by which both of the SDK's decoding paths decode one member
// of an object into its field: gen's UnmarshalJSON (encoding/json) and the fast path's fallback
// for a member its own decoder did not take (internal/codec). One rule, so that the two give
// the same entry.
package jsonmember

import (
	"bytes"
	"encoding/json"
)

// Decode decodes raw, one valid JSON value, into *p as json.Unmarshal does, but numbers in `any`
// values (a consumer's metadata) as json.Number, which keeps them digit for digit. It reports
// whether *p now holds the member: false when the value does not fit p's type, *p then left at
// its zero value.
func Decode[T any](raw []byte, p *T) bool {
	var err error
	switch any(p).(type) {
	case *map[string]any, *any, *[]any:
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		err = dec.Decode(p)
	default:
		err = json.Unmarshal(raw, p)
	}
	if err == nil {
		return true
	}
	var zero T
	*p = zero
	return false
}
