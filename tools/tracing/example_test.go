package tracing_test

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// Trace every attempt of a call with otelhttp as middleware: one client span per attempt, a
// child of the caller's span, with the W3C traceparent header sent to the API. Middleware sits
// below the SDK's retries and above its authorisation, so retries are spans of their own and
// no span sees the secret key.
func Example() {
	// A tracer provider; a program would export to its collector (OTLP, …) instead of recording.
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	defer func() { _ = tp.Shutdown(context.Background()) }()

	tracing := client.WithMiddleware(func(next http.RoundTripper) http.RoundTripper {
		return otelhttp.NewTransport(next,
			otelhttp.WithTracerProvider(tp),
			otelhttp.WithPropagators(propagation.TraceContext{}),
			otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string {
				attempt, _ := client.AttemptFromContext(r.Context())
				return fmt.Sprintf("fanfare %s attempt %d", r.Method, attempt)
			}),
		)
	})

	// The in-process fake stands in for Fanfare here: its first answer is a 503, then the list.
	s := clienttest.NewServer()
	defer s.Close()
	s.AddSyntheticWaitlist("seq_launch", 3, 1)
	s.Enqueue(clienttest.Status(http.StatusServiceUnavailable))
	c := s.Client(tracing, client.WithHeader("X-Tenant", "acme"), client.WithBackoff(time.Millisecond, time.Millisecond))

	ctx, span := tp.Tracer("export").Start(context.Background(), "export waitlist")
	entries, err := c.ListWaitlistConsumers(ctx, "seq_launch")
	span.End()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(entries), "entries")

	for _, sp := range spans.Ended() {
		fmt.Printf("span %q, parent %v, status %s\n", sp.Name(), sp.Parent().IsValid(), statusCode(sp.Attributes()))
	}
	requests := s.Requests()
	for i := range requests {
		r := &requests[i]
		fmt.Printf("request %d: traceparent sent %v, X-Tenant %s, Authorization %s\n",
			r.Attempt, r.Header.Get("Traceparent") != "", r.Header.Get("X-Tenant"), r.Header.Get("Authorization"))
	}
	// Output:
	// 3 entries
	// span "fanfare GET attempt 1", parent true, status 503
	// span "fanfare GET attempt 2", parent true, status 200
	// span "export waitlist", parent false, status -
	// request 1: traceparent sent true, X-Tenant acme, Authorization Bearer [REDACTED]
	// request 2: traceparent sent true, X-Tenant acme, Authorization Bearer [REDACTED]
}

// statusCode is a span's HTTP response status attribute, "-" when it has none.
func statusCode(attrs []attribute.KeyValue) string {
	for _, a := range attrs {
		if a.Key == "http.response.status_code" {
			return a.Value.String()
		}
	}
	return "-"
}
