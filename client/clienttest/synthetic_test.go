package clienttest

// Synthetic: deterministic entries whose wire form decodes to exactly them, exercising every field
// within the spec's formats; served without being held in memory; unknown members that change
// nothing else.

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/internal/schema"
)

func TestSyntheticIsDeterministic(t *testing.T) {
	a, b := Synthetic(300, 9), Synthetic(300, 9)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different entries")
	}
	if !reflect.DeepEqual(Synthetic(120, 9), a[:120]) {
		t.Fatal("Synthetic(120) is not a prefix of Synthetic(300)")
	}
	for _, i := range []int{0, 1, 2, 7, 8, 150, 299} {
		if !reflect.DeepEqual(SyntheticEntry(9, i), a[i]) {
			t.Fatalf("SyntheticEntry(9, %d) differs from Synthetic(300, 9)[%d]", i, i)
		}
	}
	other := Synthetic(300, 10)
	same := 0
	for i := range a {
		if a[i].ID == other[i].ID {
			same++
		}
	}
	if same != 0 {
		t.Fatalf("%d ids shared between seeds 9 and 10", same)
	}
	if got := Synthetic(0, 1); got == nil || len(got) != 0 {
		t.Fatalf("Synthetic(0) = %#v, want an empty slice", got)
	}
	if got := Synthetic(-5, 1); len(got) != 0 {
		t.Fatalf("Synthetic(-5) has %d entries", len(got))
	}
}

// wireEntries renders the first n synthetic entries of seed as the server sends them.
func wireEntries(t *testing.T, n int, seed int64) [][]byte {
	t.Helper()
	g := newSynth(seed, nil)
	out := make([][]byte, n)
	for i := range out {
		var e client.WaitlistConsumer
		var p presence
		g.entry(i, &e, &p)
		out[i] = appendEntry(nil, &e, &p)
	}
	return out
}

func TestSyntheticWireFormDecodesToExactlyTheEntries(t *testing.T) {
	const n, seed = 3000, 21
	want := Synthetic(n, seed)
	for i, raw := range wireEntries(t, n, seed) {
		var got client.WaitlistConsumer
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatalf("entry %d: %v\n%s", i, err, raw)
		}
		if !reflect.DeepEqual(got, want[i]) {
			t.Fatalf("entry %d decodes differently:\n%s", i, raw)
		}
	}
}

func TestSyntheticSendsEveryFormOfEachOptionalField(t *testing.T) {
	const n = 400
	type forms struct{ value, empty, absent int } // empty: null, or a plain field's default
	seen := map[*schema.Field]*forms{}
	for i, raw := range wireEntries(t, n, 5) {
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		e := SyntheticEntry(5, i)
		eachField(schema.WaitlistConsumer, reflect.ValueOf(e), m, func(f *schema.Field, gv reflect.Value, _ any, sent bool) {
			if f.Required {
				if !sent {
					t.Fatalf("entry %d: required %s not sent", i, f.JSON)
				}
				return
			}
			fs := seen[f]
			if fs == nil {
				fs = &forms{}
				seen[f] = fs
			}
			switch {
			case !sent:
				fs.absent++
			case isEmpty(f, gv):
				fs.empty++
			default:
				fs.value++
			}
		})
	}
	optional := 0
	schema.WaitlistConsumer.Walk(func(_ *schema.Object, f *schema.Field) {
		if f.Required {
			return
		}
		optional++
		fs := seen[f]
		if fs == nil {
			t.Errorf("%s: never seen", f.JSON)
			return
		}
		hasEmpty := f.Nullable || plain(f)
		if fs.value == 0 || fs.absent == 0 || (hasEmpty && fs.empty == 0) {
			t.Errorf("%s: %d with a value, %d null or default, %d absent; want each form (null or default: %v)",
				f.JSON, fs.value, fs.empty, fs.absent, hasEmpty)
		}
	})
	if optional == 0 {
		t.Fatal("no optional field in the schema")
	}
}

func TestSyntheticExercisesEveryKindOfValue(t *testing.T) {
	entries := Synthetic(400, 5)
	statuses := map[client.WaitlistConsumerStatus]int{}
	consumerStatuses := map[client.ConsumerStatus]int{}
	kinds := map[string]bool{}
	var nonLatin, quoted, comma, badEntered, badNotified bool
	for i, e := range entries {
		statuses[e.Status]++
		consumerStatuses[e.Consumer.Status]++
		if i < 6 && e.Status != client.WaitlistConsumerStatuses()[[]int{2, 1, 0, 3, 4, 5}[i]] {
			t.Errorf("entry %d has status %s", i, e.Status)
		}
		if e.Consumer.FullName != nil {
			name := *e.Consumer.FullName
			nonLatin = nonLatin || strings.IndexFunc(name, func(r rune) bool { return r > unicode.MaxLatin1 }) >= 0
			quoted = quoted || strings.ContainsAny(name, `"'`)
			comma = comma || strings.Contains(name, ",")
		}
		if _, err := time.Parse(time.RFC3339, e.EnteredAt); err != nil {
			badEntered = true
		}
		if e.NotifiedAt != nil {
			if _, err := time.Parse(time.RFC3339, *e.NotifiedAt); err != nil {
				badNotified = true
			}
		}
		metadataKinds(t, e.Consumer.Metadata, kinds)
	}
	for _, st := range client.WaitlistConsumerStatuses() {
		if statuses[st] == 0 {
			t.Errorf("no entry with status %s", st)
		}
	}
	if consumerStatuses[client.ConsumerStatusActive] == 0 || consumerStatuses[client.ConsumerStatusInactive] == 0 {
		t.Errorf("consumer statuses %v", consumerStatuses)
	}
	for _, k := range []string{"null", "string", "bool", "number", "array", "empty array", "null in array", "empty object"} {
		if !kinds[k] {
			t.Errorf("no metadata value of kind %s", k)
		}
	}
	if !nonLatin || !quoted || !comma {
		t.Errorf("names: non-Latin %v, quotes %v, commas %v", nonLatin, quoted, comma)
	}
	if !badEntered || !badNotified {
		t.Errorf("unparseable enteredAt %v, notifiedAt %v: want both to occur", badEntered, badNotified)
	}
}

