package main

import (
	"runtime"
	"testing"
)

func TestVmHWM(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("VmHWM is Linux's")
	}
	kib, err := vmHWM()
	if err != nil || kib <= 0 {
		t.Fatalf("VmHWM %d KiB, %v", kib, err)
	}
}
