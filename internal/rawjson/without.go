package rawjson

import "errors"

// errNotCompact stops the fast walk of AppendWithout at white space outside a string, for the
// general one to start over.
var errNotCompact = errors.New("rawjson: not compact")

// AppendWithout appends obj, an object, compacted, leaving out every member at path (keys, one
// per level of nested objects; every repeat of a key on the path is followed, and a value on it
// that is not an object is kept as it is).
//
// An object that is already compact, as an API sends it, is walked once from key to key and
// copied in runs of the members it keeps; any other is compacted byte by byte.
func AppendWithout(dst, obj []byte, path ...string) ([]byte, error) {
	if len(path) == 0 {
		return AppendCompact(dst, obj)
	}
	if len(obj) > 0 && obj[0] == '{' {
		out, end, err := appendCut(dst, obj, 0, path)
		if err == nil && end != len(obj) {
			err = errNotCompact // white space after the object, or more
		}
		if !errors.Is(err, errNotCompact) {
			return out, err
		}
	}
	if i := skipSpace(obj, 0); i >= len(obj) || obj[i] != '{' {
		return dst, ErrSyntax
	}
	return appendFiltered(dst, obj, path)
}

// appendCut appends the object at obj[start:], which has no white space outside its strings,
// leaving out the members at path, and returns the index after it. Runs of members it keeps
// are copied whole, so that an object with one member to leave out costs two copies. It fails
// with errNotCompact at the first white space outside a string, and on any error returns dst
// as it was.
func appendCut(dst, obj []byte, start int, path []string) (out []byte, end int, err error) {
	if len(path) == 0 { // nothing to leave out
		if end, err = compactValueEnd(obj, start); err != nil {
			return dst, 0, err
		}
		return append(dst, obj[start:end]...), end, nil
	}
	name := path[0]
	out = dst
	out = append(out, '{')
	if start+1 < len(obj) && obj[start+1] == '}' {
		return append(out, '}'), start + 2, nil
	}
	run, runEnd := -1, -1 // the kept members not yet copied: obj[run:runEnd]
	wrote := false        // a member was written into out's object
	flush := func() {
		if run < 0 {
			return
		}
		if wrote {
			out = append(out, ',')
		}
		out, wrote, run = append(out, obj[run:runEnd]...), true, -1
	}
	for i := start + 1; ; {
		colon, err := keyEnd(obj, i)
		if err != nil {
			return dst, 0, err
		}
		onPath := keyIs(obj[i:colon], name)
		switch {
		case onPath && len(path) > 1 && colon+1 < len(obj) && obj[colon+1] == '{':
			flush()
			if wrote {
				out = append(out, ',')
			}
			out = append(out, obj[i:colon+1]...)
			if out, end, err = appendCut(out, obj, colon+1, path[1:]); err != nil {
				return dst, 0, err
			}
			wrote = true
		case onPath && len(path) == 1: // left out
			flush()
			if end, err = compactValueEnd(obj, colon+1); err != nil {
				return dst, 0, err
			}
		default:
			if end, err = compactValueEnd(obj, colon+1); err != nil {
				return dst, 0, err
			}
			if run < 0 {
				run = i
			}
			runEnd = end
		}
		if end >= len(obj) {
			return dst, 0, ErrSyntax
		}
		switch obj[end] {
		case ',':
			i = end + 1
		case '}':
			flush()
			return append(out, '}'), end + 1, nil
		default:
			return dst, 0, errNotCompact
		}
	}
}

// keyEnd returns the index after the key that starts a member of a compact object at obj[i],
// where the member's colon is.
func keyEnd(obj []byte, i int) (int, error) {
	if i >= len(obj) || obj[i] != '"' {
		return 0, errNotCompact
	}
	colon, err := stringEnd(obj, i)
	if err != nil {
		return 0, err
	}
	if colon >= len(obj) || obj[colon] != ':' {
		return 0, errNotCompact
	}
	return colon, nil
}

// compactValueEnd is valueEnd for a value with no white space outside its strings: it fails
// with errNotCompact at the first.
func compactValueEnd(b []byte, i int) (int, error) {
	switch {
	case i < len(b) && b[i] == '"':
		return stringEnd(b, i)
	case i < len(b) && isSpace(b[i]):
		return 0, errNotCompact
	case i < len(b) && (b[i] == '{' || b[i] == '['):
		return containerEnd(b, i, true)
	}
	return valueEnd(b, i)
}
