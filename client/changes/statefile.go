package changes

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
)

// The state's bytes (format version 1), as Save writes them and Load reads them:
//
//	magic      "FANFARE-WAITLIST-STATE\n" (23 bytes)
//	version    uvarint (1)
//	sequence   uvarint length, bytes: the sequence id
//	statuses   uvarint count, then each: uvarint length, bytes (a status value as the API
//	           wrote it, compacted; length 0 for an entry without a status member)
//	entries    uvarint count, then each, in list order:
//	             id:          0x00 and 16 bytes (a canonical UUID), or
//	                          0x01, uvarint length, bytes (any other id)
//	             fingerprint: 8 bytes, little-endian (see fingerprint.go)
//	             status:      uvarint index into statuses
//	checksum   SHA-256 of every byte before it (32 bytes)
//
// An entry with a UUID id and one of fewer than 128 statuses takes 26 bytes.
const (
	magic         = "FANFARE-WAITLIST-STATE\n"
	formatVersion = 1
	checksumSize  = sha256.Size

	idUUID   = 0x00
	idString = 0x01

	// maxStateBytes bounds what Load reads: a state of some 40 million entries.
	maxStateBytes = 1 << 30
	// minRecordSize is the fewest bytes an entry takes.
	minRecordSize = 11
	// maxField bounds one length in the state (an id, a status, the sequence id).
	maxField = 1 << 20
)

// Save writes the state to w in the format Load reads. It does not sync or close w: for a file,
// [State.SaveFile] does everything a crash-safe save needs.
func (s *State) Save(w io.Writer) error {
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(w, h), 64<<10)
	var tmp []byte
	tmp = append(tmp, magic...)
	tmp = binary.AppendUvarint(tmp, formatVersion)
	tmp = appendBytes(tmp, []byte(s.sequenceID))
	tmp = binary.AppendUvarint(tmp, uint64(len(s.statuses)))
	for _, st := range s.statuses {
		tmp = appendBytes(tmp, []byte(st))
	}
	tmp = binary.AppendUvarint(tmp, uint64(len(s.recs)))
	if _, err := bw.Write(tmp); err != nil {
		return err
	}
	for i := range s.recs {
		r := &s.recs[i]
		tmp = tmp[:0]
		if r.str == 0 {
			tmp = append(tmp, idUUID)
			tmp = append(tmp, r.uuid[:]...)
		} else {
			tmp = append(tmp, idString)
			tmp = appendBytes(tmp, s.strID(r.str-1))
		}
		tmp = binary.LittleEndian.AppendUint64(tmp, r.fp)
		tmp = binary.AppendUvarint(tmp, uint64(r.status))
		if _, err := bw.Write(tmp); err != nil {
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	_, err := w.Write(h.Sum(nil))
	return err
}

func appendBytes(b, v []byte) []byte {
	return append(binary.AppendUvarint(b, uint64(len(v))), v...)
}

// Load reads a state that Save wrote, for sequenceID. It reads r to its end and refuses, with a
// [*StateError], anything but an intact state of that sequence: bytes that are not a state,
// truncated or changed ([ErrCorruptState]), another sequence's state ([ErrForeignState]), a
// format version it does not know ([ErrStateVersion]).
func Load(r io.Reader, sequenceID string) (*State, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxStateBytes+1))
	if err != nil {
		return nil, &StateError{SequenceID: sequenceID, Err: err}
	}
	s, serr := decodeState(data, sequenceID)
	if serr != nil {
		serr.SequenceID = sequenceID
		return nil, serr
	}
	return s, nil
}

// decodeState checks and decodes a state's bytes.
func decodeState(data []byte, sequenceID string) (*State, *StateError) {
	corrupt := func(reason string) *StateError { return &StateError{Reason: reason, Err: ErrCorruptState} }
	switch {
	case len(data) > maxStateBytes:
		return nil, corrupt("larger than any state")
	case len(data) == 0:
		return nil, corrupt("empty")
	case !bytes.HasPrefix(data, []byte(magic)) && !bytes.HasPrefix([]byte(magic), data):
		return nil, corrupt("not a waitlist state file")
	case len(data) < len(magic)+1+checksumSize:
		return nil, corrupt("truncated")
	}
	body, sum := data[:len(data)-checksumSize], data[len(data)-checksumSize:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, corrupt("checksum mismatch (truncated or changed)")
	}
	d := decoder{b: body[len(magic):]}
	if v := d.uvarint(); d.err == nil && v != formatVersion {
		return nil, &StateError{Version: v, Err: ErrStateVersion}
	}
	seq := d.bytes()
	if d.err == nil && string(seq) != sequenceID {
		return nil, &StateError{StateSequenceID: string(seq), Err: ErrForeignState}
	}
	s := NewState(sequenceID)
	for n := d.count(); d.err == nil && n > 0; n-- {
		st := d.bytes()
		if _, dup := s.statusOf[string(st)]; dup && d.err == nil {
			d.fail("a status listed twice")
		}
		s.statusIndex(st)
	}
	n := d.count()
	s.recs = make([]record, 0, min(n, len(d.b)/minRecordSize))
	s.rehash(2*cap(s.recs) + 1)
	for ; d.err == nil && n > 0; n-- {
		d.record(s)
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("data after the entries")
	}
	if d.err != nil {
		return nil, corrupt(d.err.Error())
	}
	return s, nil
}

// decoder reads the fields of a state's bytes; the first problem sticks in err.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(reason string) {
	if d.err == nil {
		d.err = errors.New(reason)
	}
	d.b = nil
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("truncated or malformed number")
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a number of items, each at least one byte long.
func (d *decoder) count() int {
	v := d.uvarint()
	if v > uint64(len(d.b)) {
		d.fail("a count larger than the data")
		return 0
	}
	return int(v) //nolint:gosec // at most len(d.b)
}

func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if n > maxField || n > uint64(len(d.b)) {
		d.fail("a length past the data")
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) take(n int) []byte {
	if len(d.b) < n {
		d.fail("truncated entry")
		return make([]byte, n)
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

// record reads one entry into s.
func (d *decoder) record(s *State) {
	var k key
	switch d.take(1)[0] {
	case idUUID:
		k.isUUID = true
		copy(k.uuid[:], d.take(16))
	case idString:
		k.str = d.bytes()
		if _, isUUID := parseUUID(k.str); isUUID {
			d.fail("an id in the wrong form")
		}
	default:
		d.fail("an unknown kind of id")
	}
	fp := binary.LittleEndian.Uint64(d.take(8))
	st := d.uvarint()
	if d.err != nil {
		return
	}
	if st >= uint64(len(s.statuses)) {
		d.fail("a status index past the list")
		return
	}
	if _, dup := s.find(k); dup {
		d.fail("an id listed twice")
		return
	}
	s.add(&k, uint32(st), fp) //nolint:gosec // G115: below len(s.statuses), itself below the data's length
}
