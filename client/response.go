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
	// Attempts is how many attempts the call made.
	Attempts int
}

// handle deals with one attempt's response, and closes it whatever happens (the sink may
// panic). retry says whether another attempt may help.
func (c *Client) handle(ctx context.Context, s *settings, a *attempt, rl RateLimit, sink entrySink) (retry bool, err error) {
	defer a.close()
	resp := a.resp
	requestID := resp.Header.Get("X-Request-Id")
	if s.responseInto != nil {
		*s.responseInto = Response{StatusCode: resp.StatusCode, Header: resp.Header, RequestID: requestID, RateLimit: rl, Attempts: a.number}
	}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		a.drain = true // an error body is small: reading its rest lets the connection be reused
		apiErr := readAPIError(a, rl, requestID)
		if resp.StatusCode == http.StatusTooManyRequests && apiErr.hinted {
			c.pacer.block(time.Now().Add(apiErr.RetryAfter))
		}
		return retryableStatus(resp.StatusCode), apiErr
	}

	if ct := resp.Header.Get("Content-Type"); ct != "" {
		mt, _, perr := mime.ParseMediaType(ct)
		if perr != nil || (mt != "application/json" && !hasJSONSuffix(mt)) {
			return false, &StreamError{RequestID: requestID, Err: fmt.Errorf("%w: content type %q is not JSON", ErrMalformedResponse, ct)}
		}
	}

	body := &bodyReader{r: a.body, remaining: s.maxResponseBytes}
	entries := 0
	derr := decodeEntries(body, func(i int, raw []byte, e *WaitlistConsumer, err error) bool {
		entries++
		if err != nil {
			err = &EntryError{Index: i, Err: err}
		}
		return sink(i, raw, e, err)
	})
	if derr == nil {
		return false, nil
	}
	if ctx.Err() != nil {
		return false, &StreamError{Entries: entries, RequestID: requestID, Err: context.Cause(ctx)}
	}
	if body.err != nil && !errors.Is(body.err, ErrMalformedResponse) { // the transport broke, not the JSON
		cause := body.err
		if errors.Is(context.Cause(a.ctx), errAttemptTimeout) {
			cause = errAttemptTimeout
		}
		return entries == 0 && !errors.Is(cause, ErrResponseTooLarge), &StreamError{Entries: entries, RequestID: requestID, Err: cause}
	}
	if body.err != nil {
		derr = body.err // e.g. a body that is not the gzip its Content-Encoding says
	}
	return false, &StreamError{Entries: entries, RequestID: requestID, Err: derr}
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
	if wait, ok := serverHint(a.resp.Header, rl, time.Now()); ok && retryableStatus(a.resp.StatusCode) {
		e.RetryAfter, e.hinted = wait, true
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
