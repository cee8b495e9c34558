package cache

import (
	"context"
	"time"
)

// clock is the time source of reflectors and informers; tests substitute
// one they step by hand so that backoffs and timeouts need no sleeping.
type clock interface {
	Now() time.Time
	NewTimer(d time.Duration) timer
}

type timer interface {
	C() <-chan time.Time
	Stop() bool
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) NewTimer(d time.Duration) timer { return realTimer{time.NewTimer(d)} }

type realTimer struct{ t *time.Timer }

func (t realTimer) C() <-chan time.Time { return t.t.C }
func (t realTimer) Stop() bool          { return t.t.Stop() }

// sleep waits d on c, or until ctx is done (then it returns false).
func sleep(ctx context.Context, c clock, d time.Duration) bool {
	t := c.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C():
		return true
	}
}

// backoff is client-go's reflector backoff: 800 ms doubling to 30 s, each
// delay stretched by up to 100% at random so that clients that failed
// together do not retry together (k/k#87794), and back to 800 ms after
// 2 minutes without a backoff.
type backoff struct {
	initial, max, resetAfter time.Duration
	factor, jitter           float64

	cur       time.Duration
	lastStart time.Time
}

func newBackoff() *backoff {
	return &backoff{
		initial:    800 * time.Millisecond,
		max:        30 * time.Second,
		resetAfter: 2 * time.Minute,
		factor:     2,
		jitter:     1,
	}
}

// next returns the next delay; rnd is uniform in [0, 1).
func (b *backoff) next(now time.Time, rnd float64) time.Duration {
	if b.cur == 0 || now.Sub(b.lastStart) > b.resetAfter {
		b.cur = b.initial
	} else {
		b.cur = min(time.Duration(float64(b.cur)*b.factor), b.max)
	}
	b.lastStart = now
	return b.cur + time.Duration(rnd*b.jitter*float64(b.cur))
}
