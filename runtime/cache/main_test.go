package cache

import (
	"testing"

	"go.uber.org/goleak"
)

// Every informer a test starts must have stopped all of its goroutines
// (reflector, resync loop, one per handler) by the end.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
