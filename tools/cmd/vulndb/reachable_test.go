package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestReachable(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodHead || r.URL.Path != "/ok/index/db.json.gz" {
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	ctx := context.Background()
	if err := reachable(ctx, srv.URL+"/ok/", time.Second); err != nil {
		t.Errorf("a database that answers: %v", err)
	}
	if err := reachable(ctx, srv.URL+"/missing", time.Second); err == nil {
		t.Error("a database that answers 404 counted as reachable")
	}
	srv.Close()
	if err := reachable(ctx, srv.URL, time.Second); err == nil {
		t.Error("a closed server counted as reachable")
	}
}
