// Package changes tells what changed on a Fanfare waitlist since it was last read: the entries
// added, changed and removed, each identified by its id.
//
// The waitlist endpoint has no "since": every read is the whole list. A [State] is what a read
// leaves for the next to compare with (each entry's id, a fingerprint of its content, its
// status), 40 to 48 bytes an entry in memory and 26 in a file, never the entries themselves. A
// [Diff] reads the list through a [client.Client], streaming, and yields its changes against a
// state: the entries added and changed in the list's order, then those removed in the order of
// the state's list. An entry has changed when any member of it differs from what was read
// before (its status, a timestamp, a consumer field, a member the spec does not know), however
// its members are ordered or spaced; the verification code alone does not count (see
// fingerprint.go).
//
// The caller decides when changes count as delivered: the next state is there once the list
// has been read whole ([Diff.Next]), and the caller keeps or saves it only after it has handed
// the changes on. A read that fails, or a process that dies, before then leaves the previous
// state, and the next read reports those changes again: each change is reported at least once,
// and none is lost.
//
//	prev, err := changes.LoadFile("seq_123.state", "seq_123")
//	if errors.Is(err, fs.ErrNotExist) {
//		prev, err = changes.NewState("seq_123"), nil // the first read: every entry is added
//	}
//	if err != nil {
//		return err // another sequence's state, or a corrupt one: leave the file alone
//	}
//	d := changes.NewDiff(prev)
//	for ch, err := range d.Read(ctx, c) {
//		if err != nil {
//			var elemErr *changes.ElementError
//			if errors.As(err, &elemErr) {
//				log.Print(err) // one element; the read goes on
//				continue
//			}
//			return err // the read failed: nothing is saved, the next run reports it all again
//		}
//		deliver(ch) // ch.Kind, ch.ID, ch.Entry.JSON (the bytes as sent), ch.PreviousStatus
//	}
//	next, err := d.Next()
//	if err != nil {
//		return err
//	}
//	return next.SaveFile("seq_123.state") // only now: every change above was delivered
//
// A read that would remove more of the state's entries than a bound is refused: a server
// that answers an empty or partial list for one request looks exactly like a waitlist that
// emptied, and every system fed by the changes would delete those entries. By default the bound
// is half of the state's entries (as rclone bisync refuses to delete more than 50% of the
// files), never less than [MinRemovalAllowance]; [WithMaxRemoved] and [WithMaxRemovedFraction]
// set it. The refused read yields none of its removals and ends with a [*RemovalLimitError]
// ([ErrTooManyRemoved]); Next then gives no state, and the previous one still holds.
//
// A state file (format version 1) holds a header with the sequence id, the entries in list
// order and a SHA-256 checksum over the whole file: [LoadFile] refuses a truncated or changed
// file ([ErrCorruptState]), another sequence's ([ErrForeignState]) or a newer format's
// ([ErrStateVersion]), and [State.SaveFile] replaces it atomically.
package changes
