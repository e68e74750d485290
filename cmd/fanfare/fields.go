package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/internal/rawjson"
)

// column is one member of a waitlist entry that can be printed: an entry member by its JSON name
// ("status"), a consumer member prefixed with "consumer." ("consumer.email"), any deeper member
// by its path ("consumer.metadata.tier"), known to the spec or not; or the column of the members
// the spec does not know (unknownColumn).
type column struct {
	name      string
	path      []string // the member's JSON names from the entry
	index     []int    // the typed field's index path in client.WaitlistConsumer; nil for any other member
	sensitive bool
	unknown   bool // the unknownColumn
}

// unknownColumn names the column holding, as one JSON object keyed by their paths, the members
// of an entry and of its consumer that the spec does not know (those of a typed object, the
// coordinates, are in its column's JSON). 'all' ends with it, so csv keeps every member it
// was sent.
const unknownColumn = "unknownMembers"

// sensitiveColumns are never printed without --include-sensitive.
var sensitiveColumns = map[string]bool{"consumer.verificationCode": true}

// allColumns lists every field of an entry, the entry's in their API order then the consumer's
// in alphabetical order. It is built from the JSON tags of the generated types, so a field
// added to the spec shows up here by itself.
var allColumns = buildColumns()

func buildColumns() []column {
	var cols []column
	entryType := reflect.TypeFor[client.WaitlistConsumer]()
	order := []string{"id", "organizationId", "consumerId", "waitlistId", "status", "enteredAt", "notifiedAt", "updatedAt"}
	rank := map[string]int{}
	for i, n := range order {
		rank[n] = i
	}
	var entryCols, consumerCols []column
	for i := range entryType.NumField() {
		f := entryType.Field(i)
		name := jsonName(f)
		if name == "-" { // AdditionalProperties: the members the spec does not know
			continue
		}
		if name == "consumer" {
			for j := range f.Type.NumField() {
				cf := f.Type.Field(j)
				if jsonName(cf) == "-" {
					continue
				}
				n := "consumer." + jsonName(cf)
				consumerCols = append(consumerCols, column{name: n, path: []string{"consumer", jsonName(cf)}, index: []int{i, j}, sensitive: sensitiveColumns[n]})
			}
			continue
		}
		entryCols = append(entryCols, column{name: name, path: []string{name}, index: []int{i}})
	}
	slices.SortStableFunc(entryCols, func(a, b column) int { return rankOf(rank, a.name) - rankOf(rank, b.name) })
	slices.SortFunc(consumerCols, func(a, b column) int { return strings.Compare(a.name, b.name) })
	cols = append(cols, entryCols...)
	return append(cols, consumerCols...)
}

func rankOf(rank map[string]int, name string) int {
	if r, ok := rank[name]; ok {
		return r
	}
	return 999
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}

// isEntryField reports whether name is a field of the entry itself (not of its consumer).
func isEntryField(name string) bool {
	for _, c := range allColumns {
		if c.name == name {
			return true
		}
	}
	return false
}

// defaultTableColumns are the table's columns when --fields is not given.
var defaultTableColumns = []string{"id", "status", "enteredAt", "notifiedAt", "consumer.fullName", "consumer.email", "consumer.lastGeoCountry"}

// selectColumns resolves --fields: names (a consumer field may be given without "consumer."),
// "all" (every typed field, then unknownColumn), unknownColumn, or the path of any other member,
// known to the spec or not ("consumer.loyaltyTier", "consumer.metadata.tier"), read as written
// from the entry. Sensitive fields need includeSensitive. An empty spec means def (nil: all).
func selectColumns(spec, def []string, includeSensitive bool) ([]column, error) {
	if len(spec) == 0 {
		spec = def
	}
	byName := map[string]column{}
	for _, c := range allColumns {
		byName[strings.ToLower(c.name)] = c
	}
	var out []column
	for _, name := range spec {
		if name == "all" {
			for _, c := range allColumns {
				if !c.sensitive || includeSensitive {
					out = append(out, c)
				}
			}
			out = append(out, column{name: unknownColumn, unknown: true})
			continue
		}
		if name == unknownColumn {
			out = append(out, column{name: unknownColumn, unknown: true})
			continue
		}
		c, ok := byName[strings.ToLower(name)]
		if !ok {
			c, ok = byName["consumer."+strings.ToLower(name)]
		}
		if !ok {
			path := strings.Split(name, ".")
			if slices.Contains(path, "") {
				return nil, fmt.Errorf("field %q is not a member path (names joined by dots, such as status, consumer.email or consumer.metadata.tier)", name)
			}
			c = column{name: name, path: path}
		}
		if c.sensitive && !includeSensitive {
			return nil, fmt.Errorf("field %s is sensitive: add --include-sensitive to print it", c.name)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no fields selected")
	}
	return out, nil
}

// value returns the column's value in e: nil for a null or absent field, else the field's
// value with pointers followed.
func (c column) value(e *client.WaitlistConsumer) any {
	v := reflect.ValueOf(e).Elem().FieldByIndex(c.index)
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		if v.IsNil() {
			return nil
		}
	}
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	return v.Interface()
}

