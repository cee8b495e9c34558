package testserver

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"
)

// RunTests is the body of an end-to-end package's TestMain: it starts the
// one server of the test binary, hands it to use, runs the tests and stops
// the server. It returns the exit code. A server that cannot start fails
// the run with the reason (never a skip); so does one that cannot stop.
// prefix names the suite in what it prints.
func RunTests(m *testing.M, prefix string, use func(*Server)) int {
	// Generous: on a loaded 2-core machine the start takes up to a minute,
	// and the server may take one more to reload its client CA file when
	// it misses the file's change event (it re-reads it every minute).
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	start := time.Now()
	s, err := Start(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: the real kube-apiserver did not start, so no end-to-end test can run: %v\n", prefix, err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "%s: kube-apiserver ready in %s\n", prefix, time.Since(start).Round(time.Millisecond))
	use(s)
	code := m.Run()
	if err := s.Stop(); err != nil {
		fmt.Fprintf(os.Stderr, "%s: stopping kube-apiserver: %v\n", prefix, err)
		if code == 0 {
			code = 1
		}
	}
	return code
}
