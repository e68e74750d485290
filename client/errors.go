package client

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinels to match with [errors.Is]. An [*APIError] matches the one for its status.
var (
	// ErrUnauthorized matches a 401: the key is missing, wrong or rotated.
	ErrUnauthorized = errors.New("fanfare: unauthorized")
	// ErrForbidden matches a 403: the key may not read this waitlist.
	ErrForbidden = errors.New("fanfare: forbidden")
	// ErrNotFound matches a 404: no such sequence.
	ErrNotFound = errors.New("fanfare: not found")
	// ErrRateLimited matches a 429 (an [*APIError]) and a request the client refused to send
	// because the rate limit would have made it wait past [WithMaxRetryWait] (a [*RateLimitError]).
	ErrRateLimited = errors.New("fanfare: rate limited")
	// ErrServer matches any 5xx.
	ErrServer = errors.New("fanfare: server error")

	// ErrInvalidInput matches an [*InputError]: the call was refused before any request.
	ErrInvalidInput = errors.New("fanfare: invalid input")
	// ErrMalformedResponse matches a successful response whose body is not the JSON array the
	// API documents (HTML, an object, null, empty, broken JSON, a wrong content type).
	ErrMalformedResponse = errors.New("fanfare: malformed response")
	// ErrResponseTooLarge matches a response body larger than [WithMaxResponseBytes].
	ErrResponseTooLarge = errors.New("fanfare: response too large")
)

// APIError is an HTTP error response from the API (any status other than 2xx).
type APIError struct {
	// StatusCode is the HTTP status, e.g. 401.
	StatusCode int
	// Type is the body's "error" field, e.g. "validation_error" or "Authentication required".
	Type string
	// Message is the body's "message" field, if any.
	Message string
	// Code is the body's "code" field, if any.
	Code string
	// Details are the body's "details" (Fanfare's prose docs' validation form).
	Details []ErrorDetail
	// Issues are the body's "issues" (the published schema's validation form, on 400).
	Issues []ValidationIssue
	// RequestID is the X-Request-Id header: quote it to Fanfare's support.
	RequestID string
	// RateLimit is parsed from the X-RateLimit-* headers.
	RateLimit RateLimit
	// RetryAfter is the server's wait hint (Retry-After, or the rate-limit reset when nothing is
	// left), 0 if none. Set when the SDK gave up because the hint was past [WithMaxRetryWait].
	RetryAfter time.Duration
	// Attempts is how many attempts the call made.
	Attempts int
	// Body is the raw response body, at most 1 MiB.
	Body []byte
}

// Error describes the failure in one line, never including the secret key.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "fanfare: %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	switch {
	case e.Type != "" && e.Message != "":
		fmt.Fprintf(&b, ": %s: %s", e.Type, e.Message)
	case e.Type != "":
		fmt.Fprintf(&b, ": %s", e.Type)
	case e.Message != "":
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " (code %s)", e.Code)
	}
	for _, d := range e.Details {
		fmt.Fprintf(&b, "; %s: %s", d.Field, d.Message)
	}
	for _, is := range e.Issues {
		fmt.Fprintf(&b, "; %s", is.Message)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [request id %s]", e.RequestID)
	}
	return b.String()
}

// Is reports whether the error matches target: the sentinel for its status class.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	}
	return false
}

// RateLimitError is a request the client did not send because the rate limit would have made it
// wait longer than [WithMaxRetryWait]: the window the last responses reported is spent until its
// reset, or a 429 asked every call of the client to hold back. It matches [ErrRateLimited]. The
// call made no request for it; one made after Until may go.
type RateLimitError struct {
	// Wait is how long the request would have had to wait before it could be sent.
	Wait time.Duration
	// MaxRetryWait is the longest wait the call allows ([WithMaxRetryWait]); Wait is past it.
	MaxRetryWait time.Duration
	// Until is when the request could have been sent: the window's reset (and a 50 ms slack
	// for the server's clock), or the end of the wait a 429 asked for.
	Until time.Time
	// RateLimit is the window as the client counts it from the responses so far: its Limit,
	// the Remaining requests not yet reserved by calls in flight, and its Reset. Known is false
	// when no response has told the current window.
	RateLimit RateLimit
	// Blocked reports that the wait is one a 429 asked for (its Retry-After, or the reset of the
	// window it reported), which holds back every call of the client; otherwise the window in
	// RateLimit is spent.
	Blocked bool
}

// Error says how long the request would have had to wait, and why.
func (e *RateLimitError) Error() string {
	why := "the rate-limit window is spent until its reset"
	if e.Blocked {
		why = "the server asked all calls to wait (Retry-After on a 429)"
	}
	return fmt.Sprintf("fanfare: rate limited: %s: the next request may go in %s, longer than WithMaxRetryWait (%s)",
		why, e.Wait.Round(time.Millisecond), e.MaxRetryWait)
}

