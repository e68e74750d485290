package clienttest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/fanfare-go/fanfare/internal/fakeapi"
)

// Paging, as Fanfare's Admin API documents its paged lists: the body is the envelope
// {"data": [...], "pageInfo": {"startCursor": …, "endCursor": …}}; the next page is asked for
// with after=<endCursor> and first=<page size, at most 100>; the last page's endCursor is null.
// Cursors are opaque; the server keeps what each names (the list of that read, which a next
// page continues even when the waitlist evolves meanwhile, and the offset).

// maxPageFirst is the largest "first" the Admin API takes.
const maxPageFirst = 100

// WithPages makes the server answer every waitlist read in pages of size entries (a size below
// 1 is ignored): the first request gets the first size entries in the page envelope, and a
// request with the query after=<endCursor> (and first=N, 1 to 100, which makes the page at most
// N entries) the next ones, until a page whose endCursor is null. A cursor the server does not
// know, or no longer knows ([Server.ExpireCursors]), gets a 400.
func WithPages(size int) ServerOption {
	return func(c *serverConfig) {
		if size >= 1 {
			c.pageSize = size
		}
	}
}

// WithPageInfoFirst makes the pages of [WithPages] write their pageInfo member before data
// (after it by default): a client must take the members in either order.
func WithPageInfoFirst() ServerOption {
	return func(c *serverConfig) { c.pageInfoFirst = true }
}

// ExpireCursors forgets every page cursor the server gave, as Fanfare's cursors expire after a
// day without use: the next request for a page after one of them gets a 400.
func (s *Server) ExpireCursors() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.cursors)
}

// pageCursor is what a cursor names: the rest of one read's list.
type pageCursor struct {
	list waitlist
	next int // the entry the next page starts with
}

// newCursor records where a page ends and returns its opaque cursor. The cursor holds
// characters a query must escape ('+', '/', '='), as base64 cursors do.
func (s *Server) newCursor(list waitlist, next int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cursors == nil {
		s.cursors = map[string]pageCursor{}
	}
	s.cursorSeq++
	c := fmt.Sprintf("c+%d/%d==", s.cursorSeq, next)
	s.cursors[c] = pageCursor{list: list, next: next}
	return c
}

// pageAnswer is the answer of a paged server to a read of sequenceID (wl, the list a new read
// gets, nil for an unknown sequence) with the request's query.
func (s *Server) pageAnswer(wl waitlist, query url.Values, h headerValues) fakeapi.ListWaitlistConsumersResponseObject {
	size := s.cfg.pageSize
	if first := query.Get("first"); first != "" {
		n, err := strconv.Atoi(first)
		if err != nil || n < 1 || n > maxPageFirst {
			return badPageRequest(h, "first", fmt.Sprintf("Invalid value: Expected an integer from 1 to %d", maxPageFirst))
		}
		size = min(size, n)
	}
	from := 0
	if after, ok := query["after"]; ok {
		s.mu.Lock()
		c, known := s.cursors[after[0]]
		s.mu.Unlock()
		if !known {
			return badPageRequest(h, "after", "Invalid cursor: unknown or expired")
		}
		wl, from = c.list, c.next
	}
	if wl == nil {
		return errorResponse(http.StatusNotFound, errorBody(http.StatusNotFound, ""), h)
	}
	to := min(from+size, wl.size())
	p := pageResponse{list: wl, from: from, to: to, headers: h, infoFirst: s.cfg.pageInfoFirst}
	if from > 0 {
		p.start = s.cursorOf(from)
	}
	if to < wl.size() {
		p.end = s.newCursor(wl, to)
	}
	return p
}

// cursorOf names a page's start for its startCursor (informative only).
func (s *Server) cursorOf(from int) string { return "s+" + strconv.Itoa(from) }

// badPageRequest is the 400 of a page request the server cannot follow.
func badPageRequest(h headerValues, param, message string) fakeapi.ListWaitlistConsumersResponseObject {
	body := errorBody(http.StatusBadRequest, "")
	body.Issues[0].Message = message
	body.Issues[0].Path[0].Key = param
	return errorResponse(http.StatusBadRequest, body, h)
}

// pageResponse streams entries from to to of a list in the page envelope.
type pageResponse struct {
	list       waitlist
	from, to   int
	start, end string // the cursors; "" for null
	headers    headerValues
	infoFirst  bool
}

// VisitListWaitlistConsumersResponse writes the headers and streams the page.
func (r pageResponse) VisitListWaitlistConsumersResponse(w http.ResponseWriter) error {
	r.headers.set(w.Header())
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	buf := make([]byte, 0, flushBytes+8<<10)
	buf = append(buf, '{')
	if r.infoFirst {
		buf = append(r.appendInfo(buf), ',')
	}
	buf, err := writeEntries(w, append(buf, `"data":[`...), r.list, r.from, r.to)
	if err != nil {
		return err
	}
	buf = append(buf, ']')
	if !r.infoFirst {
		buf = r.appendInfo(append(buf, ','))
	}
	buf = append(buf, '}')
	_, err = w.Write(buf)
	return err
}

// appendInfo appends the pageInfo member.
func (r pageResponse) appendInfo(b []byte) []byte {
	b = append(b, `"pageInfo":{"startCursor":`...)
	b = appendCursor(b, r.start)
	b = append(b, `,"endCursor":`...)
	b = appendCursor(b, r.end)
	return append(b, '}')
}

func appendCursor(b []byte, c string) []byte {
	if c == "" {
		return append(b, "null"...)
	}
	q, _ := json.Marshal(c)
	return append(b, q...)
}
