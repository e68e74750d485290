package client

import (
	"sync"
	"sync/atomic"

	"github.com/fanfare-go/fanfare/internal/codec"
)

// The parallel phase of decodeEntries: the caller's goroutine frames elements into batches (a
// buffer of the body and the spans of the complete elements in it), workers decode whole
// batches, and the caller hands the decoded batches to the sink in order. At most maxBatches
// batches exist, so memory is bounded whatever the body's length; a stopped sink or a broken
// stream stops the workers, and close waits for them.
//
// The life of a batch, all of it on the caller's goroutine but the decoding:
//
//	free ──start──▶ framed ──submit──▶ queued ──worker──▶ decoded ──deliverDecoded──▶ free
//
//   - free: in p.free (newBatch makes one while fewer than maxBatches exist; pop takes one);
//   - framed: p.cur; start moved the body's bytes not yet framed into its buffer, the framer
//     appends each complete element's span (streamer.element), and reads fill the rest;
//   - queued: beforeRead (before a read, when it holds elements) or flush (at the end) submits
//     it to the workers and appends it to p.queue, the order of delivery; the next batch starts
//     with the bytes of the element still open;
//   - decoded: a worker fills its entries and errors and signals done;
//   - delivered: deliverHead (waiting for it, or only if it is done) or readDelivering (while a
//     read waits) hands the oldest queued batch to the sink, entry by entry, in order, and
//     deliverDecoded puts it back in p.free.
//
// close, at the end, stops the workers and pools every batch of the default size but one that a
// read left running may still fill (p.reading).

// The pipeline's sizes.
const (
	// batchesPerWorker: one batch a worker decodes and one waiting for it, so that a worker need
	// not wait for the caller to frame its next one.
	batchesPerWorker = 2
	// callerBatches: the batch being framed into and the one being delivered.
	callerBatches = 2
	// entrySlack is the share of room a batch's entries are given beyond its current count
	// (1/entrySlack more), so that the next, slightly fuller, batch in that buffer need not
	// allocate them again.
	entrySlack = 4
)

// maxBatches is how many batches a pipeline of that many workers may hold.
func maxBatches(workers int) int { return batchesPerWorker*workers + callerBatches }

// span is an element's bytes in its batch's buffer.
type span struct{ start, end int }

// batch is a run of consecutive elements.
type batch struct {
	buf   []byte
	spans []span
	ents  []WaitlistConsumer // decoded by a worker
	errs  []error
	first int           // the index of the first element
	done  chan struct{} // a worker signals the batch decoded (capacity 1)
}

type pipeline struct {
	work    chan *batch // batches to decode
	queue   []*batch    // batches sent to the workers, not yet delivered, in order
	free    []*batch
	all     []*batch // every batch made, to pool at the end
	cur     *batch   // the batch being framed into
	made    int      // batches made so far …
	max     int      // … and at most (maxBatches)
	bufSize int      // the size of a new batch's buffer
	stopped atomic.Bool
	wg      sync.WaitGroup
	reading *batch // the batch whose buffer a read left running may still fill
}

func newPipeline(workers, bufSize int) *pipeline {
	limit := maxBatches(workers)
	p := &pipeline{work: make(chan *batch, limit), max: limit, bufSize: bufSize}
	p.wg.Add(workers)
	for range workers {
		go p.worker()
	}
	return p
}

func (p *pipeline) worker() {
	defer p.wg.Done()
	var d codec.Decoder
	for b := range p.work {
		if n := len(b.spans); len(b.ents) < n {
			b.ents = make([]WaitlistConsumer, n+n/entrySlack)
			b.errs = make([]error, len(b.ents))
		}
		for j, sp := range b.spans {
			if p.stopped.Load() {
				break
			}
			b.errs[j] = decodeFast(&d, b.buf[sp.start:sp.end], &b.ents[j])
		}
		b.done <- struct{}{}
	}
}

// close stops the workers, waits for them and pools the batches.
func (p *pipeline) close() {
	p.stopped.Store(true)
	close(p.work)
	p.wg.Wait()
	for _, b := range p.all {
		if len(b.buf) != defaultStreamConfig.bufSize || b == p.reading {
			continue
		}
		select { // a batch sent but not delivered (the sink stopped) has its token still
		case <-b.done:
		default:
		}
		clear(b.ents) // keep no entry alive
		clear(b.errs)
		b.spans = b.spans[:0]
		batches.Put(b)
	}
}

// batches pools the batches (with their buffers) of the default configuration.
var batches sync.Pool