// Is matches [ErrRateLimited].
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// InputError is a call refused before any request: a missing or publishable key, an empty or
// dot-segment sequence id, a base URL that is not https (or http to loopback), a header that
// [WithHeader] may not set, an option out of range. Kind says which, for programs that act on it.
type InputError struct {
	// Kind is what was refused.
	Kind InputKind
	// Field names what was wrong, for people: "secret key", "sequence id", "base URL", ….
	Field string
	// Reason says why, never including the secret key.
	Reason string
}

// InputKind says what an [InputError] refused.
type InputKind int

// The kinds of refused input.
const (
	// InputMissingKey is no secret key: neither [WithSecretKey] nor $FANFARE_SECRET_KEY gave one.
	InputMissingKey InputKind = iota + 1
	// InputPublishableKey is a publishable key (pk_…), which cannot read the Admin API.
	InputPublishableKey
	// InputMalformedKey is a secret key holding white space or control characters.
	InputMalformedKey
	// InputBaseURL is a base URL that cannot be parsed, has no host, carries user info, a query
	// or a fragment, or is not https (plain http is allowed to loopback hosts only).
	InputBaseURL
	// InputSequenceID is a sequence id that is empty, "." or "..", or cannot be put in a URL.
	InputSequenceID
	// InputHeader is a header [WithHeader] may not set.
	InputHeader
	// InputOption is an option out of range (a negative retry count or duration, a response
	// size cap below 1, half a rate limit) or given where it does not apply.
	InputOption
)

// Error describes the refused input.
func (e *InputError) Error() string { return "fanfare: invalid " + e.Field + ": " + e.Reason }

// Is matches [ErrInvalidInput].
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

// EntryError is one element of the waitlist that is no entry at all: not a JSON object (null,
// a string, an array, …). The iterator yields it in the element's place and goes on with the
// next. An object is always delivered as an entry, even when some members do not fit their
// types: see [FieldErrors].
type EntryError struct {
	// Index is the entry's position in the array, from 0.
	Index int
	// ID is the entry's id when one can be read from the element, else "".
	ID string
	// Err is the decoding error.
	Err error
}

// Error names the entry and the reason.
func (e *EntryError) Error() string {
	if e.ID != "" {
		return fmt.Sprintf("fanfare: waitlist entry %d (id %s): %v", e.Index, e.ID, e.Err)
	}
	return fmt.Sprintf("fanfare: waitlist entry %d: %v", e.Index, e.Err)
}

// Unwrap returns the decoding error.
func (e *EntryError) Unwrap() error { return e.Err }

// EntryErrors collects the entries [Client.ListWaitlistConsumers] could not decode; the slice
// it returns beside them holds every entry that did decode, in order.
type EntryErrors []*EntryError

// Error summarises the failed entries.
func (es EntryErrors) Error() string {
	switch len(es) {
	case 0:
		return "fanfare: no entry errors"
	case 1:
		return es[0].Error()
	}
	return fmt.Sprintf("fanfare: %d waitlist entries could not be decoded; first: %v", len(es), es[0])
}

// Unwrap returns the individual entry errors, for errors.Is and errors.As.
func (es EntryErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// StreamError is a successful response whose body broke off or was not the documented array:
// a connection reset or timeout mid-body, truncated or malformed JSON, a body that is not an
// array, or one past the size limit. Entries before it were delivered.
type StreamError struct {
	// Entries is how many entries were read before the failure (over every page, for a paged
	// body).
	Entries int
	// Pages is the page that failed, counted from 1: 1 for a bare array; for a paged body, the
	// pages before it were read whole.
	Pages int
	// RequestID is the response's X-Request-Id.
	RequestID string
	// Err is the cause; it matches [ErrMalformedResponse], [ErrResponseTooLarge], a context
	// error, io.ErrUnexpectedEOF or the transport's error. When the body itself is at fault
	// (not an array, broken or truncated JSON, data after the array) it is a [*SyntaxError],
	// whose Offset says where in the body.
	Err error
}

// Error describes where and why the stream broke.
func (e *StreamError) Error() string {
	s := fmt.Sprintf("fanfare: waitlist stream failed after %d entries: %v", e.Entries, e.Err)
	if e.Pages > 1 {
		s = fmt.Sprintf("fanfare: waitlist stream failed on page %d, after %d entries: %v", e.Pages, e.Entries, e.Err)
	}
	if e.RequestID != "" {
		s += " [request id " + e.RequestID + "]"
	}
	return s
}

// Unwrap returns the cause.
func (e *StreamError) Unwrap() error { return e.Err }
