package client

import (
	"fmt"
	"net/url"
	"strconv"
)

// pageSize is the page size a paged read asks for after its first page: the Admin API's
// largest ("first", at most 100).
const pageSize = 100

// page is one page of a call. The first is requested as the endpoint documents it, without a
// query; when its body is Fanfare's page envelope with an endCursor, the next one is requested
// with first=100 and after=<endCursor>, and so on until the endCursor is null or absent.
type page struct {
	number int    // from 1
	after  string // the cursor this page asks for; "" for the first page
	base   int    // the entries of the pages before it
	// set by a successful read:
	entries int    // the entries of this page
	more    bool   // a next page follows …
	next    string // … from this cursor
}

// query sets the page's query on u.
func (pg *page) query(u *url.URL) {
	if pg.number == 1 {
		return
	}
	q := url.Values{"first": {strconv.Itoa(pageSize)}, "after": {pg.after}}
	u.RawQuery = q.Encode()
}

// read notes what a body read whole, pb, said about the next page, and returns the attempt's
// outcome: success, unless the envelope names the cursor this page was asked with (following it
// would never end).
func (pg *page) read(pb *pageBody, entries int) outcome {
	pg.entries = entries
	pg.more, pg.next = pb.hasCursor, pb.cursor
	if pg.more && pg.number > 1 && pg.next == pg.after {
		err := &StreamError{Entries: pg.base + entries, Pages: pg.number,
			Err: fmt.Errorf("%w: the page envelope: its endCursor is the cursor the page was requested with", ErrMalformedResponse)}
		return outcome{err: err, failure: "a page that names itself as the next"}
	}
	return outcome{}
}

// following returns the page after pg.
func (pg *page) following() *page {
	return &page{number: pg.number + 1, after: pg.next, base: pg.base + pg.entries}
}
