package main

import "github.com/fanfare-go/fanfare/client/changes"

// lockState takes the lock of the state file at path ([changes.LockFile]), so that one run at
// a time reads and replaces it. It fails at once when another run holds it.
func lockState(path string) (unlock func(), err error) {
	l, err := changes.LockFile(path)
	if err != nil {
		return nil, err
	}
	return func() { _ = l.Unlock() }, nil
}
