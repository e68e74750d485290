package codec

// Event is what [Framer.Next] found.
type Event uint8

// The events of [Framer.Next].
const (
	// NeedMore: every byte given was scanned; call Next again with more bytes.
	NeedMore Event = iota
	// Element: an element of the array is complete.
	Element
	// ArrayEnd: the array's closing bracket was consumed.
	ArrayEnd
	// SyntaxError: the bytes are not (or may not be: nesting past MaxDepth) a valid array. The
	// caller should let encoding/json decide what the stream holds from the end of the last
	// element on.
	SyntaxError
)

// MaxDepth is how deeply containers may nest inside one element before the framer gives up
// (encoding/json allows 10000; the waitlist's entries nest 3 deep).
const MaxDepth = 512

// The framer's states: between tokens at the array's level, between tokens inside an element,
// and inside a token.
const (
	stFirst        uint8 = iota // after '[': an element or ']'
	stElem                      // after ',': an element
	stAfterElem                 // after an element: ',' or ']'
	stValue                     // inside an element, after ':' or an array's ',': a value
	stValueOrClose              // after '[': a value or ']'
	stKeyOrClose                // after '{': a key or '}'
	stKey                       // after an object's ',': a key
	stColon                     // after a key: ':'
	stAfterValue                // after a value inside a container: ',' or the closing bracket
	stString                    // inside a string value
	stKeyString                 // inside a key
	stEscape                    // after a backslash (f.key tells which kind of string)
	stHex                       // inside \uXXXX, f.n hex digits to go
	stLiteral                   // inside true, false or null: f.lit is the rest
	stMinus                     // after a number's '-'
	stZero                      // after a number's leading 0
	stInt                       // in a number's integer digits
	stDot                       // after a number's '.'
	stFrac                      // in a number's fraction digits
	stExp                       // after a number's 'e'
	stExpSign                   // after the exponent's sign
	stExpDigits                 // in the exponent's digits
	stScalarEnd                 // after a string or literal element, before the byte after it
	stEnded                     // after the array's ']' or a syntax error
)

// Framer splits a JSON array into its elements as the bytes arrive, validating the syntax of
// each element on the way (the bytes of an element it reports are a valid JSON value).
//
// The caller consumes the opening '[' itself and then calls Next over its buffer; the framer
// keeps its state between calls, so a buffer may end anywhere. Offsets are into the buffer
// passed to Next; when the caller moves unscanned bytes to the start of a new buffer, it calls
// Shift.
type Framer struct {
	stack []byte // the containers open inside the current element: '{' or '['
	state uint8
	key   bool   // in stEscape and stHex: the string is a key
	n     uint8  // in stHex: hex digits to go
	lit   string // in stLiteral: the literal's remaining bytes
	start int    // the current element's first byte, while in one
}

// Reset makes f ready for a new array whose '[' has just been consumed.
func (f *Framer) Reset() {
	*f = Framer{stack: f.stack[:0], state: stFirst, start: -1}
}

// Shift tells f that the bytes it has scanned were moved d bytes towards the start of the
// buffer (an element's start offset moves with them).
func (f *Framer) Shift(d int) {
	if f.start >= 0 {
		f.start -= d
	}
}

// InElement reports whether f is inside an element, and the offset where it began.
func (f *Framer) InElement() (start int, ok bool) {
	return f.start, f.start >= 0
}

