//go:build !unix

package main

// lockState does nothing where flock is not available: one run at a time is then the user's
// to ensure.
func lockState(string) (unlock func(), err error) { return func() {}, nil }
