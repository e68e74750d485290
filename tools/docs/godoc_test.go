package docs

import (
	"strings"
	"testing"
)

// TestGoDocLeadsToTheEntryFields follows what go doc says from package client to the fields of
// a waitlist entry and of a consumer's record, which the aliases in client do not show.
func TestGoDocLeadsToTheEntryFields(t *testing.T) {
	for _, tc := range []struct {
		alias, target string
		fields        []string // lines go doc must show for the target's fields
	}{
		{"WaitlistConsumer", "github.com/fanfare-go/fanfare/gen.WaitlistConsumer",
			[]string{"ID string", "Status WaitlistConsumerStatus", "Consumer Consumer", "NotifiedAt *string"}},
		{"Consumer", "github.com/fanfare-go/fanfare/gen.Consumer",
			[]string{"Email *string", "EmailVerified bool", "FullName *string"}},
	} {
		alias := goDoc(t, "github.com/fanfare-go/fanfare/client", tc.alias)
		if !strings.Contains(oneSpaced(alias), "go doc "+tc.target) {
			t.Errorf("go doc client.%s does not say where its fields are (go doc %s):\n%s", tc.alias, tc.target, alias)
			continue
		}
		target := goDoc(t, tc.target)
		for _, f := range tc.fields {
			if !containsField(target, f) {
				t.Errorf("go doc %s does not show the field %q:\n%s", tc.target, f, target)
			}
		}
	}
	pkg := oneSpaced(goDoc(t, "github.com/fanfare-go/fanfare/client"))
	if !strings.Contains(pkg, "go doc github.com/fanfare-go/fanfare/gen.WaitlistConsumer") {
		t.Errorf("client's package doc does not lead to the entry's fields:\n%s", pkg)
	}
}

// TestGenPackageDocPointsToClient checks gen's package doc: the low-level layer, what its
// client lacks, and that programs import client.
func TestGenPackageDocPointsToClient(t *testing.T) {
	doc := goDoc(t, "github.com/fanfare-go/fanfare/gen")
	for _, want := range []string{
		"Package gen is the low-level layer",
		"Programs import github.com/fanfare-go/fanfare/client instead",
		"retries", "rate limit", "secret key", "redacted", "streaming",
	} {
		if !strings.Contains(oneSpaced(doc), want) {
			t.Errorf("gen's package doc lacks %q:\n%s", want, doc)
		}
	}
	if strings.Contains(doc, "Code generated") {
		t.Errorf("gen's package doc includes the generated-code marker:\n%s", doc)
	}
}

// oneSpaced is s with every run of white space (go doc wraps lines) made one space.
func oneSpaced(s string) string { return strings.Join(strings.Fields(s), " ") }

// containsField reports whether go doc's output declares the field: its name and type, with
// any alignment between them.
func containsField(doc, field string) bool {
	name, typ, _ := strings.Cut(field, " ")
	for line := range strings.SplitSeq(doc, "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == name && f[1] == typ {
			return true
		}
	}
	return false
}

// goDoc runs go doc in the SDK's module and returns its output.
func goDoc(t *testing.T, args ...string) string {
	t.Helper()
	out, err := goCmd(t, repoRoot(t), append([]string{"doc"}, args...)...)
	if err != nil {
		t.Fatalf("go doc %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}