// Next scans b from offset i. It returns what it found and the offset after it:
//   - Element: the element is b[start:next];
//   - ArrayEnd: the ']' is b[next-1];
//   - NeedMore: next == len(b); an element begun in b is still open (see InElement);
//   - SyntaxError: b[next] (or the end of input, for a number) is where the framer gave up.
func (f *Framer) Next(b []byte, i int) (ev Event, start, next int) {
	for i < len(b) {
		switch f.state {
		case stFirst, stElem, stAfterElem:
			i = skipSpace(b, i)
			if i == len(b) {
				return NeedMore, 0, i
			}
			c := b[i]
			if f.state == stAfterElem {
				switch c {
				case ',':
					f.state = stElem
					i++
					continue
				case ']':
					f.state = stEnded
					return ArrayEnd, 0, i + 1
				}
				return f.fail(i)
			}
			if c == ']' && f.state == stFirst {
				f.state = stEnded
				return ArrayEnd, 0, i + 1
			}
			switch end, res := scanElement(b, i); res {
			case fastOK:
				f.state = stAfterElem
				return Element, i, end
			case fastInvalid:
				return f.fail(i)
			}
			// The buffer ends inside the element: the state machine scans it, resumably.
			f.start = i
			f.state = stValue

		case stValue, stValueOrClose:
			i = skipSpace(b, i)
			if i == len(b) {
				return NeedMore, 0, i
			}
			c := b[i]
			switch {
			case c == '"':
				f.state = stString
				i++
			case c == '{':
				if len(f.stack) >= MaxDepth {
					return f.fail(i)
				}
				f.stack = append(f.stack, '{')
				f.state = stKeyOrClose
				i++
			case c == '[':
				if len(f.stack) >= MaxDepth {
					return f.fail(i)
				}
				f.stack = append(f.stack, '[')
				f.state = stValueOrClose
				i++
			case c == ']' && f.state == stValueOrClose:
				f.stack = f.stack[:len(f.stack)-1]
				i++
				if ev, s, n := f.valueDone(i); ev == Element {
					return ev, s, n
				}
			case c == '-':
				f.state = stMinus
				i++
			case c == '0':
				f.state = stZero
				i++
			case '1' <= c && c <= '9':
				f.state = stInt
				i++
			case c == 't':
				f.state, f.lit = stLiteral, "true"[1:]
				i++
			case c == 'f':
				f.state, f.lit = stLiteral, "false"[1:]
				i++
			case c == 'n':
				f.state, f.lit = stLiteral, "null"[1:]
				i++
			default:
				return f.fail(i)
			}

		case stKeyOrClose, stKey:
			i = skipSpace(b, i)
			if i == len(b) {
				return NeedMore, 0, i
			}
			switch c := b[i]; {
			case c == '"':
				f.state = stKeyString
				i++
			case c == '}' && f.state == stKeyOrClose:
				f.stack = f.stack[:len(f.stack)-1]
				i++
				if ev, s, n := f.valueDone(i); ev == Element {
					return ev, s, n
				}
			default:
				return f.fail(i)
			}

		case stColon:
			i = skipSpace(b, i)
			if i == len(b) {
				return NeedMore, 0, i
			}
			if b[i] != ':' {
				return f.fail(i)
			}
			f.state = stValue
			i++

		case stAfterValue:
			i = skipSpace(b, i)
			if i == len(b) {
				return NeedMore, 0, i
			}
			top := f.stack[len(f.stack)-1]
			switch c := b[i]; {
			case c == ',':
				if top == '{' {
					f.state = stKey
				} else {
					f.state = stValue
				}
				i++
			case c == '}' && top == '{', c == ']' && top == '[':
				f.stack = f.stack[:len(f.stack)-1]
				i++
				if ev, s, n := f.valueDone(i); ev == Element {
					return ev, s, n
				}
			default:
				return f.fail(i)
			}

		case stString, stKeyString:
			j, _ := stringEnd(b, i)
			if j == len(b) {
				return NeedMore, 0, j
			}
			switch b[j] {
			case '"':
				i = j + 1
				if f.state == stKeyString {
					f.state = stColon
					continue
				}
				if ev, s, n := f.scalarDone(b, i); ev == Element {
					return ev, s, n
				}
			case '\\':
				f.key = f.state == stKeyString
				f.state = stEscape
				i = j + 1
			default: // a control character
				return f.fail(j)
			}

		case stEscape:
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				f.state = f.stringState()
			case 'u':
				f.state, f.n = stHex, 4
			default:
				return f.fail(i)
			}
			i++

		case stHex:
			for ; f.n > 0 && i < len(b); f.n-- {
				if !isHex(b[i]) {
					return f.fail(i)
				}
				i++
			}
			if f.n == 0 {
				f.state = f.stringState()
			}

		case stLiteral:
			for f.lit != "" && i < len(b) {
				if b[i] != f.lit[0] {
					return f.fail(i)
				}
				f.lit = f.lit[1:]
				i++
			}
			if f.lit == "" {
				if ev, s, n := f.scalarDone(b, i); ev == Element {
					return ev, s, n
				}
			}

		case stMinus:
			switch c := b[i]; {
			case c == '0':
				f.state = stZero
			case '1' <= c && c <= '9':
				f.state = stInt
			default:
				return f.fail(i)
			}
			i++

		case stInt, stFrac, stExpDigits:
			for i < len(b) && isDigit(b[i]) {
				i++
			}
			if i == len(b) {
				return NeedMore, 0, i
			}
			var ev Event
			var s int
			if f.state == stExpDigits {
				ev, s, i = f.valueDone(i)
			} else {
				ev, s, i = f.afterDigits(b, i)
			}
			if ev == Element {
				return ev, s, i
			}

		case stZero:
			var ev Event
			var s int
			if ev, s, i = f.afterDigits(b, i); ev == Element {
				return ev, s, i
			}

		case stDot:
			if !isDigit(b[i]) {
				return f.fail(i)
			}
			f.state = stFrac
			i++

		case stExp:
			switch c := b[i]; {
			case c == '+' || c == '-':
				f.state = stExpSign
			case isDigit(c):
				f.state = stExpDigits
			default:
				return f.fail(i)
			}
			i++

		case stExpSign:
			if !isDigit(b[i]) {
				return f.fail(i)
			}
			f.state = stExpDigits
			i++

		case stScalarEnd:
			return f.valueDone(i)

		default: // stEnded
			return f.fail(i)
		}
	}
	return NeedMore, 0, i
}

