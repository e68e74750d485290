package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"time"
)

// maxErrorBodyBytes caps how much of an error response is read, whatever the options say.
const maxErrorBodyBytes = 1 << 20

// Response is the metadata of a call's last HTTP response, filled by [WithResponseInto].
type Response struct {
	// StatusCode is the HTTP status of the last attempt (0 if no response arrived).
	StatusCode int
	// Header is the last response's header.
	Header http.Header
	// RequestID is the X-Request-Id header.
	RequestID string
	// RateLimit is parsed from the X-RateLimit-* headers.
	RateLimit RateLimit
	// Attempts is how many attempts the call made (for its last page, when the body is paged).
	Attempts int
	// Pages is how many pages the call requested: 1 for a bare array; for a paged body, the
	// page of this response, counted from 1.
	Pages int
}

// handle reads one attempt's response into sink and says how the attempt ended. It closes the
// response whatever happens (the sink may panic).
func (c *Client) handle(ctx context.Context, s *settings, a *attempt, rl RateLimit, pg *page, sink entrySink) outcome {
	defer a.close()
	resp := a.resp
	requestID := resp.Header.Get("X-Request-Id")
	if s.responseInto != nil {
		*s.responseInto = Response{StatusCode: resp.StatusCode, Header: resp.Header, RequestID: requestID, RateLimit: rl, Attempts: a.number, Pages: pg.number}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.errorResponse(a, rl, requestID)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		mt, _, perr := mime.ParseMediaType(ct)
		if perr != nil || (mt != "application/json" && !hasJSONSuffix(mt)) {
			err := &StreamError{Entries: pg.base, Pages: pg.number, RequestID: requestID, Err: fmt.Errorf("%w: content type %q is not JSON", ErrMalformedResponse, ct)}
			return outcome{err: err, failure: "a body that is not JSON"}
		}
	}
	return readEntries(ctx, s, a, requestID, pg, sink)
}

// errorResponse reads a non-2xx response into an *APIError, with the wait the server asks for
// before a retry. A 429 that says how long holds back every call of the client until then.
func (c *Client) errorResponse(a *attempt, rl RateLimit, requestID string) outcome {
	a.drain = true // an error body is small: reading its rest lets the connection be reused
	apiErr := readAPIError(a, rl, requestID)
	code := a.resp.StatusCode
	o := outcome{err: apiErr, retryable: retryableStatus(code), failure: fmt.Sprintf("status %d", code)}
	if wait, ok := serverHint(a.resp.Header, rl, time.Now()); ok && o.retryable {
		apiErr.RetryAfter, o.hint, o.hinted = wait, wait, true
		if code == http.StatusTooManyRequests {
			c.pacer.block(time.Now().Add(wait))
		}
	}
	return o
}

// readEntries decodes a successful response's body, page pg, into sink. A body that breaks off
// is worth another attempt only while no entry of it has reached the sink.
func readEntries(ctx context.Context, s *settings, a *attempt, requestID string, pg *page, sink entrySink) outcome {
	body := &bodyReader{r: a.body, remaining: s.maxResponseBytes}
	pb := &pageBody{r: body}
	entries := 0
	derr := decodeEntries(pb, func(i int, raw []byte, e *WaitlistConsumer, err error) bool {
		entries++
		i += pg.base
		if err != nil {
			err = &EntryError{Index: i, ID: entryID(raw), Err: err}
		}
		return sink(i, raw, e, err)
	})
	pb.offsets(derr)
	fail := func(cause error, failure string) outcome {
		return outcome{err: &StreamError{Entries: pg.base + entries, Pages: pg.number, RequestID: requestID, Err: cause}, failure: failure}
	}
	switch {
	case derr == nil:
		return pg.read(pb, entries)
	case ctx.Err() != nil:
		return fail(context.Cause(ctx), "the context ended")
	case errors.Is(body.err, ErrResponseTooLarge):
		return fail(body.err, "a body past WithMaxResponseBytes")
	case body.err != nil && !errors.Is(body.err, ErrMalformedResponse): // the transport broke, not the JSON
		cause := body.err
		if errors.Is(context.Cause(a.ctx), errAttemptTimeout) {
			cause = errAttemptTimeout
		}
		if entries > 0 {
			return fail(cause, "the body broke off after entries were handed out")
		}
		o := fail(cause, "the body broke off before the first entry")
		o.retryable = true
		return o
	case body.err != nil:
		return fail(body.err, "a malformed body") // e.g. not the gzip its Content-Encoding says
	}
	return fail(derr, "a malformed body")
}

func hasJSONSuffix(mt string) bool { return len(mt) > 5 && mt[len(mt)-5:] == "+json" }

// readAPIError builds the *APIError of a non-2xx response from its headers and (capped) body.
func readAPIError(a *attempt, rl RateLimit, requestID string) *APIError {
	raw, _ := io.ReadAll(io.LimitReader(a.body, maxErrorBodyBytes))
	e := &APIError{StatusCode: a.resp.StatusCode, RequestID: requestID, RateLimit: rl, Attempts: a.number, Body: raw}
	var body ErrorBody
	if json.Unmarshal(raw, &body) == nil {
		e.Type = body.Error
		if body.Message != nil {
			e.Message = *body.Message
		}
		if body.Code != nil {
			e.Code = *body.Code
		}
		e.Details, e.Issues = body.Details, body.Issues
	}
	return e
}

// bodyReader remembers the transport's read error (as opposed to the JSON's) and enforces the
// response size limit.
type bodyReader struct {
	r         io.Reader
	remaining int64
	err       error
}

func (b *bodyReader) Read(p []byte) (int, error) {
	if b.remaining <= 0 {
		// At the limit: the body may end exactly here, or go on past it.
		var probe [1]byte
		n, err := b.r.Read(probe[:])
		switch {
		case n > 0:
			b.err = ErrResponseTooLarge
			return 0, b.err
		case err == nil: // nothing happened
			return 0, nil
		case !isEOF(err):
			b.err = err
		}
		return 0, err
	}
	if int64(len(p)) > b.remaining {
		p = p[:b.remaining]
	}
	n, err := b.r.Read(p)
	b.remaining -= int64(n)
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}
