package changes

import (
	"bytes"
	"encoding/binary"
	"encoding/json"

	"github.com/fanfare-go/fanfare/client"
)

// State is what one read of a waitlist leaves for the next to compare with: for each entry, in
// the list's order, its id, the fingerprint of its content and its status as sent. It holds
// 40 to 48 bytes an entry (with the index that finds an id), never the entries themselves.
//
// A State does not change once made: [NewState] makes an empty one, [Load] and [LoadFile] read
// one, and [Diff.Next] returns the one a read leaves. It is safe for concurrent use.
type State struct {
	sequenceID string
	recs       []record
	strIDs     []byte   // the ids that are not canonical UUIDs, one after the other
	strEnds    []uint32 // where each of them ends in strIDs
	statuses   []string // the distinct status values, as written; "" for an entry without one
	statusOf   map[string]uint32
	slots      []uint32 // open addressing: 1 + the record of an id, 0 for none
}

// record is one entry of a State.
type record struct {
	uuid   [16]byte // the id, when it is a canonical UUID
	str    uint32   // 0 when it is; else 1 + its place in strIDs
	status uint32   // its index in statuses
	fp     uint64
}

// NewState returns the empty state of sequenceID: compared with it, every entry is added.
func NewState(sequenceID string) *State {
	return &State{sequenceID: sequenceID, statusOf: map[string]uint32{}}
}

// SequenceID returns the sequence the state is for.
func (s *State) SequenceID() string { return s.sequenceID }

// Len returns the number of entries in the state.
func (s *State) Len() int { return len(s.recs) }

// Status returns the status the state holds for the entry id, as the API sent it (its JSON
// value; nil when the entry had no status member), and whether the state has the entry.
func (s *State) Status(id string) (json.RawMessage, bool) {
	i, ok := s.find(keyOf([]byte(id)))
	if !ok {
		return nil, false
	}
	return s.statusJSON(i), true
}

// IDs returns the ids of the state's entries, in the order of the list they were read from.
func (s *State) IDs() []string {
	ids := make([]string, len(s.recs))
	for i := range s.recs {
		ids[i] = s.id(i)
	}
	return ids
}

// statusJSON returns record i's status value, nil for none.
func (s *State) statusJSON(i int) json.RawMessage {
	st := s.statuses[s.recs[i].status]
	if st == "" {
		return nil
	}
	return json.RawMessage(st)
}

// id returns record i's id.
func (s *State) id(i int) string {
	r := &s.recs[i]
	if r.str == 0 {
		return formatUUID(&r.uuid)
	}
	return string(s.strID(r.str - 1))
}

func (s *State) strID(n uint32) []byte {
	start := uint32(0)
	if n > 0 {
		start = s.strEnds[n-1]
	}
	return s.strIDs[start:s.strEnds[n]]
}

// key is an id as the state compares it: its UUID's bytes, or the string itself.
type key struct {
	uuid   [16]byte
	str    []byte
	isUUID bool
}

// keyOf returns the key of the id.
func keyOf(id []byte) key {
	if u, ok := parseUUID(id); ok {
		return key{uuid: u, isUUID: true}
	}
	return key{str: id}
}

func (k *key) hash() uint64 {
	if k.isUUID {
		return xxh64Pair(binary.LittleEndian.Uint64(k.uuid[:8]), binary.LittleEndian.Uint64(k.uuid[8:]), 0)
	}
	return xxh64(k.str, 0)
}

// is reports whether record i has the id k.
func (s *State) is(i int, k *key) bool {
	r := &s.recs[i]
	if k.isUUID {
		return r.str == 0 && r.uuid == k.uuid
	}
	return r.str != 0 && bytes.Equal(s.strID(r.str-1), k.str)
}

// find returns the record with the id k.
func (s *State) find(k key) (int, bool) {
	if len(s.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(s.slots) - 1) //nolint:gosec // G115: a power of two, at least 16
	for h := k.hash() & mask; ; h = (h + 1) & mask {
		slot := s.slots[h]
		if slot == 0 {
			return 0, false
		}
		if s.is(int(slot-1), &k) {
			return int(slot - 1), true
		}
	}
}

// add appends an entry with the status statuses[status]; the caller has checked that the id is
// not in the state yet.
func (s *State) add(k *key, status uint32, fp uint64) {
	r := record{uuid: k.uuid, fp: fp}
	if !k.isUUID {
		s.strIDs = append(s.strIDs, k.str...)
		s.strEnds = append(s.strEnds, uint32(len(s.strIDs))) //nolint:gosec // a state is far below 4 GiB
		r.str = uint32(len(s.strEnds))                       //nolint:gosec // as many ids as entries
	}
	r.status = status
	s.recs = append(s.recs, r)
	if 2*len(s.recs) > len(s.slots) {
		s.rehash(2*len(s.recs) + 1)
	} else {
		s.place(len(s.recs)-1, k.hash())
	}
}

// statusIndex returns the index of a status value, adding it when new.
func (s *State) statusIndex(status []byte) uint32 {
	if i, ok := s.statusOf[string(status)]; ok {
		return i
	}
	i := uint32(len(s.statuses)) //nolint:gosec // at most one status per entry
	s.statuses = append(s.statuses, string(status))
	s.statusOf[string(status)] = i
	return i
}

// rehash rebuilds the index with room for n slots (rounded up to a power of two).
func (s *State) rehash(n int) {
	size := 16
	for size < n {
		size <<= 1
	}
	s.slots = make([]uint32, size)
	for i := range s.recs {
		k := s.keyAt(i)
		s.place(i, k.hash())
	}
}

func (s *State) place(i int, h uint64) {
	mask := uint64(len(s.slots) - 1) //nolint:gosec // G115: a power of two, at least 16
	for h &= mask; s.slots[h] != 0; h = (h + 1) & mask {
	}
	s.slots[h] = uint32(i + 1) //nolint:gosec // fewer records than 4 billion
}

// keyAt returns record i's key.
func (s *State) keyAt(i int) key {
	r := &s.recs[i]
	if r.str == 0 {
		return key{uuid: r.uuid, isUUID: true}
	}
	return key{str: s.strID(r.str - 1)}
}

// parseUUID parses a UUID in its canonical form: 36 characters, lower-case hex digits in groups
// of 8-4-4-4-12. Other spellings stay strings, so that every id comes back exactly as sent.
func parseUUID(b []byte) (u [16]byte, ok bool) {
	if len(b) != 36 || b[8] != '-' || b[13] != '-' || b[18] != '-' || b[23] != '-' {
		return u, false
	}
	j := 0
	for i := 0; i < 36; {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			i++
			continue
		}
		hi, ok1 := lowerHex(b[i])
		lo, ok2 := lowerHex(b[i+1])
		if !ok1 || !ok2 {
			return u, false
		}
		u[j] = hi<<4 | lo
		j++
		i += 2
	}
	return u, true
}

func lowerHex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}

func formatUUID(u *[16]byte) string {
	const digits = "0123456789abcdef"
	var b [36]byte
	j := 0
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b[j] = '-'
			j++
		}
		b[j], b[j+1] = digits[c>>4], digits[c&0xf]
		j += 2
	}
	return string(b[:])
}

// decodeStatus decodes a status value as json.Unmarshal would into a WaitlistConsumerStatus: ""
// for none, null or a value that is not a string.
func decodeStatus(raw json.RawMessage) client.WaitlistConsumerStatus {
	var st client.WaitlistConsumerStatus
	if len(raw) > 0 && raw[0] == '"' {
		_ = json.Unmarshal(raw, &st)
	}
	return st
}
