package rest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/time/rate"
)

// RateLimiter throttles client-side requests. Wait blocks until a request
// may proceed or ctx is done.
type RateLimiter interface {
	Wait(ctx context.Context) error
}

// NewRateLimiter returns a token bucket limiter allowing qps requests per
// second with bursts of up to burst. A qps <= 0 yields a limiter that never
// blocks.
func NewRateLimiter(qps float32, burst int) RateLimiter {
	if qps <= 0 {
		return &tokenBucket{limiter: rate.NewLimiter(rate.Inf, 0)}
	}
	return &tokenBucket{limiter: rate.NewLimiter(rate.Limit(qps), burst)}
}

type tokenBucket struct {
	limiter *rate.Limiter
}

func (t *tokenBucket) Wait(ctx context.Context) error {
	return t.limiter.Wait(ctx)
}

// WithSharedRateLimiter returns a shallow copy of c whose RateLimiter is set,
// creating one from QPS/Burst when c has none, and whose WarningHandler is
// set likewise. Building every group client of one clientset from the
// result makes them share one request budget, which is what users expect
// QPS to mean (client-go makes one limiter per group-version), and report
// each distinct API warning once.
//
// For generated code only: a generated clientset's NewForConfigAndClient
// calls it once so that its group clients share one limiter; to share that
// budget with other clients, set Config.RateLimiter (NewRateLimiter)
// yourself. Not covered by compatibility promises.
func WithSharedRateLimiter(c *Config) (*Config, error) {
	if c == nil {
		return nil, errors.New("rest: WithSharedRateLimiter: nil Config")
	}
	rl, err := rateLimiterFor(c)
	if err != nil {
		return nil, err
	}
	out := *c
	out.RateLimiter = rl
	out.WarningHandler = warningHandlerFor(c)
	return &out, nil
}

// longThrottle is the client-side throttling wait beyond which the request
// is reported through the logger: a user wondering why their controller is
// slow should find out without a profiler.
const longThrottle = time.Second

// rateLimiterFor is the single place QPS/Burst defaults and validation live.
func rateLimiterFor(c *Config) (RateLimiter, error) {
	if c.RateLimiter != nil {
		return c.RateLimiter, nil
	}
	qps, burst := c.QPS, c.Burst
	switch {
	case qps < 0:
		return NewRateLimiter(0, 0), nil
	case qps == 0:
		qps = DefaultQPS
		if burst == 0 {
			burst = DefaultBurst
		}
	}
	if burst <= 0 {
		return nil, fmt.Errorf("rest: Burst must be greater than 0 when QPS is %g and no RateLimiter is set (got %d)", c.QPS, c.Burst)
	}
	return NewRateLimiter(qps, burst), nil
}
