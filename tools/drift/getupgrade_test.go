package drift

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// upgradeProbe is a test written against today's SDK, reading by name members that the spec
// does not type: on the entry, on the consumer and on the coordinates. It must pass as it is
// after a release types them.
const upgradeProbe = `package client_test

import (
	"encoding/json"
	"testing"

	"github.com/fanfare-go/fanfare/client"
)

func TestUpgradeProbe(t *testing.T) {
	raw := ` + "`" + `{"id":"e1","status":"notified","priority":3,"consumer":{"id":"c1","loyaltyTier":"gold","lastGeoCoordinates":{"latitude":1,"longitude":2,"accuracy":12.5}}}` + "`" + `
	var e client.WaitlistConsumer
	if err := json.Unmarshal([]byte(raw), &e); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		get  func(string) (json.RawMessage, bool)
		name string
		want string
	}{
		{e.Get, "priority", "3"},
		{e.Get, "status", ` + "`" + `"notified"` + "`" + `},
		{e.Consumer.Get, "loyaltyTier", ` + "`" + `"gold"` + "`" + `},
		{e.Consumer.LastGeoCoordinates.Get, "accuracy", "12.5"},
	} {
		if got, ok := c.get(c.name); !ok || string(got) != c.want {
			t.Errorf("Get(%q) = %s, %v; want %s", c.name, got, ok, c.want)
		}
	}
	if fes := client.FieldErrors(e); fes != nil {
		t.Errorf("field errors %v", fes)
	}
}
`

// TestGetReadsAMemberBeforeAndAfterASpecTypesIt: a program reading members by name with Get keeps
// working, unchanged, when a release of the SDK gives those members typed fields.
func TestGetReadsAMemberBeforeAndAfterASpecTypesIt(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerates a copy of the tree")
	}
	dir := copyTrackedTree(t, repoRoot(t))
	if err := os.WriteFile(filepath.Join(dir, "client", "upgrade_probe_test.go"), []byte(upgradeProbe), 0o600); err != nil {
		t.Fatal(err)
	}
	probe := func(when string) {
		cmd := exec.CommandContext(t.Context(), "go", "test", "-count=1", "-run", "^TestUpgradeProbe$", "./client/")
		if code, out := runScript(t, cmd, dir); code != 0 {
			t.Fatalf("%s: the probe fails: exit %d:\n%s", when, code, out)
		}
	}
	probe("before the spec change")

	spec := filepath.Join(dir, "api", "openapi.yaml")
	s := readFile(t, spec)
	for _, edit := range []struct{ anchor, add string }{
		{"\n        consumerId:\n          type: string\n", "\n        priority:\n          type: integer\n          nullable: true"},
		{"\n        lastGeoCity:\n", "\n        loyaltyTier:\n          type: string\n          nullable: true"},
		{"\n        latitude: {type: number}\n", "\n        accuracy: {type: number, nullable: true}"},
	} {
		if strings.Count(s, edit.anchor) != 1 {
			t.Fatalf("anchor %q is not once in the spec: update this test", edit.anchor)
		}
		s = strings.Replace(s, edit.anchor, edit.add+edit.anchor, 1)
	}
	if err := os.WriteFile(spec, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	regenerate(t, dir)
	gen := readFile(t, filepath.Join(dir, "gen", "fanfare.gen.go"))
	for _, field := range []string{"Priority *int", "LoyaltyTier *string", "Accuracy *float64"} {
		if !strings.Contains(strings.Join(strings.Fields(gen), " "), field) {
			t.Fatalf("the regenerated gen has no field %q: the spec change did not take", field)
		}
	}
	probe("after the spec change")
}
