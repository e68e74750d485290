package drift

import (
	_ "embed"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

//go:embed testdata/specprobe_test.go.txt
var specProbe string

// probeKinds are the new optional fields of every kind, as YAML under a schema's properties
// (%s is the prefix of their names). Their ways through are checked one by one.
const probeKinds = `        %[1]sString:
          type: string
        %[1]sNote:
          type: string
          nullable: true
        %[1]sTier:
          type: string
          enum: [bronze, silver, gold]
        %[1]sFlag:
          type: boolean
          default: true
        %[1]sCount:
          type: integer
          minimum: 1
          maximum: 9
        %[1]sAmount:
          type: number
        %[1]sSeenAt:
          type: string
          format: date-time
        %[1]sRef:
          type: string
          format: uuid
        %[1]sContact:
          type: string
          format: email
        %[1]sCode:
          type: string
          pattern: '^[A-Z]{3}-\d{4}$'
        %[1]sBox:
          $ref: '#/components/schemas/ProbeBox'
        %[1]sTags:
          type: array
          items:
            type: string
`

// probeNames are the fields probeKinds adds, without their prefix.
var probeNames = []string{"String", "Note", "Tier", "Flag", "Count", "Amount", "SeenAt", "Ref", "Contact", "Code", "Box", "Tags"}

// specEdit is one change to api/openapi.yaml: old (which must occur once) becomes new.
type specEdit struct{ what, old, new string }

// specEdits are the changes the test applies together: a new optional field of every kind on the
// entry and on the consumer, a new required field with the example updated, a new entry status, a
// field made nullable and an optional field removed. (Upstream's change of ee62cd72, consumer
// marketingEmailOptOut, was made the same way, by make generate alone; the probe still follows
// that field through.)
var specEdits = []specEdit{
	{"entry probes", "      properties:\n        id:\n          type: string\n          format: uuid\n          description: The entry's id. Package changes follows entries from one read to the next by it.\n",
		"      properties:\n" + strings.ReplaceAll(probeKinds, "%[1]s", "entryProbe") +
			"        entryProbeRank:\n          type: integer\n          minimum: 0\n          maximum: 100\n" +
			"        id:\n          type: string\n          format: uuid\n          description: The entry's id. Package changes follows entries from one read to the next by it.\n"},
	{"consumer probes", "        activityRank:\n", strings.ReplaceAll(probeKinds, "%[1]s", "probe") + "        activityRank:\n"},
	{"a new required field", "required: [id, organizationId, consumerId, waitlistId, status, enteredAt, consumer]",
		"required: [id, organizationId, consumerId, waitlistId, status, enteredAt, entryProbeRank, consumer]"},
	{"the example has it", "                  enteredAt: \"2025-11-20T09:00:00.000Z\"\n",
		"                  enteredAt: \"2025-11-20T09:00:00.000Z\"\n                  entryProbeRank: 3\n"},
	{"a new entry status", "enum: [entered, waitlisted, notified, converted, expired, left]", "enum: [entered, waitlisted, notified, converted, expired, left, paused]"},
	{"a field made nullable", "        createdBy:\n          type: string\n", "        createdBy:\n          type: string\n          nullable: true\n"},
	{"an optional field removed", "        lastReturnAt:\n          type: string\n          format: date-time\n          nullable: true\n          description: \"Last return.\"\n", ""},
	{"the object the probes hold", "    UnknownMember:\n", `    ProbeBox:
      type: object
      description: An object of the spec-change test.
      required: [label]
      additionalProperties:
        $ref: '#/components/schemas/UnknownMember'
      properties:
        label: {type: string}
        size: {type: integer, minimum: 0, maximum: 10}
    UnknownMember:
`},
}

// TestSpecChangeIsMakeGenerate applies spec changes to a copy of the tree, runs make generate and
// nothing else, and checks that the root module builds, vets and passes its tests, that the
// fake's responses still fit the spec, and that each new field goes the whole way through: the
// fake sends it, the iterator decodes it into its typed field, json.Marshal writes it back,
// client/changes reports a change of it alone, and the CLI's --fields selects it. The removed
// field still on the wire is kept as an unknown member, and the new status has its client
// constant and is sent by the fake.
func TestSpecChangeIsMakeGenerate(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the repository, regenerates it and runs its tests; skipped with -short")
	}
	dir := copyTrackedTree(t, repoRoot(t))
	specPath := filepath.Join(dir, "api", "openapi.yaml")
	data, err := os.ReadFile(specPath)
	if err != nil {
		t.Fatal(err)
	}
	spec := string(data)
	for _, e := range specEdits {
		if n := strings.Count(spec, e.old); n != 1 {
			t.Fatalf("%s: %q occurs %d times in the spec, want once: update this test", e.what, e.old, n)
		}
		spec = strings.Replace(spec, e.old, e.new, 1)
	}
	if err := os.WriteFile(specPath, []byte(spec), 0o600); err != nil {
		t.Fatal(err)
	}
	probe := strings.ReplaceAll(specProbe, "STATUS_CONSTANT", "client.WaitlistConsumerStatusPaused")
	if err := os.WriteFile(filepath.Join(dir, "client", "specprobe_test.go"), []byte(probe), 0o600); err != nil {
		t.Fatal(err)
	}

	var fields, columns []string
	for _, n := range probeNames {
		fields = append(fields, "WaitlistConsumer.entryProbe"+n, "Consumer.probe"+n)
		columns = append(columns, "entryProbe"+n, "consumer.probe"+n)
	}
	fields = append(fields, "WaitlistConsumer.entryProbeRank", "Consumer.marketingEmailOptOut")
	columns = append(columns, "entryProbeRank", "consumer.marketingEmailOptOut")
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-buildvcs=false",
		"SPECPROBE_FIELDS="+strings.Join(fields, ","), "SPECPROBE_REMOVED=Consumer.lastReturnAt", "SPECPROBE_STATUS=paused")

	run := func(what string, dir string, name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Env = env
		code, out := runScript(t, cmd, dir)
		if code != 0 {
			t.Fatalf("%s: %s %s: exit %d\n%s", what, name, strings.Join(args, " "), code, out)
		}
		return out
	}
	run("make generate", dir, "make", "generate")
	run("build", dir, "go", "build", "./...")
	run("vet", dir, "go", "vet", "./...")
	run("the root module's tests", dir, "go", "test", "-count=1", "./...")
	run("the contract tests (the fake's answers against the changed spec)", filepath.Join(dir, "tools"), "go", "test", "-count=1", "./contract/")

	out := run("the CLI", dir, "go", "run", "./cmd/fanfare", "waitlist", "consumers", "demo", "--demo",
		"--demo-entries", "60", "--format", "jsonl", "--fields", strings.Join(columns, ","))
	seen := map[string]bool{}
	for line := range strings.Lines(out) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("the CLI's jsonl: %v\n%s", err, line)
		}
		for k, v := range m {
			if v != nil {
				seen[k] = true
			}
		}
	}
	for _, c := range columns {
		if !seen[c] && !seen[strings.TrimPrefix(c, "consumer.")] {
			t.Errorf("the CLI's --fields never printed a value of %s", c)
		}
	}
}
