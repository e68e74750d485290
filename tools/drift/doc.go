// Package drift holds the tests of the spec-drift scripts in tools/scripts: check-generated.sh
// (generated code drifting from the spec: make check-generated) and breaking.sh (the spec
// drifting incompatibly from a base ref: make breaking). It has no code of its own.
package drift