// metadataKinds notes in kinds the kinds of value m holds.
func metadataKinds(t *testing.T, m client.Metadata, kinds map[string]bool) {
	t.Helper()
	if m != nil && len(m) == 0 {
		kinds["empty object"] = true
	}
	for _, v := range m {
		switch v := v.(type) {
		case nil:
			kinds["null"] = true
		case string:
			kinds["string"] = true
		case bool:
			kinds["bool"] = true
		case json.Number:
			kinds["number"] = true
		case []any:
			kinds["array"] = true
			if len(v) == 0 {
				kinds["empty array"] = true
			}
			for _, x := range v {
				if x == nil {
					kinds["null in array"] = true
				}
			}
		default:
			t.Errorf("metadata value of type %T", v)
		}
	}
}

func TestSyntheticValuesFitTheSpec(t *testing.T) {
	uuidRE := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	decimalRE := regexp.MustCompile(`^\d{1,12}(\.\d{1,8})?$`)
	emailRE := regexp.MustCompile(`^[^@]+@[^@<>",\s]+$`)
	parseable := 0
	entries := Synthetic(2000, 77)
	for i, e := range entries {
		k := e.Consumer
		for _, id := range []string{e.ID, e.OrganizationID, k.ID, k.OrganizationID} {
			if !uuidRE.MatchString(id) {
				t.Fatalf("entry %d: %q is not a UUID", i, id)
			}
		}
		for _, d := range []string{k.Aov, k.Ltv} {
			if d != "" && !decimalRE.MatchString(d) {
				t.Fatalf("entry %d: %q is not a decimal", i, d)
			}
		}
		if k.Email != nil && !emailRE.MatchString(*k.Email) {
			t.Fatalf("entry %d: %q is not an e-mail address", i, *k.Email)
		}
		for _, r := range []int{k.ActivityRank, k.MonetaryRank, k.PurchaseFrequencyRank} {
			if r < 0 || r > 5 {
				t.Fatalf("entry %d: rank %d", i, r)
			}
		}
		if k.LastGeoCoordinates != nil && (k.LastGeoCoordinates.Latitude < -90 || k.LastGeoCoordinates.Latitude > 90) {
			t.Fatalf("entry %d: latitude %v", i, k.LastGeoCoordinates.Latitude)
		}
		if k.CreatedAt.Location() != time.UTC || k.CreatedAt.Nanosecond()%int(time.Millisecond) != 0 {
			t.Fatalf("entry %d: createdAt %v is not UTC milliseconds", i, k.CreatedAt)
		}
		entered, err := time.Parse(time.RFC3339, e.EnteredAt)
		if err == nil {
			parseable++
			if entered.Before(syntheticLaunch) || entered.After(syntheticLaunch.Add(14*24*time.Hour)) {
				t.Fatalf("entry %d entered at %v, outside the 14 days from the launch", i, entered)
			}
		}
	}
	if parseable < len(entries)*99/100 {
		t.Errorf("only %d of %d enteredAt values parse", parseable, len(entries))
	}
}

func TestServerStreamsASyntheticWaitlistItDoesNotHold(t *testing.T) {
	n := 200_000
	if testing.Short() || raceDetector {
		n = 20_000
	}
	const seed = 11
	s := Start(t)
	s.AddSyntheticWaitlist("huge", n, seed)

	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapAlloc, ms.HeapAlloc
	i := 0
	for e, err := range s.Client().WaitlistConsumers(t.Context(), "huge") {
		if err != nil {
			t.Fatalf("after %d entries: %v", i, err)
		}
		if i%997 == 0 || i < 10 {
			if want := SyntheticEntry(seed, i); !reflect.DeepEqual(e, want) {
				t.Fatalf("entry %d differs from SyntheticEntry(%d, %d)", i, seed, i)
			}
		}
		if i%(n/10) == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
		i++
	}
	if i != n {
		t.Fatalf("streamed %d entries, want %d", i, n)
	}
	// Held whole, the entries would take about 1.5 KB each (30 MB for 20,000, 300 MB for
	// 200,000); streamed, the live heap barely moves.
	if grew := int64(peak) - int64(base); grew > 12<<20 {
		t.Errorf("the heap grew by %d MB while streaming %d entries", grew>>20, n)
	}
}

