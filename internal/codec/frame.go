package codec

// Event is what [Framer.Next] found.
type Event uint8

// The events of [Framer.Next].
const (
	// NeedMore: the buffer ended before the next event; call Next again with more bytes.
	NeedMore Event = iota
	// Element: an element of the array is complete.
	Element
	// ArrayEnd: the array's closing bracket was consumed.
	ArrayEnd
	// SyntaxError: the bytes are not a JSON array; the offending byte is at the offset returned.
	SyntaxError
	// TooDeep: containers nest deeper than MaxDepth in an element, from the bracket at the
	// offset returned.
	TooDeep
)

// Where the framer is in the array.
const (
	frFirst     uint8 = iota // after '[': an element or ']'
	frNext                   // after ',': an element
	frAfter                  // after an element: ',' or ']'
	frIn                     // inside an element the buffer cut
	frScalarEnd              // after a string or literal element that ended the buffer: see Next
	frEnded                  // after the array's ']' or an error
)

// Framer splits a JSON array into its elements as the bytes arrive, validating the syntax of
// each element on the way (the bytes of an element it reports are a valid JSON value), as
// encoding/json's Decoder reads them.
//
// The caller consumes the opening '[' itself and then calls Next over its buffer; the framer
// keeps its state between calls, so a buffer may end anywhere. Offsets are into the buffer
// passed to Next; when the caller moves bytes still to be framed towards the start of a new
// buffer, it calls Shift.
type Framer struct {
	state uint8
	start int     // the current element's first byte, while in one
	scan  scanner // the current element's scan, while the buffer cuts it
}

// Reset makes f ready for a new array whose '[' has just been consumed.
func (f *Framer) Reset() {
	f.state, f.start = frFirst, -1
}

// Shift tells f that the bytes from the current element's first byte on were moved d bytes
// towards the start of the buffer.
func (f *Framer) Shift(d int) {
	if f.start >= 0 {
		f.start -= d
	}
}

// Next frames b from offset i: at first the byte after the '[', then the offset it returned
// last. It returns what it found, the current element's first byte (-1 when there is none),
// and the offset after what it found:
//   - Element: the element is b[start:next];
//   - ArrayEnd: the ']' is b[next-1];
//   - NeedMore: every byte of b has been taken into account; call Next again from next with b
//     grown, its bytes from start (or from next) on kept;
//   - SyntaxError, TooDeep: b[next] is the offending byte.
//
// A string or literal element that ends b is only reported once the byte after it has come,
// for encoding/json's Decoder only takes it then: were the next read to fail, it would not be
// delivered.
func (f *Framer) Next(b []byte, i int) (ev Event, start, next int) {
	switch f.state {
	case frIn:
		return f.element(b, i)
	case frScalarEnd:
		if i == len(b) {
			return NeedMore, f.start, i
		}
		return f.elementEnds(i)
	}
	for {
		if i = skipSpace(b, i); i == len(b) {
			return NeedMore, -1, i
		}
		switch c := b[i]; {
		case c == ',' && f.state == frAfter:
			f.state = frNext
			i++
		case c == ']' && (f.state == frFirst || f.state == frAfter):
			f.state = frEnded
			return ArrayEnd, -1, i + 1
		case f.state == frFirst || f.state == frNext:
			f.start = i
			f.scan.reset()
			return f.element(b, i)
		default:
			f.state = frEnded
			return SyntaxError, -1, i
		}
	}
}

// element goes on scanning the current element, at b[i].
func (f *Framer) element(b []byte, i int) (ev Event, start, next int) {
	end, res := f.scan.scan(b, i)
	switch res {
	case scanOK:
		if end == len(b) && b[end-1] != '}' && b[end-1] != ']' { // a string or literal
			f.state = frScalarEnd
			return NeedMore, f.start, end
		}
		return f.elementEnds(end)
	case scanMore:
		f.state = frIn
		return NeedMore, f.start, end
	case scanTooDeep:
		ev = TooDeep
	default:
		ev = SyntaxError
	}
	f.state = frEnded
	return ev, f.start, end
}

// elementEnds reports the current element, which ends before b[end].
func (f *Framer) elementEnds(end int) (ev Event, start, next int) {
	start, f.start, f.state = f.start, -1, frAfter
	return Element, start, end
}
