package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// entryJSON renders a minimal valid entry with the given id.
func entryJSON(id string) string {
	return fmt.Sprintf(`{"id":%q,"organizationId":"o","consumerId":"c","waitlistId":"w","status":"waitlisted","enteredAt":"2025-01-01T00:00:00Z",`+
		`"consumer":{"id":"c","organizationId":"o","createdAt":"2025-01-01T00:00:00Z","createdBy":"x","archived":false,"emailVerified":true,"phoneVerified":false,"status":"ACTIVE"}}`, id)
}

func TestIteratorReportsABadEntryAndGoesOn(t *testing.T) {
	bad := strings.Replace(entryJSON("e1"), `"createdAt":"2025-01-01T00:00:00Z"`, `"createdAt":"yesterday"`, 1)
	body := "[" + entryJSON("e0") + "," + bad + ",null," + entryJSON("e3") + "]"
	srv, _ := newServer(t, func(w http.ResponseWriter, _ *http.Request) { jsonReply(w, 200, body) })
	c := newTestClient(t, srv)

	var ids []string
	var errIdx []int
	for e, err := range c.WaitlistConsumers(context.Background(), "s") {
		if err != nil {
			var ee *EntryError
			if !errors.As(err, &ee) {
				t.Fatalf("unexpected final error %v", err)
			}
			errIdx = append(errIdx, ee.Index)
			continue
		}
		ids = append(ids, e.ID)
	}
	if fmt.Sprint(ids) != "[e0 e3]" || fmt.Sprint(errIdx) != "[1 2]" {
		t.Fatalf("ids %v, entry errors at %v", ids, errIdx)
	}

	entries, err := c.ListWaitlistConsumers(context.Background(), "s")
	var ees EntryErrors
	if len(entries) != 2 || entries[1].ID != "e3" || !errors.As(err, &ees) || len(ees) != 2 || ees[1].Index != 2 {
		t.Fatalf("List = %d entries, %v", len(entries), err)
	}
	if !strings.Contains(err.Error(), "2 waitlist entries") || !errors.Is(err, errNullEntry) {
		t.Fatalf("List error = %v", err)
	}
}

func TestIteratorBreakClosesTheBody(t *testing.T) {
	closed := make(chan struct{})
	srv, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("[" + entryJSON("e0")))
		for i := 1; ; i++ {
			if _, err := w.Write([]byte("," + entryJSON(fmt.Sprint("e", i)))); err != nil {
				break
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				close(closed)
				return
			default:
			}
		}
		close(closed)
	})
	c := newTestClient(t, srv)
	n := 0
	for _, err := range c.WaitlistConsumers(context.Background(), "s") {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if n == 3 {
			break
		}
	}
	<-closed // the endless handler only returns once the client has gone
}

func TestStreamBrokenMidwayKeepsWhatCame(t *testing.T) {
	body := "[" + entryJSON("e0") + "," + entryJSON("e1") + `,{"id": tru`
	srv, reqs := newServer(t, func(w http.ResponseWriter, _ *http.Request) { jsonReply(w, 200, body) })
	entries, err := newTestClient(t, srv).ListWaitlistConsumers(context.Background(), "s")
	var se *StreamError
	if len(entries) != 2 || !errors.As(err, &se) || se.Entries != 2 || !errors.Is(err, ErrMalformedResponse) || len(reqs()) != 1 {
		t.Fatalf("List = %d entries, %v", len(entries), err)
	}
}

func TestResponseInto(t *testing.T) {
	srv, _ := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Request-Id", "req_7")
		w.Header().Set("X-RateLimit-Limit", "1000")
		w.Header().Set("X-RateLimit-Remaining", "999")
		w.Header().Set("X-RateLimit-Reset", "4102444800")
		jsonReply(w, 200, "["+entryJSON("e0")+"]")
	})
	var resp Response
	if _, err := newTestClient(t, srv).ListWaitlistConsumers(context.Background(), "s", WithResponseInto(&resp)); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.RequestID != "req_7" || resp.Attempts != 1 || resp.RateLimit.Remaining != 999 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("Response = %+v", resp)
	}
}
