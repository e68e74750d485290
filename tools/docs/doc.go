// Package docs holds the tests that keep the documentation true: every go block of README.md
// compiles (fragments are wrapped), the README's test example passes, its quickstart exits as it
// says, and go doc leads from package client to the generated types' fields. It has no code of
// its own.
package docs
