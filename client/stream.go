package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/fanfare-go/fanfare/internal/codec"
)

// entrySink receives the array's elements in order: the element's bytes as they arrived, and
// the entry or the error decoding it. Both are only valid during the call. It returns false to
// stop.
type entrySink func(index int, raw []byte, entry *WaitlistConsumer, err error) bool

// errNullEntry is the decode error of a `null` element: a waitlist entry is never null, and
// passing it on as an empty entry would hide a broken record.
var errNullEntry = errors.New("entry is null")

// decodeEntry decodes one array element. It is the reference semantics of the stream: exactly
// encoding/json's Unmarshal, except that `null` is an error.
func decodeEntry(raw []byte, e *WaitlistConsumer) error {
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return errNullEntry
	}
	return json.Unmarshal(raw, e)
}

// decodeFast decodes one element into e (which it zeroes first) as decodeEntry does: with
// the generated decoder when it is sure of the result, else with decodeEntry.
func decodeFast(d *codec.Decoder, raw []byte, e *WaitlistConsumer) error {
	*e = WaitlistConsumer{}
	if d.DecodeWaitlistConsumer(raw, e) {
		return nil
	}
	*e = WaitlistConsumer{}
	return decodeEntry(raw, e)
}

// streamConfig sizes the stream's machinery (tests shrink it to reach every edge on small
// inputs).
type streamConfig struct {
	bufSize    int // the size of a read buffer, and of a batch of elements for the workers
	minRead    int // the least free space a read is given; with less, the buffer is rotated
	seqEntries int // entries decoded on the caller's goroutine before the workers start
	workers    int // 0: GOMAXPROCS (no workers when it is 1)
}

// The default streamConfig.
const (
	// defaultBufSize: 64 KiB holds some 40 entries, enough for a batch to be worth a worker's
	// hand-over, and few enough that every batch there may be (see maxBatches) stays within a
	// few MiB.
	defaultBufSize = 64 << 10
	// defaultMinRead: a read is given at least 16 KiB, a TLS record's largest payload (a TLS
	// connection returns at most one record per read): with less room, records would be split
	// over more reads.
	defaultMinRead = 16 << 10
	// defaultSeqEntries: the first 16 entries (the whole of most small lists, and of every
	// 1-entry call) are decoded without starting a goroutine.
	defaultSeqEntries = 16
	// maxWorkers caps the workers on a machine with many cores: the caller's goroutine frames
	// and delivers for all of them at some 3 times the rate one worker decodes (see
	// codec.BenchmarkFramer and codec.BenchmarkDecode), so past a handful more workers only
	// wait, each holding its batches.
	maxWorkers = 16
	// maxPooledBuffer is the largest sequential buffer kept for the next call: one grown past
	// it for a huge element is left to the garbage collector.
	maxPooledBuffer = 4 * defaultBufSize
)

var defaultStreamConfig = streamConfig{bufSize: defaultBufSize, minRead: defaultMinRead, seqEntries: defaultSeqEntries}

// decodeEntries reads one JSON array of waitlist entries from r and calls sink for each element
// in order. It returns nil at the end of the array (only white space may follow) or when sink
// returns false. Otherwise it returns a *SyntaxError (not an array, malformed or truncated
// JSON, data after the array), or r's own error.
//
// It delivers what encoding/json's Decoder delivers, element by element (decodeEntriesStd in
// the tests), and fails where it fails, with an error of the same class, only faster: a framer
// (codec.Framer) splits the array into elements over a reused buffer, checking their syntax as
// it goes; the first few elements are decoded on the caller's goroutine, the rest in batches by
// workers, and delivered to sink in order. Where encoding/json's versions differ (a body that
// is not an array, what follows the array, an element that a failed read follows),
// encoding/json itself decides what is delivered and what kind of error it is.
func decodeEntries(r io.Reader, sink entrySink) error {
	return decodeEntriesConfig(r, sink, defaultStreamConfig)
}

func decodeEntriesConfig(r io.Reader, sink entrySink, cfg streamConfig) error {
	s := streamers.Get().(*streamer)
	defer s.release()
	s.r, s.sink, s.cfg = r, sink, cfg
	if len(s.own) != cfg.bufSize {
		s.own = make([]byte, cfg.bufSize)
	}
	return s.run()
}

var streamers = sync.Pool{New: func() any { return new(streamer) }}

// streamer is the state of one decodeEntries call, on the caller's goroutine: it alone calls
// sink, and reads r, one read at a time (a read may run on a goroutine of its own while the
// caller delivers decoded entries: see pipeline.readDelivering).
type streamer struct {
	r    io.Reader
	sink entrySink
	cfg  streamConfig
	fr   codec.Framer

	own     []byte // the pooled buffer of the sequential phase
	buf     []byte // the current buffer: buf[:n] holds bytes read and not yet handed on
	n       int
	pos     int   // the framer's position in buf
	restart int   // the end of the last complete element: the bytes before it are done with
	base    int64 // the body offset of buf[0]
	count   int   // elements framed so far
	readErr error // r's error (io.EOF included), once seen
	stopped bool  // sink returned false

	dec   codec.Decoder    // the sequential phase's decoder …
	entry WaitlistConsumer // … and entry
	p     *pipeline        // the parallel phase, once started
}

func (s *streamer) release() {
	if s.p != nil {
		s.p.close()
	}
	own := s.own
	if len(own) > maxPooledBuffer {
		own = nil
	}
	s.dec.Release()
	*s = streamer{own: own, fr: s.fr, dec: s.dec}
	streamers.Put(s)
}

func (s *streamer) run() error {
	s.buf = s.own
	if !s.openArray() {
		return s.notArray()
	}
	s.fr.Reset()
	for {
		ev, start, next := s.fr.Next(s.buf[:s.n], s.pos)
		s.pos = next
		switch ev {
		case codec.Element:
			s.element(start, next)
		case codec.ArrayEnd:
			return s.end()
		case codec.NeedMore:
			if s.readErr != nil {
				return s.cutOff(start)
			}
			s.more()
		default:
			return s.broken(ev, next)
		}
		if s.stopped {
			return nil
		}
	}
}

// openArray reads up to the body's first byte that is not white space, and past it when it is
// the array's '['. It reports whether it was.
func (s *streamer) openArray() bool {
	for {
		s.pos = codec.SkipSpace(s.buf[:s.n], s.pos)
		if s.pos < s.n {
			if s.buf[s.pos] != '[' {
				return false
			}
			s.pos++
			s.restart = s.pos
			return true
		}
		if s.readErr != nil {
			return false
		}
		s.n, s.pos, s.base = 0, 0, s.base+int64(s.n) // white space only so far: dropped
		s.read()
	}
}

// element takes the complete element buf[start:end]: into the current batch, or, before the
// workers start, decoded and delivered at once.
func (s *streamer) element(start, end int) {
	s.restart = end
	if s.p != nil {
		s.p.cur.spans = append(s.p.cur.spans, span{start, end})
		s.count++
		return
	}
	s.deliver(s.buf[start:end])
	if !s.stopped && s.count == s.cfg.seqEntries {
		workers := s.cfg.workers
		if workers == 0 {
			workers = min(runtime.GOMAXPROCS(0), maxWorkers)
		}
		if workers > 1 {
			s.p = newPipeline(workers, s.cfg.bufSize)
			s.p.start(s, s.p.newBatch())
		}
	}
}

// deliver decodes the next element, raw, on the caller's goroutine and hands it to the sink.
func (s *streamer) deliver(raw []byte) {
	err := decodeFast(&s.dec, raw, &s.entry)
	i := s.count
	s.count++
	if !s.sink(i, raw, &s.entry, err) {
		s.stopped = true
	}
}

// more makes room in the buffer, hands complete elements on, and reads.
func (s *streamer) more() {
	if s.p != nil {
		s.p.beforeRead(s)
		if s.stopped {
			return
		}
	} else if len(s.buf)-s.n < s.cfg.minRead {
		if s.restart > 0 {
			s.moveTo(s.buf) // compact
		}
		if len(s.buf)-s.n < s.cfg.minRead {
			s.moveTo(make([]byte, 2*len(s.buf)))
		}
	}
	s.read()
}

// read reads more of the body into the buffer. While the workers hold batches, it reads on a
// goroutine of its own and hands their entries on as they are decoded, so that an entry whose
// bytes have arrived is never held back by a read waiting for more.
func (s *streamer) read() {
	room := len(s.buf) - s.n
	var (
		k   int
		err error
	)
	if s.p != nil && len(s.p.queue) > 0 {
		if k, err = s.p.readDelivering(s, s.buf[s.n:]); s.stopped {
			return
		}
	} else {
		k, err = s.r.Read(s.buf[s.n:])
	}
	if k < 0 || k > room {
		k = 0
	}
	s.n += k
	if err != nil {
		s.readErr = err
	}
}

