package client

import (
	"fmt"
	"log/slog"
)

// redacted is what a secret key prints as, wherever it is printed.
const redacted = "[REDACTED]"

// secret holds the secret key. Every way of printing it, fmt's verbs (%v, %+v, %#v, %s, %q, …)
// and slog alike, shows [REDACTED]. The key itself lives in a closure: when fmt walks a struct
// that holds a secret by reflection (where these methods are not called), all it can print of
// a func is its address.
type secret struct{ reveal func() string }

// newSecret wraps key.
func newSecret(key string) *secret { return &secret{reveal: func() string { return key }} }

// value returns the key, for the Authorization header only.
func (s *secret) value() string {
	if s == nil || s.reveal == nil {
		return ""
	}
	return s.reveal()
}

// String returns [REDACTED].
func (secret) String() string { return redacted }

// GoString returns [REDACTED], for %#v.
func (secret) GoString() string { return redacted }

// Format prints [REDACTED] for every verb.
func (secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// LogValue returns [REDACTED] for log/slog.
func (secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalText returns [REDACTED], so encoders never see the key either.
func (secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }
