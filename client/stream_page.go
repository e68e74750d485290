package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// A successful body is the documented bare array, or Fanfare's page envelope (its Admin API's
// paged lists): {"data": [...], "pageInfo": {"startCursor": …, "endCursor": …}}, members in any
// order. pageBody makes the envelope read as its data array, so that the stream (stream.go)
// decodes both alike: the array's bytes pass through as they arrive, the members around it are
// read aside (small; maxPageMember at most each), and the endCursor tells whether a next page
// follows.

// maxPageMember bounds a member of the envelope other than data (pageInfo, and members this
// version does not know): they are held whole to be checked.
const maxPageMember = 1 << 20

// The modes of a pageBody.
const (
	pageStart   = iota // nothing but white space seen yet
	pageArray          // a bare array: every byte passes through
	pageData           // inside the envelope's data array
	pageMembers        // the data array ended: the members after it
	pageDone           // the envelope ended (io.EOF), or failed (err)
)

// pageBody reads a successful body as the array the stream expects.
type pageBody struct {
	r    io.Reader
	mode int

	ahead []byte // bytes read from r and not yet used: ahead[off:]
	off   int
	rerr  error // r's error, once seen, and returned once ahead is used
	err   error // the envelope's own error, sticky

	// the data array's scan: nesting depth, inside a string, after a backslash
	depth       int
	inStr, esc  bool
	envelope    bool
	cursor      string
	hasCursor   bool // pageInfo.endCursor is a string: a next page follows
	sawPageInfo bool
	ended       bool // the envelope's closing '}' was read

	pos   int64        // the body offset of the next byte the envelope's reading takes
	shift int64        // a stream offset plus shift is a body offset (see start)
	own   *SyntaxError // the envelope's own error, at a body offset already
}

// Read implements io.Reader.
func (b *pageBody) Read(p []byte) (int, error) {
	switch b.mode {
	case pageArray:
		return b.r.Read(p)
	case pageStart:
		return b.start(p)
	case pageData:
		return b.data(p)
	case pageMembers:
		b.err = b.after()
		b.mode = pageDone
		return 0, b.err
	}
	return 0, b.err
}

// start reads the body's first bytes into p: an array's pass through, an object's begin the
// envelope.
func (b *pageBody) start(p []byte) (int, error) {
	n, err := b.r.Read(p)
	for i, c := range p[:n] {
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case '{':
			// The stream gets the white space read before this chunk, then '[' for data's
			// '[', then data's bytes: its offsets are the body's less shift.
			streamed := b.pos
			b.envelope = true
			b.pos += int64(i + 1)
			b.ahead, b.off, b.rerr = append(b.ahead[:0], p[i+1:n]...), 0, err
			if b.err = b.before(); b.err != nil {
				b.mode = pageDone
				return 0, b.err
			}
			b.shift = b.pos - 1 - streamed
			b.mode = pageData
			p[0] = '['
			m, err := b.data(p[1:])
			return m + 1, err
		}
		b.mode = pageArray // not an object: the stream says what it is
		return n, err
	}
	b.pos += int64(n)
	return n, err
}

// data passes the data array's bytes on, up to its closing ']'.
func (b *pageBody) data(p []byte) (int, error) {
	var n int
	var err error
	fromAhead := b.off < len(b.ahead)
	if fromAhead {
		n = copy(p, b.ahead[b.off:])
		b.off += n
	} else {
		if b.rerr != nil {
			return 0, b.rerr
		}
		n, err = b.r.Read(p)
	}
	b.pos += int64(n)
	if end := b.scan(p[:n]); end >= 0 {
		b.pos -= int64(n - end)
		rest := p[end:n]
		if fromAhead { // put the rest back
			b.off -= len(rest)
		} else {
			b.ahead, b.off = append(b.ahead[:0], rest...), 0
			b.rerr, err = err, nil
		}
		b.mode = pageMembers
		return end, err
	}
	return n, err // an io.EOF here is early: the stream reports the truncated array
}

// scan follows the data array over p and returns the offset just past its closing ']', or -1.
// The stream checks the syntax; this only finds the end.
func (b *pageBody) scan(p []byte) int {
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case b.esc:
			b.esc = false
		case b.inStr:
			switch c {
			case '\\':
				b.esc = true
			case '"':
				b.inStr = false
			}
		case c == '"':
			b.inStr = true
		case c == '[' || c == '{':
			b.depth++
		case c == ']' || c == '}':
			if b.depth == 0 {
				return i + 1
			}
			b.depth--
		}
	}
	return -1
}

// before reads the envelope's members up to data's '[' (excluded: the caller gives it).
func (b *pageBody) before() error {
	first := true
	for {
		c, err := b.token()
		if err != nil {
			return err
		}
		if c == '}' {
			return b.fail("it has no data member")
		}
		if !first {
			if c != ',' {
				return b.fail(fmt.Sprintf("%s where a ',' or the data member was expected", describeByte(c)))
			}
			if c, err = b.token(); err != nil {
				return err
			}
		}
		first = false
		name, err := b.name(c)
		if err != nil {
			return err
		}
		if name == "data" {
			c, err := b.token()
			if err != nil {
				return err
			}
			if c != '[' {
				return b.fail("its data is not an array")
			}
			return nil
		}
		if err := b.member(name); err != nil {
			return err
		}
	}
}

// after reads the members after the data array and the end of the body: io.EOF when all is
// well.
func (b *pageBody) after() error {
	for {
		c, err := b.token()
		if err != nil {
			return err
		}
		if c == '}' {
			b.ended = true
			break
		}
		if c != ',' {
			return b.fail(fmt.Sprintf("%s after the data array", describeByte(c)))
		}
		if c, err = b.token(); err != nil {
			return err
		}
		name, err := b.name(c)
		if err != nil {
			return err
		}
		if name == "data" {
			return b.fail("it has two data members")
		}
		if err := b.member(name); err != nil {
			return err
		}
	}
	c, err := b.token()
	switch {
	case err == nil:
		return b.fail(fmt.Sprintf("%s after the envelope", describeByte(c)))
	case isEOF(err):
		return io.EOF
	}
	return err
}