func TestServerSendsSyntheticEntriesThatDecodeExactly(t *testing.T) {
	const n, seed = 1500, 4
	s := Start(t)
	s.AddSyntheticWaitlist("seq", n, seed)
	_, body := mustGet(t, s, "seq", bearer(s))
	var got []client.WaitlistConsumer
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, Synthetic(n, seed)) {
		t.Fatal("the streamed synthetic waitlist does not decode to Synthetic(n, seed)")
	}
}

func BenchmarkSynthetic(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Synthetic(10_000, 1)
	}
}

func BenchmarkServeSyntheticEntry(b *testing.B) {
	g := newSynth(1, nil)
	var e client.WaitlistConsumer
	var buf []byte
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		buf = g.appendSynthetic(buf[:0], i, &e, nil)
		i++
	}
	b.SetBytes(int64(len(buf)))
}

// TestSyntheticEmailsAreASCII: every synthetic address fits format: email, whose local part is
// ASCII (the contract tests check the same, over HTTP, with the spec's strict format).
func TestSyntheticEmailsAreASCII(t *testing.T) {
	for seed := range int64(4) {
		for i, e := range Synthetic(3000, seed) {
			if e.Consumer.Email == nil {
				continue
			}
			local, domain, ok := strings.Cut(*e.Consumer.Email, "@")
			if !ok || local == "" || !strings.Contains(domain, ".") || strings.Trim(local, "abcdefghijklmnopqrstuvwxyz0123456789.") != "" {
				t.Fatalf("seed %d, entry %d: %q is not an ASCII address", seed, i, *e.Consumer.Email)
			}
		}
	}
}

// TestUnknownMembersChangeNothingElse: with WithUnknownMembers, the entries are the same but for
// their AdditionalProperties.
func TestUnknownMembersChangeNothingElse(t *testing.T) {
	plain, extended := Synthetic(200, 9), Synthetic(200, 9, WithUnknownMembers())
	for i := range plain {
		e := extended[i]
		if len(e.AdditionalProperties) == 0 || len(e.Consumer.AdditionalProperties) == 0 {
			t.Fatalf("entry %d has no unknown members", i)
		}
		clearUnknown(reflect.ValueOf(&e).Elem())
		if !reflect.DeepEqual(e, plain[i]) {
			t.Fatalf("entry %d differs beyond its unknown members", i)
		}
	}
}

// clearUnknown clears the AdditionalProperties of v, a struct, and of the structs within it.
func clearUnknown(v reflect.Value) {
	for i := range v.NumField() {
		f := v.Field(i)
		switch {
		case v.Type().Field(i).Name == "AdditionalProperties":
			f.SetZero()
		case f.Kind() == reflect.Struct && f.Type() != reflect.TypeFor[time.Time]():
			clearUnknown(f)
		case f.Kind() == reflect.Pointer && !f.IsNil() && f.Elem().Kind() == reflect.Struct && f.Elem().Type() != reflect.TypeFor[time.Time]():
			c := reflect.New(f.Elem().Type())
			c.Elem().Set(f.Elem())
			clearUnknown(c.Elem())
			f.Set(c)
		}
	}
}

// TestAppendMillisIsTimeFormat: the fake's own formatter writes what time.Format writes.
func TestAppendMillisIsTimeFormat(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for range 20000 {
		tm := time.Unix(r.Int64N(1<<34)-1<<33, r.Int64N(1e9)).UTC()
		offset := []int{0, 3600, 9 * 3600, -5 * 3600, 5*3600 + 1800, -(9*3600 + 1800)}[r.IntN(6)]
		want := tm.UTC().Format("2006-01-02T15:04:05.000Z")
		if offset != 0 {
			want = tm.In(time.FixedZone("", offset)).Format("2006-01-02T15:04:05.000Z07:00")
		}
		if tm.Year() < 0 || tm.Year() > 9999 {
			continue
		}
		if got := string(appendMillis(nil, tm, offset)); got != want {
			t.Fatalf("%v at %d: %s, time.Format %s", tm, offset, got, want)
		}
	}
}

// TestSyntheticWithoutStatusEnum: a spec whose entry status lists no values (statuses is
// computed from it) still gives entries, their statuses from the field's schema alone.
func TestSyntheticWithoutStatusEnum(t *testing.T) {
	saved := statuses
	statuses = nil
	t.Cleanup(func() { statuses = saved })
	entries := Synthetic(40, 5)
	if len(entries) != 40 {
		t.Fatalf("%d entries, want 40", len(entries))
	}
	for i, e := range entries {
		if e.Status == "" {
			t.Fatalf("entry %d has no status", i)
		}
	}
	for i, e := range Synthetic(40, 5, Evolving(9), AtGeneration(3)) {
		if e.Status == "" {
			t.Fatalf("evolved entry %d has no status", i)
		}
	}
}
