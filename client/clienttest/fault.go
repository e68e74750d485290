package clienttest

import (
	"net/http"
	"time"
)

// Fault scripts how a [Server] misbehaves on one request. Hand faults to [Server.Enqueue] (one
// is used up per request, in order) or [Server.Always] (every request once the queue is empty). The zero Fault
// changes nothing; each field set adds one kind of misbehaviour, and they combine: a Fault with
// Status 503, RetryAfter "1" and Delay 100ms answers a slow 503 asking for a one-second wait.
//
// Two kinds of field:
//   - Status and Body replace the server's answer: the request is answered with them without
//     checking the key or the sequence (as a proxy or an overloaded server would). It still
//     counts against the rate limit when its key is right, and carries X-Request-Id and the
//     X-RateLimit-* headers of the server's real window (override them with Header).
//   - The others bend whatever the answer is (the server's own, or Status and Body): its
//     headers (ContentType, RetryAfter, Header), its timing (Delay, Stall), its encoding (Gzip)
//     and its body on the wire (Truncate, Malformed, Disconnect).
//
// Byte offsets (TruncateAfter, DisconnectAfter, StallAfter) count body bytes as they go on the
// wire, after gzip when Gzip is set.
type Fault struct {
	// Status, when not 0, answers with this status code (200 to 599). The body is Body if set,
	// else the documented error body for the status ({"error":"Authentication required"} for
	// 401, {"error":"validation_error","issues":[…]} for 400, {"error":"Rate limit exceeded",
	// "retryAfter":N} for 429, …; {"error":"<status text>"} for the others), or for a 2xx the
	// sequence's waitlist ([] when the sequence is unknown). A 3xx with a Location in Header is
	// a redirect: Fault{Status: 307, Header: http.Header{"Location": {other.URL + "/…"}}}.
	Status int

	// Body, when not nil, is sent as the response body, with Status (200 if Status is 0) and
	// Content-Type application/json unless ContentType says otherwise. []byte{} sends an empty
	// body; []byte("null") a JSON null.
	Body []byte

	// ContentType, when not empty, replaces the Content-Type header.
	ContentType string

	// RetryAfter, when not empty, sets the Retry-After header, sent verbatim: seconds ("30"), an
	// HTTP date (t.UTC().Format(http.TimeFormat)) or an ISO-8601 timestamp, as Fanfare sends
	// all three. A 429 body's retryAfter field follows it when it is whole seconds.
	RetryAfter string

	// Header is applied to the response's header last, so it can override anything the server
	// set (X-Request-Id, X-RateLimit-*, Content-Type, …). Keys are canonicalised; a key with no
	// values deletes that header: Header{"X-Request-Id": nil} sends none.
	Header http.Header

	// Delay holds the response back this long before its status line and headers (a slow
	// server, or a timeout to trigger). It ends early when the client goes away or the server
	// is closed.
	Delay time.Duration

	// Gzip compresses the body with gzip and sends Content-Encoding: gzip, whether or not the
	// request accepted gzip. (See also [WithGzip], which compresses only when accepted.)
	Gzip bool

	// Truncate ends the body after TruncateAfter bytes. The HTTP message itself ends properly:
	// the client sees a complete response whose JSON is cut short. To send no body at all, use
	// Body: []byte{} instead.
	Truncate      bool
	TruncateAfter int

	// Malformed breaks the JSON of a waitlist answer: after MalformedAfter complete entries (all
	// of them, if fewer) comes an entry that is not JSON ({"id":nope}), then the closing ].
	// It applies to the server's own 200 answers only.
	Malformed      bool
	MalformedAfter int

	// Disconnect, when not NoDisconnect, cuts the TCP connection mid-response: after
	// DisconnectAfter body bytes, or before any byte of the response when DisconnectAfter is
	// [DisconnectBeforeHeaders]. When the body is shorter than DisconnectAfter, the cut comes
	// after the whole body but before the end of the HTTP message. The bytes before the cut are
	// flushed first and, for ResetConnection, given a moment to reach the client, since a reset
	// discards whatever is still unsent.
	//
	// Note that Go's http.Transport resends an idempotent request by itself when a reused
	// keep-alive connection breaks before any response byte: the server then records two
	// requests (with the same attempt number) for one attempt of the client.
	Disconnect      Disconnect
	DisconnectAfter int

	// Stall pauses the body for this long after StallAfter bytes (after the whole body, before
	// the end of the message, if it is shorter): a stream that stops without closing. The pause
	// ends early when the client goes away or the server is closed.
	Stall      time.Duration
	StallAfter int
}