// name reads a member's name, whose opening '"' is c, and the ':' after it.
func (b *pageBody) name(c byte) (string, error) {
	if c != '"' {
		return "", b.fail(fmt.Sprintf("%s where a member name was expected", describeByte(c)))
	}
	raw, err := b.value('"')
	if err != nil {
		return "", err
	}
	var name string
	if err := json.Unmarshal(raw, &name); err != nil {
		return "", b.fail("a member name is not a valid string")
	}
	if c, err = b.token(); err != nil {
		return "", err
	}
	if c != ':' {
		return "", b.fail(fmt.Sprintf("%s after a member name", describeByte(c)))
	}
	return name, nil
}

// member reads the value of a member other than data: pageInfo's endCursor is kept; any other
// member is checked and left.
func (b *pageBody) member(name string) error {
	c, err := b.token()
	if err != nil {
		return err
	}
	raw, err := b.value(c)
	if err != nil {
		return err
	}
	if !json.Valid(raw) {
		return b.fail(fmt.Sprintf("its member %q is not valid JSON", name))
	}
	if name != "pageInfo" {
		return nil
	}
	if b.sawPageInfo {
		return b.fail("it has two pageInfo members")
	}
	b.sawPageInfo = true
	var info struct {
		EndCursor json.RawMessage `json:"endCursor"`
	}
	if err := json.Unmarshal(raw, &info); err != nil {
		return b.fail("its pageInfo is not an object")
	}
	switch {
	case len(info.EndCursor) == 0 || string(info.EndCursor) == "null":
	case json.Unmarshal(info.EndCursor, &b.cursor) == nil:
		b.hasCursor = true
	default:
		return b.fail("its pageInfo.endCursor is neither a string nor null")
	}
	return nil
}

// value reads one JSON value whose first byte c was just read, and returns its bytes (the
// syntax is checked by the caller).
func (b *pageBody) value(c byte) ([]byte, error) {
	raw := []byte{c}
	depth := 0
	switch c {
	case '"':
		return b.str(raw)
	case '[', '{':
		depth = 1
	}
	for {
		if depth == 0 && c != '"' && c != '[' && c != '{' {
			// a literal or number: it ends before the next delimiter
			nc, err := b.peek()
			if err != nil {
				return nil, err
			}
			if nc == ',' || nc == '}' || nc == ']' || nc == ' ' || nc == '\t' || nc == '\n' || nc == '\r' {
				return raw, nil
			}
			c, _ = b.byte()
			raw = append(raw, c)
		} else {
			var err error
			if c, err = b.byte(); err != nil {
				return nil, err
			}
			if c == '"' {
				if raw, err = b.str(append(raw, c)); err != nil {
					return nil, err
				}
			} else {
				raw = append(raw, c)
				switch c {
				case '[', '{':
					depth++
				case ']', '}':
					depth--
				}
			}
			if depth == 0 {
				return raw, nil
			}
		}
		if len(raw) > maxPageMember {
			return nil, b.fail(fmt.Sprintf("a member is larger than %d bytes", maxPageMember))
		}
	}
}

// str reads the rest of a string whose opening '"' ends raw.
func (b *pageBody) str(raw []byte) ([]byte, error) {
	for esc := false; ; {
		c, err := b.byte()
		if err != nil {
			return nil, err
		}
		raw = append(raw, c)
		switch {
		case esc:
			esc = false
		case c == '\\':
			esc = true
		case c == '"':
			return raw, nil
		}
		if len(raw) > maxPageMember {
			return nil, b.fail(fmt.Sprintf("a member is larger than %d bytes", maxPageMember))
		}
	}
}

// token returns the next byte that is not white space.
func (b *pageBody) token() (byte, error) {
	for {
		c, err := b.byte()
		if err != nil || (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
			return c, err
		}
	}
}

// peek returns the next byte without using it.
func (b *pageBody) peek() (byte, error) {
	c, err := b.byte()
	if err == nil {
		b.off--
		b.pos--
	}
	return c, err
}

// byte returns the next byte of the body: io.EOF at its end after the envelope, a malformed
// response at its end inside the envelope.
func (b *pageBody) byte() (byte, error) {
	for b.off >= len(b.ahead) {
		switch {
		case b.rerr == nil:
		case !isEOF(b.rerr):
			return 0, b.rerr
		case b.ended:
			return 0, io.EOF
		default:
			b.pos++ // fail names the byte before pos: here the end of the body
			return 0, b.fail("the body ends inside it")
		}
		if cap(b.ahead) < 4<<10 {
			b.ahead = make([]byte, 0, 4<<10)
		}
		n, err := b.r.Read(b.ahead[:cap(b.ahead)])
		b.ahead, b.off, b.rerr = b.ahead[:n], 0, err
	}
	c := b.ahead[b.off]
	b.off++
	b.pos++
	return c, nil
}

// fail is an envelope that cannot be followed, at the byte just read: a malformed response.
func (b *pageBody) fail(why string) error {
	b.own = &SyntaxError{Offset: b.pos - 1, msg: "the page envelope: " + why}
	return b.own
}

// offsets makes the stream's error err name a body offset: past an envelope's opening, the
// stream's offsets are those of the array it was given.
func (b *pageBody) offsets(err error) {
	var syn *SyntaxError
	if b.envelope && errors.As(err, &syn) && syn != b.own {
		syn.Offset += b.shift
	}
}
