package client

import (
	"fmt"
	"log/slog"
)

// redacted is what a secret key prints as, wherever it is printed.
const redacted = "[REDACTED]"

// secret holds the secret key. Every way of printing it, fmt's verbs (%v, %+v, %#v, %s, %q, …)
// and slog alike, shows [REDACTED]. Structs keep it behind a pointer, so fmt never reaches
// the field through reflection either.
type secret struct{ value string }

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