// Disconnect is how a [Fault] cuts the connection.
type Disconnect int

const (
	// NoDisconnect leaves the connection alone.
	NoDisconnect Disconnect = iota
	// CloseConnection closes the TCP connection normally (FIN): the client reads an unexpected
	// end of the response.
	CloseConnection
	// ResetConnection aborts the TCP connection (SO_LINGER 0, so an RST): the client reads
	// "connection reset by peer".
	ResetConnection
)

// DisconnectBeforeHeaders is the DisconnectAfter value that cuts the connection before any byte
// of the response, status line included.
const DisconnectBeforeHeaders = -1

// String names the disconnect, for test output.
func (d Disconnect) String() string {
	switch d {
	case NoDisconnect:
		return "no disconnect"
	case CloseConnection:
		return "close"
	case ResetConnection:
		return "reset"
	}
	return "Disconnect(?)"
}

// Status is a [Fault] answering with code and its documented error body.
func Status(code int) Fault { return Fault{Status: code} }

// StatusBody is a [Fault] answering with code and body (application/json).
func StatusBody(code int, body string) Fault { return Fault{Status: code, Body: []byte(body)} }

// RateLimited is a [Fault] answering 429 with the given Retry-After value (seconds, an HTTP date
// or an ISO timestamp) and the documented body.
func RateLimited(retryAfter string) Fault {
	return Fault{Status: http.StatusTooManyRequests, RetryAfter: retryAfter}
}

// proxyBadGatewayHTML is the body of [HTMLBadGateway]: what a proxy in front of an API says.
const proxyBadGatewayHTML = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" +
	"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

// HTMLBadGateway is a [Fault] answering like a proxy whose upstream is down: 502, an HTML page,
// and none of the API's own headers (no X-Request-Id, no X-RateLimit-*).
func HTMLBadGateway() Fault {
	return Fault{
		Status:      http.StatusBadGateway,
		Body:        []byte(proxyBadGatewayHTML),
		ContentType: "text/html",
		Header: http.Header{
			"X-Request-Id": nil, "X-Ratelimit-Limit": nil, "X-Ratelimit-Remaining": nil, "X-Ratelimit-Reset": nil,
		},
	}
}

// WrongContentType is a [Fault] sending the normal answer under another Content-Type.
func WrongContentType(contentType string) Fault { return Fault{ContentType: contentType} }

// SlowHeaders is a [Fault] holding the response back for d before its headers.
func SlowHeaders(d time.Duration) Fault { return Fault{Delay: d} }

// StalledBody is a [Fault] pausing the body for d after n bytes.
func StalledBody(n int, d time.Duration) Fault { return Fault{Stall: d, StallAfter: n} }

// Truncated is a [Fault] ending the body after n bytes, in a well-formed HTTP response.
func Truncated(n int) Fault { return Fault{Truncate: true, TruncateAfter: n} }

// Malformed is a [Fault] breaking the waitlist's JSON after n complete entries.
func Malformed(n int) Fault { return Fault{Malformed: true, MalformedAfter: n} }

// ResetBeforeHeaders is a [Fault] resetting the connection before any byte of the response.
func ResetBeforeHeaders() Fault {
	return Fault{Disconnect: ResetConnection, DisconnectAfter: DisconnectBeforeHeaders}
}

// ResetAfter is a [Fault] resetting the connection after n body bytes.
func ResetAfter(n int) Fault { return Fault{Disconnect: ResetConnection, DisconnectAfter: n} }

// CloseAfter is a [Fault] closing the connection after n body bytes, leaving the HTTP message
// unfinished.
func CloseAfter(n int) Fault { return Fault{Disconnect: CloseConnection, DisconnectAfter: n} }

// Gzipped is a [Fault] sending the normal answer gzip-compressed, asked for or not.
func Gzipped() Fault { return Fault{Gzip: true} }

// replacesAnswer reports whether the fault answers instead of the server.
func (f *Fault) replacesAnswer() bool { return f.Status != 0 || f.Body != nil }

// clone copies f deeply enough that the caller may reuse its Header and Body.
func (f Fault) clone() Fault {
	f.Header = f.Header.Clone() // a key with no values stays a key with no values: "delete"
	if f.Body != nil {
		f.Body = append([]byte{}, f.Body...)
	}
	return f
}
