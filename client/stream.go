package client

import (
	"bytes"
	"encoding/json"
	"errors"
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

var defaultStreamConfig = streamConfig{bufSize: 64 << 10, minRead: 16 << 10, seqEntries: 16}

// decodeEntries reads one JSON array of waitlist entries from r and calls sink for each element
// in order. It returns nil at the end of the array (only white space may follow) or when sink
// returns false. Otherwise it returns an error matching ErrMalformedResponse (not an array,
// malformed or truncated JSON, data after the array), or r's own error.
//
// It gives exactly what decodeEntriesStd (encoding/json) gives, elements and errors alike, only
// faster: a framer (codec.Framer) splits the array into elements over a reused buffer, checking
// their syntax as it goes; the first few elements are decoded on the caller's goroutine, the
// rest in batches by GOMAXPROCS workers, and delivered to sink in order. Wherever the stream is
// not a plain well-formed array, encoding/json takes over from the last complete element.
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
	restart int   // where the stream goes on after the last complete element
	base    int64 // the body offset of buf[0]
	// scanned is how many bytes encoding/json's Decoder would have counted by now for the
	// offsets of its syntax errors: only what its Decode calls scan, that is each element and
	// the white space between its comma and it.
	scanned int64
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
	if len(own) > 4*defaultStreamConfig.bufSize {
		own = nil
	}
	s.dec.Release()
	*s = streamer{own: own, fr: s.fr, dec: s.dec}
	streamers.Put(s)
}

func (s *streamer) run() error {
	s.buf = s.own
	// The opening '['. Anything else is left to encoding/json, which says what it is.
	for {
		i := codec.SkipSpace(s.buf[:s.n], s.pos)
		if i < s.n {
			if s.buf[i] != '[' {
				return s.delegateAll()
			}
			s.pos, s.restart = i+1, i+1
			break
		}
		s.pos = i
		if s.readErr != nil {
			return s.delegateAll()
		}
		s.n, s.pos, s.base = 0, 0, s.base+int64(s.n)
		s.read()
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
		case codec.SyntaxError:
			return s.tail()
		case codec.NeedMore:
			if s.readErr != nil {
				return s.tail()
			}
			s.more()
		}
		if s.stopped {
			return nil
		}
	}
}

// element takes the complete element buf[start:end].
func (s *streamer) element(start, end int) {
	from := start
	if s.count > 0 {
		from = s.restart + bytes.IndexByte(s.buf[s.restart:start], ',') + 1
	}
	s.scanned += int64(end - from)
	s.restart = end
	i := s.count
	s.count++
	if s.p != nil {
		s.p.cur.spans = append(s.p.cur.spans, span{start, end})
		return
	}
	raw := s.buf[start:end]
	err := decodeFast(&s.dec, raw, &s.entry)
	if !s.sink(i, raw, &s.entry, err) {
		s.stopped = true
		return
	}
	if s.count == s.cfg.seqEntries {
		workers := s.cfg.workers
		if workers == 0 {
			workers = min(runtime.GOMAXPROCS(0), 16)
		}
		if workers > 1 {
			s.p = newPipeline(workers, s.cfg.bufSize)
			s.p.start(s, s.p.newBatch())
		}
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
	if s.p != nil {
		s.p.flush(s)
		if s.stopped {
			return nil
		}
	}
	for {
		i := codec.SkipSpace(s.buf[:s.n], s.pos)
		if i < s.n || (s.readErr != nil && !isEOF(s.readErr)) {
			// Data after the array, or a read error: encoding/json says which (its Decoder
			// goes on counting scanned bytes after the array).
			base := s.scanned
			if i < s.n && isDelim(s.buf[i]) {
				base = s.base + int64(i)
			}
			dec := json.NewDecoder(io.MultiReader(bytes.NewReader(s.buf[i:s.n]), s.rest()))
			return checkTrailer(dec, base)
		}
		if isEOF(s.readErr) {
			return nil
		}
		s.n, s.pos, s.restart, s.base = 0, 0, 0, s.base+int64(s.n)
		s.read()
	}
}

// tail hands the stream over to encoding/json from the end of the last complete element, once
// the elements before it are delivered: the stream is broken (a syntax error, a truncation, a
// read error) and encoding/json's Decoder says what is delivered and returned.
func (s *streamer) tail() error {
	if s.p != nil {
		s.p.flush(s)
		if s.stopped {
			return nil
		}
	}
	if s.count == 0 {
		return s.delegate(s.restart, "[", 0)
	}
	// After an element: encoding/json resumes as after a dummy first element ("{}", 2 bytes
	// scanned), skipped.
	return s.delegate(s.restart, "[{}", 1)
}

// delegate runs decodeEntriesStd on prefix + buf[from:n] + the rest of the body, skipping its
// first skip elements and numbering the others from s.count.
func (s *streamer) delegate(from int, prefix string, skip int) error {
	first := s.count
	r := io.MultiReader(strings.NewReader(prefix), bytes.NewReader(s.buf[from:s.n]), s.rest())
	off := offsets{abs: s.base + int64(from) - int64(len(prefix)), scanned: s.scanned - 2*int64(skip)}
	return decodeStd(r, func(i int, raw []byte, e *WaitlistConsumer, err error) bool {
		if i < skip {
			return true
		}
		return s.sink(first+i-skip, raw, e, err)
	}, off)
}

// delegateAll runs decodeEntriesStd on the whole body: it is not an array.
func (s *streamer) delegateAll() error {
	r := io.MultiReader(&spaces{n: s.base}, bytes.NewReader(s.buf[:s.n]), s.rest())
	return decodeStd(r, s.sink, offsets{})
}

// spaces reads as n spaces: the white space that began the body, dropped from the buffer.
type spaces struct{ n int64 }

func (r *spaces) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := int(min(int64(len(p)), r.n))
	for i := range k {
		p[i] = ' '
	}
	r.n -= int64(k)
	return k, nil
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

// errReader replays a reader's error.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
