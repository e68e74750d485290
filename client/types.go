package client

import "github.com/fanfare-go/fanfare/gen"

// WaitlistConsumer is one entry on a sequence's waitlist, with the consumer's record in its
// Consumer field. It is the generated [gen.WaitlistConsumer], where its fields (ID, Status,
// EnteredAt, NotifiedAt, Consumer, …) are documented:
//
//	go doc github.com/fanfare-go/fanfare/gen.WaitlistConsumer
type WaitlistConsumer = gen.WaitlistConsumer

// Consumer is a consumer's record (52 fields) as nested in a [WaitlistConsumer]. It is the
// generated [gen.Consumer], where its fields (Email, FullName, Status, Metadata, …) are
// documented:
//
//	go doc github.com/fanfare-go/fanfare/gen.Consumer
type Consumer = gen.Consumer

// WaitlistConsumerStatus is the status of a waitlist entry.
type WaitlistConsumerStatus = gen.WaitlistConsumerStatus

// ConsumerStatus is the status of a consumer record.
type ConsumerStatus = gen.ConsumerStatus

// GeoCoordinates are the coordinates of a consumer's last geolocation.
type GeoCoordinates = gen.GeoCoordinates

// Metadata is a consumer's free-form metadata: string, float64, bool, nil or []any values
// (the type of [Consumer]'s Metadata field).
type Metadata = map[string]any

// ErrorBody is the JSON body of an error response, as the API sends it.
type ErrorBody = gen.Error

// ErrorDetail is a field-level detail of a validation error (Fanfare's prose docs' form).
type ErrorDetail = gen.ErrorDetail

// ValidationIssue is a validation issue of a 400 response (the published schema's form).
type ValidationIssue = gen.ValidationIssue

// ValidationIssuePathItem is one step of a [ValidationIssue]'s path.
type ValidationIssuePathItem = gen.ValidationIssuePathItem

// The statuses of a waitlist entry: the union of the published schema and the reference page.
const (
	WaitlistConsumerStatusEntered    = gen.WaitlistConsumerStatusEntered
	WaitlistConsumerStatusWaitlisted = gen.WaitlistConsumerStatusWaitlisted
	WaitlistConsumerStatusNotified   = gen.WaitlistConsumerStatusNotified
	WaitlistConsumerStatusConverted  = gen.WaitlistConsumerStatusConverted
	WaitlistConsumerStatusExpired    = gen.WaitlistConsumerStatusExpired
	WaitlistConsumerStatusLeft       = gen.WaitlistConsumerStatusLeft
)

// The statuses of a consumer record.
const (
	ConsumerStatusActive   = gen.ConsumerStatusActive
	ConsumerStatusInactive = gen.ConsumerStatusInactive
)

// WaitlistConsumerStatuses lists every known waitlist entry status, in the spec's order.
func WaitlistConsumerStatuses() []WaitlistConsumerStatus {
	return []WaitlistConsumerStatus{
		WaitlistConsumerStatusEntered, WaitlistConsumerStatusWaitlisted, WaitlistConsumerStatusNotified,
		WaitlistConsumerStatusConverted, WaitlistConsumerStatusExpired, WaitlistConsumerStatusLeft,
	}
}
