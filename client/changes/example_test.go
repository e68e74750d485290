package changes_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/fanfare-go/fanfare/client/changes"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// Reading a waitlist that changes between reads, keeping the state in memory: the first read
// reports every entry as added, later ones what joined, changed or left.
func Example() {
	s := clienttest.NewServer()
	defer s.Close()
	s.AddSyntheticWaitlist("seq_launch", 1000, 1, clienttest.Evolving(7)) // each read gets the next generation
	c := s.Client()

	state := changes.NewState("seq_launch")
	for read := range 3 {
		d := changes.NewDiff(state)
		count := map[changes.Kind]int{}
		for ch, err := range d.Read(context.Background(), c) {
			if err != nil {
				fmt.Println(err)
				return
			}
			count[ch.Kind]++ // deliver ch here: ch.ID, ch.Entry.JSON, ch.PreviousStatus
		}
		next, err := d.Next()
		if err != nil {
			fmt.Println(err)
			return
		}
		state = next // the changes were delivered: the state moves on
		fmt.Printf("read %d: %d added, %d changed, %d removed; %d on the list\n",
			read, count[changes.Added], count[changes.Changed], count[changes.Removed], state.Len())
	}
	// Output:
	// read 0: 1000 added, 0 changed, 0 removed; 1000 on the list
	// read 1: 20 added, 94 changed, 29 removed; 991 on the list
	// read 2: 20 added, 74 changed, 14 removed; 997 on the list
}

// Keeping the state in a file between runs: a missing file means every entry is new; a file
// that is not an intact state of this sequence is refused, and left alone.
func ExampleLoadFile() {
	s := clienttest.NewServer()
	defer s.Close()
	s.AddSyntheticWaitlist("seq_launch", 500, 1)
	dir, _ := os.MkdirTemp("", "changes-example-")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "seq_launch.state")

	for range 2 {
		prev, err := changes.LoadFile(path, "seq_launch")
		if errors.Is(err, fs.ErrNotExist) {
			prev, err = changes.NewState("seq_launch"), nil
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		d := changes.NewDiff(prev)
		n := 0
		for _, err := range d.Read(context.Background(), s.Client()) {
			if err != nil {
				fmt.Println(err)
				return
			}
			n++
		}
		next, err := d.Next()
		if err == nil {
			err = next.SaveFile(path) // after the changes were delivered
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%d changes; the state has %d entries\n", n, next.Len())
	}

	_, err := changes.LoadFile(path, "seq_other")
	fmt.Println(errors.Is(err, changes.ErrForeignState))
	// Output:
	// 500 changes; the state has 500 entries
	// 0 changes; the state has 500 entries
	// true
}
