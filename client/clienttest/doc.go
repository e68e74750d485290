// Package clienttest is a fake Fanfare Admin API for tests, in the spirit of net/http/httptest:
// a real HTTP server on a loopback port that speaks the waitlist endpoint of the SDK's OpenAPI
// spec, with a ready [client.Client] pointed at it.
//
//	s := clienttest.NewServer()
//	defer s.Close()
//	s.AddWaitlist("seq_123", clienttest.Synthetic(100, 1))
//	entries, err := s.Client().ListWaitlistConsumers(ctx, "seq_123")
//
// The server checks the bearer key (the documented 401 otherwise), answers 404 for unknown
// sequences, sends X-Request-Id and X-RateLimit-Limit/Remaining/Reset on every response,
// enforces a rate limit ([WithRateLimit]) with 429 and Retry-After, and records every request
// ([Server.Requests]) with its Authorization redacted.
//
// # Misbehaviour
//
// A [Fault] scripts one request's misbehaviour: a status code and body, a Retry-After value, a
// delay before the headers, a stalled body, a body truncated after N bytes, malformed JSON, a
// connection closed or reset before the headers or mid-body, gzip, a wrong content type, a
// proxy's HTML 502. Faults are queued ([Server.Enqueue]) and taken one per request, or applied to
// every request ([Server.Always]); [Server.Requests] tells which fault each request took:
//
//	s.Enqueue(clienttest.Status(503), clienttest.RateLimited("1"))   // two failures, then normal
//	s.Enqueue(clienttest.Fault{Status: 500, Delay: 50 * time.Millisecond})
//	s.Enqueue(clienttest.ResetAfter(4096))                            // reset mid-body
//
// # Retries without sleeping
//
// The clients made by [Server.Client] retry at once: the wait the retry policy decides (the
// server's Retry-After, or the backoff of 0.5 s, 1 s, … when it gives none) is logged as usual
// ("fanfare retry" with [client.WithLogger]) and recorded ([Server.RetryWaits]), then skipped, so
// a test of two 503s takes milliseconds and can still check the waits:
//
//	s.Enqueue(clienttest.Fault{Status: 503, RetryAfter: "30"}, clienttest.Status(503))
//	entries, err := s.Client().ListWaitlistConsumers(ctx, "seq_123") // no sleep
//	waits := s.RetryWaits()                                          // [30s, 0.5–1s]
//
// A cancelled context still ends the call. client.WithRetrySleep(nil) given to Server.Client
// brings the real sleep back. A 429 also holds the client's next request back until its
// Retry-After through the client's rate-limit pacing, which sleeps in real time: give
// [RateLimited] a small value ("0" or "1") in tests.
//
// # Data
//
// [Synthetic] makes realistic waitlist entries deterministically from a seed, exercising every
// field the spec declares (nulls, absent optionals, every status, many scripts, every kind of
// metadata value). The fake knows the schema from generated code: a field the spec gains is
// sent, with values its schema allows, after make generate.
// [Server.AddSyntheticWaitlist] serves a synthetic list of any length without holding it in
// memory. [Evolving] makes such a list change from one read to the next, deterministically
// (entries join, leave, change status and other members), for testing code that follows a
// waitlist over time.
//
// Using the package needs no import of testing; [Start] is a convenience for tests that closes
// the server when the test ends.
package clienttest
