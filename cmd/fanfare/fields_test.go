package main

import (
	"strings"
	"testing"
	"time"

	"github.com/fanfare-go/fanfare/client"
)

func TestColumnsCoverEveryField(t *testing.T) {
	if len(allColumns) != 8+52 {
		t.Fatalf("%d columns, want the entry's 8 and the consumer's 52", len(allColumns))
	}
	if allColumns[0].name != "id" || allColumns[4].name != "status" || allColumns[8].name != "consumer.activityRank" {
		t.Errorf("order: %s, %s, %s", allColumns[0].name, allColumns[4].name, allColumns[8].name)
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
	if all, _ := selectColumns([]string{"all"}, nil, false); len(all) != 60 || !all[59].unknown {
		t.Errorf("all without sensitive: %d", len(all))
	}
	if all, _ := selectColumns(nil, []string{"all"}, true); len(all) != 61 {
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