// moveTo moves the bytes from the restart point on to the start of dst, which becomes the
// buffer.
func (s *streamer) moveTo(dst []byte) {
	d := s.restart
	s.n = copy(dst, s.buf[d:s.n])
	s.buf = dst
	s.pos -= d
	s.restart = 0
	s.base += int64(d)
	s.fr.Shift(d)
}

// rest is what remains of the body after the buffer.
func (s *streamer) rest() io.Reader {
	switch {
	case s.readErr == nil:
		return s.r
	case isEOF(s.readErr):
		return eofReader{}
	}
	return errReader{s.readErr}
}

// isEOF reports whether err is io.EOF itself: an io.Reader ends with io.EOF unwrapped, and
// encoding/json's Decoder (the reference) and io.MultiReader compare with ==, so must we.
func isEOF(err error) bool {
	return err == io.EOF //nolint:errorlint // see above: the reference compares with ==
}

// end follows the array's ']': it hands the last elements on and checks that only white space
// follows.
func (s *streamer) end() error {
	if s.flush() {
		return nil
	}
	for {
		i := codec.SkipSpace(s.buf[:s.n], s.pos)
		if i < s.n || (s.readErr != nil && !isEOF(s.readErr)) {
			// Data after the array, or a read error: encoding/json says which (versions differ
			// on a value after the array that a read error follows).
			dec := json.NewDecoder(io.MultiReader(bytes.NewReader(s.buf[i:s.n]), s.rest()))
			return checkTrailer(dec, s.base+int64(i))
		}
		if isEOF(s.readErr) {
			return nil
		}
		s.n, s.pos, s.restart, s.base = 0, 0, 0, s.base+int64(s.n)
		s.read()
	}
}

// notArray ends a body whose first byte other than white space (at s.pos, if any) is not '[':
// encoding/json says what it holds (the value there may be cut short, or a read fail, before
// it can tell).
func (s *streamer) notArray() error {
	dec := json.NewDecoder(io.MultiReader(bytes.NewReader(s.buf[s.pos:s.n]), s.rest()))
	return openStd(dec, s.base+int64(s.pos))
}

// broken ends a body in which the framer found buf[at] invalid (ev SyntaxError) or nesting
// too deep (TooDeep), once the elements before it are delivered.
func (s *streamer) broken(ev codec.Event, at int) error {
	err := &SyntaxError{Offset: s.base + int64(at), msg: "invalid " + describeByte(s.buf[at])}
	if ev == codec.TooDeep {
		err.msg = fmt.Sprintf("containers nested deeper than %d levels", codec.MaxDepth)
	}
	if s.flush() {
		return nil
	}
	return err
}

// cutOff ends a body that ended, or whose read failed, inside the array, once the elements
// before are delivered. The element open at buf[start] (if start >= 0) is delivered too when
// encoding/json's Decoder takes it: at the end of the body, a complete string, literal or
// number; before a read error, such a string or literal for some versions, not others.
func (s *streamer) cutOff(start int) error {
	if s.flush() {
		return nil
	}
	if start >= 0 && takenBefore(s.buf[start:s.n], s.readErr) {
		s.deliver(s.buf[start:s.n])
		if s.stopped {
			return nil
		}
	}
	if isEOF(s.readErr) {
		return &SyntaxError{Offset: s.base + int64(s.n), msg: "the body ends inside the array", truncated: true}
	}
	return s.readErr
}

// takenBefore reports whether encoding/json's Decoder takes raw, the last bytes of an array
// before err ends the body, as a whole element.
func takenBefore(raw []byte, err error) bool {
	dec := json.NewDecoder(io.MultiReader(strings.NewReader("["), bytes.NewReader(raw), errReader{err}))
	var v json.RawMessage
	_, _ = dec.Token()
	return dec.Decode(&v) == nil
}

// flush delivers the elements the workers hold, if they have started: the stream ends here. It
// reports whether the sink stopped.
func (s *streamer) flush() bool {
	if s.p != nil {
		s.p.flush(s)
	}
	return s.stopped
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

// errReader replays a reader's error.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