// afterDigits handles the byte after a number's integer part (stZero, stInt) or fraction
// (stFrac): a '.', an exponent, or the end of the number. Like valueDone, it returns Element
// or, to go on scanning, NeedMore and the offset to go on from.
func (f *Framer) afterDigits(b []byte, i int) (ev Event, start, next int) {
	switch c := b[i]; {
	case c == '.' && (f.state == stZero || f.state == stInt):
		f.state = stDot
		return NeedMore, 0, i + 1
	case c == 'e' || c == 'E':
		f.state = stExp
		return NeedMore, 0, i + 1
	}
	return f.valueDone(i)
}

// scalarDone ends a string or a literal that finished just before b[i]. When it is the
// element itself, encoding/json's Decoder only takes it once it has seen the byte after it (or
// the end of the input), so the framer waits for that byte too: were the next read to fail,
// the element would not be delivered.
func (f *Framer) scalarDone(b []byte, i int) (ev Event, start, next int) {
	if len(f.stack) == 0 && i == len(b) {
		f.state = stScalarEnd
		return NeedMore, 0, i
	}
	return f.valueDone(i)
}

// valueDone ends a value that finished just before b[i]: the element, when no container is
// open inside it.
func (f *Framer) valueDone(i int) (ev Event, start, next int) {
	if len(f.stack) > 0 {
		f.state = stAfterValue
		return NeedMore, 0, i
	}
	start = f.start
	f.start = -1
	f.state = stAfterElem
	return Element, start, i
}

func (f *Framer) stringState() uint8 {
	if f.key {
		return stKeyString
	}
	return stString
}

func (f *Framer) fail(i int) (Event, int, int) {
	f.state = stEnded
	return SyntaxError, 0, i
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
