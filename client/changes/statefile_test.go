package changes

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// stateOf builds a state holding the entries (id, status as written, fingerprint).
func stateOf(seq string, entries ...[3]string) *State {
	s := NewState(seq)
	for i, e := range entries {
		k := keyOf([]byte(e[0]))
		s.add(&k, s.statusIndex([]byte(e[1])), uint64(i)*0x9e3779b97f4a7c15)
	}
	return s
}

func saved(t *testing.T, s *State) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := s.Save(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var sampleEntries = [][3]string{
	{"0d8f6c2e-1b7a-4c3e-9f00-5a6b7c8d9e0f", `"notified"`, ""},
	{"ID-not-a-uuid", `"waitlisted"`, ""},
	{"0D8F6C2E-1B7A-4C3E-9F00-5A6B7C8D9E0F", `"notified"`, ""}, // upper case: kept as a string
	{"", ``, ""}, // an empty id, no status member
	{"ünï ✓", `null`, ""},
	{"ffffffff-ffff-ffff-ffff-ffffffffffff", `"some-status-the-spec-does-not-know"`, ""},
}

func TestStateRoundTrips(t *testing.T) {
	s := stateOf("seq_1", sampleEntries...)
	back, err := Load(bytes.NewReader(saved(t, s)), "seq_1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.recs, s.recs) || !reflect.DeepEqual(back.IDs(), s.IDs()) || back.SequenceID() != "seq_1" {
		t.Fatalf("the state changed on its way through a file:\n%v\n%v", back.IDs(), s.IDs())
	}
	for _, e := range sampleEntries {
		st, ok := back.Status(e[0])
		want := rawOrNil(e[1])
		if !ok || !bytes.Equal(st, want) {
			t.Errorf("Status(%q) = %s, %v; want %s", e[0], st, ok, want)
		}
	}
	if _, ok := back.Status("absent"); ok {
		t.Error("Status of an absent id reports it")
	}
	empty, err := Load(bytes.NewReader(saved(t, NewState("s"))), "s")
	if err != nil || empty.Len() != 0 {
		t.Fatalf("the empty state: %v, %d entries", err, empty.Len())
	}
}

func rawOrNil(s string) []byte {
	if s == "" {
		return nil
	}
	return []byte(s)
}

// TestStateTakesUnder64BytesAnEntry: 26 bytes for an entry with a UUID id.
func TestStateTakesUnder64BytesAnEntry(t *testing.T) {
	s := NewState("seq")
	for i := range 10000 {
		k := keyOf(fmt.Appendf(nil, "%08x-0000-4000-8000-%012x", i, i))
		s.add(&k, s.statusIndex([]byte(`"waitlisted"`)), uint64(i))
	}
	size := len(saved(t, s))
	if perEntry := float64(size) / 10000; perEntry > 26.1 {
		t.Fatalf("%d bytes for 10,000 entries: %.1f an entry", size, perEntry)
	}
}

func wantStateError(t *testing.T, err, kind error) *StateError {
	t.Helper()
	var se *StateError
	if !errors.As(err, &se) || !errors.Is(err, kind) {
		t.Fatalf("got %v, want a *StateError matching %v", err, kind)
	}
	return se
}

// TestLoadRefusesEveryTruncationAndEveryFlippedByte: a state cut anywhere, or with any byte
// changed, is ErrCorruptState.
func TestLoadRefusesEveryTruncationAndEveryFlippedByte(t *testing.T) {
	data := saved(t, stateOf("seq_1", sampleEntries...))
	for n := range len(data) {
		_, err := Load(bytes.NewReader(data[:n]), "seq_1")
		_ = wantStateError(t, err, ErrCorruptState)
	}
	for i := range data {
		for _, bit := range []byte{0x01, 0x80} {
			bad := bytes.Clone(data)
			bad[i] ^= bit
			_, err := Load(bytes.NewReader(bad), "seq_1")
			_ = wantStateError(t, err, ErrCorruptState)
		}
	}
	_, err := Load(bytes.NewReader(append(bytes.Clone(data), 0)), "seq_1")
	_ = wantStateError(t, err, ErrCorruptState)
	se := wantStateError(t, func() error { _, err := Load(strings.NewReader("id,status\n"), "seq_1"); return err }(), ErrCorruptState)
	if se.Reason != "not a waitlist state file" {
		t.Errorf("reason %q", se.Reason)
	}
}

func TestLoadRefusesAnotherSequencesState(t *testing.T) {
	_, err := Load(bytes.NewReader(saved(t, stateOf("seq_other", sampleEntries...))), "seq_1")
	se := wantStateError(t, err, ErrForeignState)
	if se.StateSequenceID != "seq_other" || se.SequenceID != "seq_1" {
		t.Fatalf("%+v", se)
	}
	if want := `changes: the state belongs to sequence "seq_other", not "seq_1"`; err.Error() != want {
		t.Errorf("%q", err)
	}
}

// withChecksum returns body with its checksum: a state that is intact, whatever it says.
func withChecksum(body []byte) []byte {
	sum := sha256.Sum256(body)
	return append(bytes.Clone(body), sum[:]...)
}

func TestLoadRefusesANewerFormatAndInconsistentStates(t *testing.T) {
	head := func(version uint64) []byte {
		b := binary.AppendUvarint([]byte(magic), version)
		return appendBytes(b, []byte("seq"))
	}
	_, err := Load(bytes.NewReader(withChecksum(append(head(2), 0, 0))), "seq")
	if se := wantStateError(t, err, ErrStateVersion); se.Version != 2 {
		t.Errorf("version %d", se.Version)
	}
	uuid := bytes.Repeat([]byte{7}, 16)
	entry := func(id []byte, status byte) []byte {
		b := []byte{idUUID}
		if len(id) != 16 {
			b = appendBytes([]byte{idString}, id)
		} else {
			b = append(b, id...)
		}
		return append(append(b, make([]byte, 8)...), status)
	}
	statuses := []byte{1, 5, '"', 'a', 'b', 'c', '"'}
	for name, body := range map[string][]byte{
		"the same id twice":      append(append(append(head(1), statuses...), 2), append(entry(uuid, 0), entry(uuid, 0)...)...),
		"a status past the list": append(append(append(head(1), statuses...), 1), entry(uuid, 1)...),
		"a uuid as a string":     append(append(append(head(1), statuses...), 1), entry([]byte("07070707-0707-0707-0707-070707070707"), 0)...),
		"more entries than data": append(append(head(1), statuses...), 200),
		"the same status twice":  append(append(head(1), 2, 1, 'x', 1, 'x'), 0),
		"an unknown id kind":     append(append(append(head(1), statuses...), 1), append([]byte{9}, make([]byte, 20)...)...),
	} {
		_, err := Load(bytes.NewReader(withChecksum(body)), "seq")
		if se := wantStateError(t, err, ErrCorruptState); se.Reason == "" {
			t.Errorf("%s: no reason", name)
		}
	}
	if _, err := Load(bytes.NewReader(withChecksum(append(append(head(1), statuses...), 1, idUUID))), "seq"); err == nil {
		t.Error("an entry cut short loads")
	}
}
