package clienttest

// What changes in an evolving list's entries is named by JSON name and looked up in the spec: a
// field the spec does not declare is skipped, and the list still evolves.

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/fanfare-go/fanfare/client"
)

// memberAt is the member at path (JSON names, dot-separated) of an entry's JSON, nil when absent.
func memberAt(t *testing.T, entry []byte, path string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(entry, &v); err != nil {
		t.Fatalf("an entry is not JSON: %v: %s", err, entry)
	}
	for name := range strings.SplitSeq(path, ".") {
		m, _ := v.(map[string]any)
		v = m[name]
	}
	return v
}

// changesOver counts the entries that change over generations 1 to 4 of a list changed by table,
// and those among them whose member at each of paths changes.
func changesOver(t *testing.T, table []change, paths ...string) (changed int, at map[string]int) {
	t.Helper()
	at = map[string]int{}
	_, prev := wireGenerationOf(table, 2000, 4, 11, 0)
	for k := 1; k <= 4; k++ {
		_, cur := wireGenerationOf(table, 2000, 4, 11, k)
		for id, b := range cur {
			old, ok := prev[id]
			if !ok || bytes.Equal(old, b) {
				continue
			}
			changed++
			var e client.WaitlistConsumer
			if err := json.Unmarshal(b, &e); err != nil || e.ID != id {
				t.Fatalf("a changed entry does not decode to itself (%v): %s", err, b)
			}
			for _, p := range paths {
				if !reflect.DeepEqual(memberAt(t, old, p), memberAt(t, b, p)) {
					at[p]++
				}
			}
		}
		prev = cur
	}
	return changed, at
}

// TestEvolvingSkipsAFieldTheSpecLacks: the table names fields by JSON name, looked up in the
// schema; a row whose field the spec does not declare (as after the spec drops it) is skipped and
// the list still evolves: its other rows change entries, and with none left a field of the
// entry's changes to a value from its schema.
func TestEvolvingSkipsAFieldTheSpecLacks(t *testing.T) {
	if got := len(resolve(changeTable)); got != len(changeTable) {
		t.Fatalf("%d of the table's %d fields found in today's spec", got, len(changeTable))
	}
	for _, path := range []string{"noSuchField", "consumer.noSuchField", "status.deeper", "consumer", ""} {
		if lookup(path) != nil {
			t.Errorf("lookup(%q) found a field to change", path)
		}
	}
	var paths []string
	for _, ch := range changeTable {
		paths = append(paths, ch.path)
	}
	all, _ := changesOver(t, nil)
	for i, ch := range changeTable {
		table := slices.Clone(changeTable)
		table[i].path = "removedFromTheSpec"
		changed, at := changesOver(t, table, paths...)
		t.Logf("without %s: %d entries changed, by member: %v", ch.path, changed, at)
		if at[ch.path] != 0 {
			t.Errorf("without %s: it changed in %d entries", ch.path, at[ch.path])
		}
		if changed < all*3/4 {
			t.Errorf("without %s: %d entries changed, against %d with it", ch.path, changed, all)
		}
	}
	none := slices.Clone(changeTable)
	for i := range none {
		none[i].path = "gone." + none[i].path
	}
	changed, at := changesOver(t, none, paths...)
	t.Logf("with none of the table's fields: %d entries changed (%d with them all), by member: %v", changed, all, at)
	if changed < all*3/4 {
		t.Errorf("with none of the table's fields, %d entries changed, against %d with them", changed, all)
	}
	for _, p := range paths {
		if at[p] > changed/10 {
			t.Errorf("with none of the table's fields, %s changed in %d of %d entries", p, at[p], changed)
		}
	}
}
