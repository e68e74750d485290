package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"unsafe"

	"github.com/fanfare-go/fanfare/internal/schema"
)

// FieldError is one member of a waitlist entry whose value its typed field cannot hold: a
// date-time that does not parse, a string where a number is expected, an object where a string
// is, an enum of the wrong JSON type, …. The entry is delivered all the same,
// with every other member decoded; the field is left at its zero value, and the member is kept
// as sent in the AdditionalProperties of the object that holds it (under its own name), so
// json.Marshal of the entry writes it back as sent and Get returns it. [FieldErrors] lists them.
type FieldError struct {
	// EntryID is the entry's id, "" when it has no readable one (its own id is then one of the
	// entry's field errors).
	EntryID string
	// Path is the member's JSON path from the entry, its names joined by dots: "status",
	// "consumer.createdAt", "consumer.lastGeoCoordinates.latitude".
	Path string
	// Value is the member's value, exactly as the API sent it.
	Value json.RawMessage
	// Err says why the field cannot hold it: encoding/json's error (a *json.UnmarshalTypeError,
	// a *time.ParseError, …), or [ErrSetByName] for a value a program put there with Set.
	Err error
}

// ErrSetByName is the reason of a [FieldError] for a member that its field could hold but that
// is in AdditionalProperties all the same: a program put it there with Set, under the field's
// JSON name (the API's own members are only kept there when their field cannot hold them).
var ErrSetByName = errors.New("fanfare: a member set by its field's name with Set")

// Error names the entry, the member and the reason; it quotes at most 64 bytes of the value.
func (e *FieldError) Error() string {
	v := string(e.Value)
	if len(v) > 64 {
		v = v[:64] + "…"
	}
	id := ""
	if e.EntryID != "" {
		id = " " + e.EntryID
	}
	return fmt.Sprintf("fanfare: waitlist entry%s: member %s = %s kept as sent: %v", id, e.Path, v, e.Err)
}

// Unwrap returns the reason.
func (e *FieldError) Unwrap() error { return e.Err }

// FieldErrors returns the members of e that their typed fields could not hold, in the order of
// their paths; nil when every member the spec types was decoded (the common case). Each is kept
// as sent: see [FieldError].
//
// The iterators and [Client.ListWaitlistConsumers] deliver such an entry as any other, with a
// nil error (an entry is never lost for one of its members), so a program that must not act on
// a zero value it was not sent checks FieldErrors before relying on a field:
//
//	for e, err := range c.WaitlistConsumers(ctx, sequenceID) {
//		if err != nil { … }
//		for _, fe := range client.FieldErrors(e) {
//			log.Print(fe) // "… member consumer.createdAt = "2025-01-01 00:00:00" kept as sent: …"
//		}
//		store(e) // json.Marshal(e) writes every member as sent
//	}
func FieldErrors(e WaitlistConsumer) []*FieldError {
	base := unsafe.Pointer(&e) //nolint:gosec // G103: fields are read at the offsets the generated description gives for this struct
	if !hasFieldErrors(schema.WaitlistConsumer, base) {
		return nil // the common case, checked without building paths, sorting or allocating
	}
	var out []*FieldError
	collectFieldErrors(&out, e.ID, "", schema.WaitlistConsumer, base)
	return out
}

// hasFieldErrors reports whether the struct of o at base, or an object nested in it, holds a
// value kept as sent.
func hasFieldErrors(o *schema.Object, base unsafe.Pointer) bool {
	if o.HasExtra {
		for name := range *(*map[string]json.RawMessage)(unsafe.Add(base, o.Extra)) {
			if o.Field(name) != nil {
				return true
			}
		}
	}
	for i := range o.Fields {
		if v := o.Fields[i].Nested(base); v != nil && hasFieldErrors(o.Fields[i].Object, v) {
			return true
		}
	}
	return false
}

// collectFieldErrors appends the field errors of the struct of o at base and of the objects
// nested in it, prefixing paths with prefix.
func collectFieldErrors(out *[]*FieldError, id, prefix string, o *schema.Object, base unsafe.Pointer) {
	if o.HasExtra {
		extra := *(*map[string]json.RawMessage)(unsafe.Add(base, o.Extra))
		var names []string
		for name := range extra {
			if o.Field(name) != nil {
				names = append(names, name)
			}
		}
		slices.Sort(names)
		for _, name := range names {
			raw := extra[name]
			*out = append(*out, &FieldError{EntryID: id, Path: prefix + name, Value: raw, Err: fieldReason(o.Field(name).Type, raw)})
		}
	}
	for i := range o.Fields {
		f := &o.Fields[i]
		if v := f.Nested(base); v != nil {
			collectFieldErrors(out, id, prefix+f.JSON+".", f.Object, v)
		}
	}
}

// fieldReason is why a value of type t cannot hold raw.
func fieldReason(t reflect.Type, raw []byte) error {
	if err := json.Unmarshal(raw, reflect.New(t).Interface()); err != nil {
		return err
	}
	return ErrSetByName
}

// entryID reads the "id" of an element that did not decode, when it is an object with a string
// id; else "".
func entryID(raw []byte) string {
	var v struct {
		ID json.RawMessage `json:"id"`
	}
	var id string
	if json.Unmarshal(raw, &v) != nil || json.Unmarshal(v.ID, &id) != nil {
		return ""
	}
	return id
}
