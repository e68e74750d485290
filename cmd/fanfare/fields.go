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
)

// column is one field of a waitlist entry that can be printed: an entry field by its JSON name
// ("status"), or a consumer field prefixed with "consumer." ("consumer.email").
type column struct {
	name      string
	index     []int // the field's index path in client.WaitlistConsumer
	sensitive bool
}

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
				consumerCols = append(consumerCols, column{name: n, index: []int{i, j}, sensitive: sensitiveColumns[n]})
			}
			continue
		}
		entryCols = append(entryCols, column{name: name, index: []int{i}})
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
// or "all". Sensitive fields need includeSensitive. An empty spec means def (nil: all).
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
			continue
		}
		c, ok := byName[strings.ToLower(name)]
		if !ok {
			c, ok = byName["consumer."+strings.ToLower(name)]
		}
		if !ok {
			return nil, fmt.Errorf("unknown field %q (fields are entry fields such as id, status, enteredAt, or consumer.<field> such as consumer.email; 'all' lists every one)", name)
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
