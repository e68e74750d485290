// Package drift holds the test proving that tools/scripts/check-generated.sh (make
// check-generated) catches a spec changed without regenerating the code. It has no code of its own.
package drift
