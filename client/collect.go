package client

// entryChunks collects entries of unknown count in chunks of growing size and copies them once
// into a slice of the exact length: appending to one slice would copy a ~600-byte entry about
// twice on average and leave the slack of the last doubling (measured: ~5× the final slice in
// allocations).
type entryChunks struct {
	full  [][]WaitlistConsumer
	cur   []WaitlistConsumer
	total int
}

// maxChunk bounds a chunk's length, so the slack of the last chunk stays small.
const maxChunk = 4096

func (c *entryChunks) add(e *WaitlistConsumer) {
	if len(c.cur) == cap(c.cur) {
		if c.cur != nil {
			c.full = append(c.full, c.cur)
		}
		c.cur = make([]WaitlistConsumer, 0, min(max(2*cap(c.cur), 16), maxChunk))
	}
	c.cur = append(c.cur, *e)
	c.total++
}

// slice returns the entries in order, in one slice of their exact length (never nil).
func (c *entryChunks) slice() []WaitlistConsumer {
	if len(c.full) == 0 && len(c.cur) == c.total && c.cur != nil {
		return c.cur
	}
	out := make([]WaitlistConsumer, 0, c.total)
	for _, chunk := range c.full {
		out = append(out, chunk...)
	}
	return append(out, c.cur...)
}
