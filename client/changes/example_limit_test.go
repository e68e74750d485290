package changes_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/fanfare-go/fanfare/client/changes"
	"github.com/fanfare-go/fanfare/client/clienttest"
)

// A read that would remove most of the list is refused: none of its removals is delivered and
// the state stays. When the list really shrank, the caller reads again with a bound that allows
// it.
func ExampleWithMaxRemoved() {
	s := clienttest.NewServer()
	defer s.Close()
	c := s.Client()
	s.AddSyntheticWaitlist("seq_launch", 240, 1)
	d := changes.NewDiff(changes.NewState("seq_launch"))
	for _, err := range d.Read(context.Background(), c) {
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	state, _ := d.Next()

	s.AddWaitlist("seq_launch", nil) // the server answers []
	for _, bound := range []changes.Option{nil, changes.WithMaxRemoved(240)} {
		var opts []changes.Option
		if bound != nil {
			opts = append(opts, bound)
		}
		d := changes.NewDiff(state, opts...)
		removed := 0
		for ch, err := range d.Read(context.Background(), c) {
			var refused *changes.RemovalLimitError
			if errors.As(err, &refused) {
				fmt.Printf("refused: %d of %d removed, at most %d allowed (%s)\n", refused.Removed, refused.Previous, refused.Max, refused.Limit)
				break
			}
			if ch.Kind == changes.Removed {
				removed++
			}
		}
		if next, err := d.Next(); err == nil {
			fmt.Printf("%d removed; %d left\n", removed, next.Len())
		}
	}
	// Output:
	// refused: 240 of 240 removed, at most 120 allowed (50%)
	// 240 removed; 0 left
}
