package clienttest

import (
	"io"
	"net/http"

	"github.com/fanfare-go/fanfare/client"
)

// flushBytes is how much JSON is gathered before a write: large enough to be cheap, small enough
// that a client sees the stream move.
const flushBytes = 32 << 10

// waitlistResponse streams a waitlist as the documented bare JSON array, one entry at a time:
// it implements the generated ListWaitlistConsumersResponseObject without ever holding the whole
// body (the generated 200 response would encode a slice in one go, and drop every null).
type waitlistResponse struct {
	list    waitlist
	status  int
	headers headerValues
	fault   *Fault
}

// malformedEntry is what replaces an entry when a fault asks for malformed JSON.
const malformedEntry = `{"id":nope}`

// VisitListWaitlistConsumersResponse writes the headers and streams the array.
func (r waitlistResponse) VisitListWaitlistConsumersResponse(w http.ResponseWriter) error {
	r.headers.set(w.Header())
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(r.status)

	n := r.list.size()
	badAt := -1
	if r.fault != nil && r.fault.Malformed {
		badAt = min(max(r.fault.MalformedAfter, 0), n)
	}
	end := n
	if badAt >= 0 {
		end = badAt
	}
	buf := append(make([]byte, 0, flushBytes+8<<10), '[')
	buf, err := writeEntries(w, buf, r.list, 0, end)
	if err != nil {
		return err
	}
	if badAt >= 0 {
		if badAt > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, malformedEntry...)
	}
	buf = append(buf, ']')
	_, err = w.Write(buf)
	return err
}

// writeEntries appends entries from to to of list to buf, comma-separated, writing buf to w each
// time it reaches flushBytes; it returns what is left of buf to write.
func writeEntries(w io.Writer, buf []byte, list waitlist, from, to int) ([]byte, error) {
	var scratch client.WaitlistConsumer
	for i := from; i < to; i++ {
		if i > from {
			buf = append(buf, ',')
		}
		buf = list.appendEntry(buf, i, &scratch)
		if len(buf) >= flushBytes {
			if _, err := w.Write(buf); err != nil {
				return nil, err
			}
			buf = buf[:0]
		}
	}
	return buf, nil
}
