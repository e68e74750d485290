// Package bench measures the SDK's streaming path against the other ways of reading the
// waitlist: the naive oapi-codegen client, encoding/json, ogen's generated client and the
// floor of reading the body and discarding it. Everything runs over loopback HTTP against
// [Server], which serves realistic waitlists (about 1.9 KB per entry) either pre-rendered or
// rendered while they are sent.
//
// `make bench` runs the benchmarks and summarises them with benchstat (tools/scripts/bench.sh);
// cmd/peakrss measures each path's peak memory. BENCHMARKS.md holds the latest results.
package bench

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"

	"github.com/fanfare-go/fanfare/internal/codec/sample"
)

// Seed makes the benchmarks' waitlists.
const Seed = 42

// Server is a loopback Fanfare serving waitlists of any length. The sequence id says which:
// "pre-N" serves N entries rendered beforehand (and kept), "fly-N" renders N entries while
// sending them, in constant memory. Both are the same bytes (sample's Reader: 256 distinct
// entries, each with an id of its own).
type Server struct {
	*httptest.Server
	mu        sync.Mutex
	pre       map[int][]byte
	templates *sample.Templates
}

// NewServer starts a Server; Close it when done.
func NewServer() *Server {
	s := &Server{pre: map[int][]byte{}, templates: sample.NewTemplates(Seed)}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Prerender renders the n-entry waitlist now, so that "pre-n" costs nothing to serve.
func (s *Server) Prerender(n int) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.pre[n]
	if !ok {
		b, _ = io.ReadAll(s.templates.Reader(n))
		s.pre[n] = b
	}
	return b
}

// Size returns the length in bytes of the n-entry waitlist.
func (s *Server) Size(n int) int { return len(s.Prerender(n)) }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	// /sequences/{id}/waitlist/consumers
	id, ok := strings.CutPrefix(r.URL.Path, "/sequences/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	id, ok = strings.CutSuffix(id, "/waitlist/consumers")
	mode, count, _ := strings.Cut(id, "-")
	n, err := strconv.Atoi(count)
	if !ok || err != nil || n < 0 || (mode != "pre" && mode != "fly") {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Request-Id", "req_bench")
	if mode == "pre" {
		body := s.Prerender(n)
		h.Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
		return
	}
	buf := make([]byte, 64<<10)
	rd := s.templates.Reader(n)
	for {
		k, err := rd.Read(buf)
		if k > 0 {
			if _, werr := w.Write(buf[:k]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