// newBatch returns a free batch: a recycled one or a new one; nil when all max are out.
func (p *pipeline) newBatch() *batch {
	if len(p.free) == 0 && p.made < p.max {
		p.made++
		b, _ := batches.Get().(*batch)
		if b == nil || len(b.buf) != p.bufSize {
			b = &batch{buf: make([]byte, p.bufSize), done: make(chan struct{}, 1)}
		}
		p.all = append(p.all, b)
		p.free = append(p.free, b)
	}
	return p.pop()
}

func (p *pipeline) pop() *batch {
	if len(p.free) == 0 {
		return nil
	}
	b := p.free[len(p.free)-1]
	p.free = p.free[:len(p.free)-1]
	return b
}

// beforeRead runs before each read: it sends the current batch, when it holds elements, to
// the workers (the elements that have arrived are worth decoding now, before the read waits),
// and delivers what is already decoded. What the workers still hold is delivered during the
// read (readDelivering).
func (p *pipeline) beforeRead(s *streamer) {
	room := len(s.buf) - s.n
	if len(p.cur.spans) > 0 {
		nb := p.newBatch()
		for nb == nil {
			if !p.deliverHead(s, true) {
				return
			}
			nb = p.pop()
		}
		p.submit(p.cur)
		p.start(s, nb)
	} else if room < s.cfg.minRead {
		// One element fills the buffer: grow it (no element of the batch lives in it).
		nbuf := make([]byte, 2*len(s.buf))
		s.moveTo(nbuf)
		p.cur.buf = nbuf
	}
	for len(p.queue) > 0 && p.deliverHead(s, false) {
	}
}

type readResult struct {
	n   int
	err error
}

// readDelivering reads s.r into buf (the current batch's buffer) on a goroutine of its own,
// and meanwhile delivers, on the caller's, each batch as the workers finish it. When the sink
// stops (or panics) meanwhile, it returns at once, leaving the read to end when the body is
// closed: that batch is then never reused (see close).
func (p *pipeline) readDelivering(s *streamer, buf []byte) (int, error) {
	done := make(chan readResult, 1)
	r := s.r
	go func() {
		n, err := r.Read(buf)
		done <- readResult{n, err}
	}()
	p.reading = p.cur
	for {
		var head <-chan struct{}
		if len(p.queue) > 0 {
			head = p.queue[0].done
		}
		select {
		case res := <-done:
			p.reading = nil
			return res.n, res.err
		case <-head:
			if !p.deliverDecoded(s) {
				return 0, nil
			}
		}
	}
}

// start makes b the batch being framed into, moving the unframed bytes into its buffer.
func (p *pipeline) start(s *streamer, b *batch) {
	if need := s.n - s.restart + s.cfg.minRead; len(b.buf) < need {
		b.buf = make([]byte, max(need, p.bufSize))
	}
	b.first = s.count
	p.cur = b
	s.moveTo(b.buf)
}

func (p *pipeline) submit(b *batch) {
	p.queue = append(p.queue, b)
	p.work <- b // never blocks: the channel holds every batch there is
}

// deliverHead hands the oldest batch to the sink, waiting for it when wait is set, and
// recycles it. It reports whether it delivered a batch (false: not decoded yet, none, or the
// sink stopped).
func (p *pipeline) deliverHead(s *streamer, wait bool) bool {
	if len(p.queue) == 0 || s.stopped {
		return false
	}
	b := p.queue[0]
	if wait {
		<-b.done
	} else {
		select {
		case <-b.done:
		default:
			return false
		}
	}
	return p.deliverDecoded(s)
}

// deliverDecoded hands the oldest batch, whose workers' signal has been taken, to the sink and
// recycles it. It reports whether the sink took every entry.
func (p *pipeline) deliverDecoded(s *streamer) bool {
	b := p.queue[0]
	p.queue[0] = nil
	p.queue = p.queue[1:]
	for j, sp := range b.spans {
		if !s.sink(b.first+j, b.buf[sp.start:sp.end], &b.ents[j], b.errs[j]) {
			s.stopped = true
			return false
		}
	}
	b.spans = b.spans[:0]
	clear(b.errs)
	p.free = append(p.free, b)
	return true
}

// drain delivers every batch sent to the workers.
func (p *pipeline) drain(s *streamer) {
	for p.deliverHead(s, true) {
	}
}

// flush sends the current batch and delivers everything: the stream ends here.
func (p *pipeline) flush(s *streamer) {
	if len(p.cur.spans) > 0 {
		p.submit(p.cur)
	}
	p.drain(s)
}
