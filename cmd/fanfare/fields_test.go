package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
	"github.com/fanfare-go/fanfare/internal/schema"
)

func TestColumnsCoverEveryField(t *testing.T) {
	var want []string // every field, from the generated schema description: the entry's, then the consumer's
	var consumer []string
	for _, f := range schema.WaitlistConsumer.Fields {
		if f.JSON != "consumer" {
			want = append(want, f.JSON)
			continue
		}
		for _, cf := range f.Object.Fields {
			consumer = append(consumer, "consumer."+cf.JSON)
		}
	}
	slices.Sort(consumer)
	var got []string
	for _, c := range allColumns {
		got = append(got, c.name)
	}
	if len(got) != len(want)+len(consumer) {
		t.Fatalf("%d columns, want the entry's %d and the consumer's %d", len(got), len(want), len(consumer))
	}
	if !slices.Equal(got[len(want):], consumer) {
		t.Errorf("the consumer's columns are not its fields in alphabetical order: %v", got[len(want):])
	}
	if got[0] != "id" || got[4] != "status" {
		t.Errorf("order: %s, %s", got[0], got[4])
	}
	sensitive := 0
	for _, c := range allColumns {
		if c.sensitive {
			sensitive++
		}
	}
	if sensitive != 1 {
		t.Errorf("%d sensitive columns, want 1", sensitive)
	}
}

func TestSelectColumns(t *testing.T) {
	cols, err := selectColumns([]string{"id", "EMAIL", "consumer.status", "status"}, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cols {
		names = append(names, c.name)
	}
	if strings.Join(names, ",") != "id,consumer.email,consumer.status,status" {
		t.Errorf("resolved %v", names)
	}
	if all, _ := selectColumns([]string{"all"}, nil, false); len(all) != len(allColumns) || !all[len(all)-1].unknown {
		t.Errorf("all without sensitive: %d", len(all))
	}
	if all, _ := selectColumns(nil, []string{"all"}, true); len(all) != len(allColumns)+1 {
		t.Errorf("all with sensitive: %d", len(all))
	}
	if _, err := selectColumns([]string{"verificationCode"}, nil, false); err == nil {
		t.Error("a sensitive field was selected without --include-sensitive")
	}
	if _, err := selectColumns([]string{"consumer..x"}, nil, false); err == nil {
		t.Error("a path with an empty name was selected")
	}
	other, err := selectColumns([]string{"nope", "consumer.loyaltyTier", "consumer.metadata.tier"}, nil, false)
	if err != nil || len(other) != 3 || other[0].index != nil || strings.Join(other[2].path, "/") != "consumer/metadata/tier" {
		t.Errorf("members the spec does not type: %+v, %v", other, err)
	}
}

func TestCellFormatsValues(t *testing.T) {
	name := "Zoë"
	e := client.WaitlistConsumer{Status: client.WaitlistConsumerStatusLeft, Consumer: client.Consumer{
		FullName: &name, ActivityScore: 42.5, SmsOptOut: true, ActivityRank: 3,
		CreatedAt:          time.Date(2025, 1, 2, 3, 4, 5, 6_000_000, time.UTC),
		LastGeoCoordinates: &client.GeoCoordinates{Latitude: 1.5, Longitude: -2},
		Metadata:           client.Metadata{"vip": true},
	}}
	for name, want := range map[string]string{
		"status": "left", "consumer.fullName": "Zoë", "consumer.activityScore": "42.5", "consumer.smsOptOut": "true",
		"consumer.activityRank": "3", "consumer.createdAt": "2025-01-02T03:04:05.006Z", "consumer.email": "",
		"consumer.lastGeoCoordinates": `{"latitude":1.5,"longitude":-2}`, "consumer.metadata": `{"vip":true}`,
		"notifiedAt": "",
	} {
		cols, err := selectColumns([]string{name}, nil, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := cell(cols[0].value(&e)); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}

func TestHeading(t *testing.T) {
	for name, want := range map[string]string{
		"enteredAt": "ENTERED AT", "consumer.fullName": "FULL NAME", "consumer.status": "CONSUMER STATUS",
		"consumer.lastGeoCountry": "LAST GEO COUNTRY", "id": "ID",
	} {
		if got := heading(name); got != want {
			t.Errorf("heading(%q) = %q, want %q", name, got, want)
		}
	}
}
