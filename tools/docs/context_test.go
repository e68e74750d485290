package docs

import (
	"context"
	"testing"
	"time"
)

// contextWithTimeout bounds one command of a test, within the test's own context.
func contextWithTimeout(t *testing.T, d time.Duration) (context.Context, context.CancelFunc) {
	t.Helper()
	return context.WithTimeout(t.Context(), d)
}
