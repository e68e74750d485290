package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// defaultProbeTimeout bounds the reachability probe, so that an offline machine answers quickly.
const defaultProbeTimeout = 5 * time.Second

// reachable reports whether the vulnerability database at base (e.g. https://vuln.go.dev)
// answers its index/db.json.gz endpoint with 200 OK within timeout.
func reachable(ctx context.Context, base string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	url := strings.TrimRight(base, "/") + "/index/db.json.gz"
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, url, http.NoBody)
	if err != nil {
		return fmt.Errorf("probe %s: %w", url, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("probe %s: %w", url, err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("probe %s: %s", url, resp.Status)
	}
	return nil
}