// cell formats a column's value as text, for tables and CSV: "" for null, RFC 3339 for times,
// JSON for metadata and coordinates.
func cell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case time.Time:
		return v.Format(time.RFC3339Nano)
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.String { // the status enums
		return rv.String()
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(raw)
}

// text returns the column's cell in e, for tables and CSV. A typed field reads its value, unless
// e holds the member as sent because the field could not (then the value as sent); any other
// member is read by its path from what the API sent.
func (c column) text(e *client.WaitlistConsumer) string {
	switch {
	case c.unknown:
		return unknownMembers(e)
	case c.index == nil:
		raw, _ := member(e, c.path)
		return rawText(raw)
	}
	if raw, ok := keptAsSent(e, c.path); ok {
		return rawText(raw)
	}
	return cell(c.value(e))
}

// member returns the JSON of the member at path in e, typed or not, and whether e has it.
func member(e *client.WaitlistConsumer, path []string) (json.RawMessage, bool) {
	var v json.RawMessage
	var ok bool
	rest := path[1:]
	if path[0] == "consumer" && len(path) > 1 {
		v, ok = e.Consumer.Get(path[1])
		rest = path[2:]
	} else {
		v, ok = e.Get(path[0])
	}
	if !ok || len(rest) == 0 {
		return v, ok
	}
	v, ok, err := rawjson.Lookup(v, rest...)
	return v, ok && err == nil
}

// keptAsSent returns the member at path (an entry or consumer member) when e holds it as the
// API sent it rather than in its typed field, which could not hold it.
func keptAsSent(e *client.WaitlistConsumer, path []string) (json.RawMessage, bool) {
	switch len(path) {
	case 1:
		v, ok := e.AdditionalProperties[path[0]]
		return v, ok
	case 2:
		v, ok := e.Consumer.AdditionalProperties[path[1]]
		return v, ok
	}
	return nil, false
}

// rawText is a JSON value as a cell: "" for null or nothing, a string's text, else the JSON.
func rawText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s
	}
	b, err := rawjson.AppendCompact(nil, raw)
	if err != nil {
		return string(raw)
	}
	return string(b)
}

// unknownMembers returns the members of e and of its consumer that the spec does not know, as
// one JSON object keyed by their paths, in order ("" when there are none). Those of a typed
// object (the coordinates) are in its own column's JSON.
func unknownMembers(e *client.WaitlistConsumer) string {
	b := appendUnknownMembers(nil, e)
	if b == nil {
		return ""
	}
	return string(b)
}

// appendUnknownMembers appends unknownMembers' object to b; it appends nothing when there is no
// such member.
func appendUnknownMembers(b []byte, e *client.WaitlistConsumer) []byte {
	type kv struct {
		path string
		raw  json.RawMessage
	}
	var all []kv
	kept := map[string]bool{} // members the spec knows, kept as sent: they have their own columns
	add := func(prefix string, m map[string]json.RawMessage) {
		for k, v := range m {
			all = append(all, kv{prefix + k, v})
		}
	}
	add("", e.AdditionalProperties)
	add("consumer.", e.Consumer.AdditionalProperties)
	if len(all) == 0 {
		return b
	}
	for _, fe := range client.FieldErrors(*e) {
		kept[fe.Path] = true
	}
	slices.SortFunc(all, func(x, y kv) int { return strings.Compare(x.path, y.path) })
	n := 0
	for _, m := range all {
		if kept[m.path] {
			continue
		}
		if n == 0 {
			b = append(b, '{')
		} else {
			b = append(b, ',')
		}
		n++
		key, _ := json.Marshal(m.path)
		b = append(append(b, key...), ':')
		if out, err := rawjson.AppendCompact(b, m.raw); err == nil {
			b = out
		} else {
			b = append(b, "null"...)
		}
	}
	if n > 0 {
		b = append(b, '}')
	}
	return b
}
