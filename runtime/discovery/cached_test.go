package discovery_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/clientgen/clientgen/runtime/discovery"
	"github.com/clientgen/clientgen/runtime/rest"
)

// Environment of the cache-writer subprocess (see TestMain).
const (
	writerEnv       = "CLIENTGEN_DISCOVERY_CACHE_WRITER"
	writerServerEnv = "CLIENTGEN_DISCOVERY_CACHE_WRITER_SERVER"
	writerRootEnv   = "CLIENTGEN_DISCOVERY_CACHE_WRITER_ROOT"
)

// TestMain turns the test binary into a cache writer when re-executed by
// TestConcurrentWritersFromTwoProcessesNeverLeaveABrokenFile.
func TestMain(m *testing.M) {
	if n := os.Getenv(writerEnv); n != "" {
		os.Exit(runCacheWriter(n))
	}
	os.Exit(m.Run())
}

func runCacheWriter(iterations string) int {
	n, err := strconv.Atoi(iterations)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	for i := range n {
		var cacheErr error
		c, err := discovery.NewCachedDiscoveryClientForConfig(testConfig(os.Getenv(writerServerEnv)), discovery.DiskCacheOptions{
			Dir: os.Getenv(writerRootEnv),
			// Always revalidate, so that every iteration writes the file.
			TTL:     -1,
			OnError: func(err error) { cacheErr = err },
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if _, _, err := c.ServerGroupsAndResourcesWithContext(context.Background()); err != nil {
			fmt.Fprintf(os.Stderr, "iteration %d: %v\n", i, err)
			return 1
		}
		if cacheErr != nil {
			fmt.Fprintf(os.Stderr, "iteration %d: cache error: %v\n", i, cacheErr)
			return 1
		}
	}
	return 0
}

// diskClient returns a disk-cached client whose cache problems fail the
// test unless expected.
func diskClient(tb testing.TB, srv *replayServer, root string, ttl time.Duration) (*discovery.CachedDiscoveryClient, *[]error) {
	tb.Helper()
	var errs []error
	var mu sync.Mutex
	c, err := discovery.NewCachedDiscoveryClientForConfig(testConfig(srv.URL), discovery.DiskCacheOptions{
		Dir: root, TTL: ttl,
		OnError: func(err error) { mu.Lock(); errs = append(errs, err); mu.Unlock() },
	})
	if err != nil {
		tb.Fatal(err)
	}
	return c, &errs
}

type everything struct {
	Groups []*metav1.APIGroup
	Lists  []*metav1.APIResourceList
}

func discoverAll(tb testing.TB, d discovery.DiscoveryInterfaceWithContext) everything {
	tb.Helper()
	groups, lists, err := d.ServerGroupsAndResourcesWithContext(context.Background())
	if err != nil {
		tb.Fatalf("ServerGroupsAndResources: %v", err)
	}
	return everything{groups, lists}
}

func TestMemCacheAnswersFromMemoryUntilInvalidated(t *testing.T) {
	srv := newReplayServer(t, protoAndJSON)
	c := discovery.NewMemCacheClient(newClient(t, srv))
	ctx := t.Context()

	want := discoverAll(t, c)
	if n := len(srv.requestLog()); n != 2 {
		t.Fatalf("first load made %d requests, want 2", n)
	}
	if !c.Fresh() {
		t.Error("Fresh() = false after a load from the server")
	}
	srv.resetLog()
	for name, call := range map[string]func() error{
		"ServerGroups":                       func() error { _, err := c.ServerGroupsWithContext(ctx); return err },
		"ServerGroupsAndResources":           func() error { _, _, err := c.ServerGroupsAndResourcesWithContext(ctx); return err },
		"ServerResourcesForGroupVersion":     func() error { _, err := c.ServerResourcesForGroupVersionWithContext(ctx, "apps/v1"); return err },
		"ServerPreferredResources":           func() error { _, err := c.ServerPreferredResourcesWithContext(ctx); return err },
		"ServerPreferredNamespacedResources": func() error { _, err := c.ServerPreferredNamespacedResourcesWithContext(ctx); return err },
	} {
		if err := call(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if log := srv.requestLog(); len(log) != 0 {
		t.Errorf("a warm memory cache asked the server: %q", log)
	}

	c.Invalidate()
	if got := discoverAll(t, c); !cmp.Equal(want, got) {
		t.Error("results changed after Invalidate although the server did not")
	}
	if n, nm := len(srv.requestLog()), srv.notModified.Load(); n != 2 || nm != 2 {
		t.Errorf("after Invalidate: %d requests, %d answered 304; want 2 revalidations by ETag", n, nm)
	}
}

// opaque hides the concrete type of a DiscoveryInterface.
type opaque struct{ discovery.DiscoveryInterfaces }

func TestMemCacheWorksOverAnyDiscoveryInterface(t *testing.T) {
	srv := newReplayServer(t, legacyOnly)
	srv.setStatus("/apis/apps/v1", 503)
	c := discovery.NewMemCacheClient(opaque{newClient(t, srv)})
	_, lists, err := c.ServerGroupsAndResourcesWithContext(t.Context())
	if !discovery.IsGroupDiscoveryFailedError(err) || len(lists) == 0 {
		t.Fatalf("partial failure through the cache: %d lists, error %v", len(lists), err)
	}
	srv.resetLog()
	if _, err := c.ServerResourcesForGroupVersionWithContext(t.Context(), "apps/v1"); !apierrors.IsServiceUnavailable(err) {
		t.Errorf("a failed group version: error %v, want its failure", err)
	}
	if _, err := c.ServerResourcesForGroupVersionWithContext(t.Context(), "nope.example.com/v1"); !apierrors.IsNotFound(err) || !strings.Contains(err.Error(), "Invalidate") {
		t.Errorf("an unknown group version: error %v, want NotFound mentioning Invalidate", err)
	}
	if l, err := c.ServerResourcesForGroupVersionWithContext(t.Context(), "v1"); err != nil || l.GroupVersion != "v1" {
		t.Errorf("core group: %v, %v", l, err)
	}
	if log := srv.requestLog(); len(log) != 0 {
		t.Errorf("cached lookups asked the server: %q", log)
	}
}

func TestDiskCacheServesTheNextClientWithoutAskingTheServer(t *testing.T) {
	srv := newReplayServer(t, protoAndJSON)
	root := t.TempDir()
	first, errs := diskClient(t, srv, root, time.Hour)
	want := discoverAll(t, first)

	wantDir, _ := discovery.CacheDirForHost(root, srv.URL)
	if got := first.CacheFile(); filepath.Dir(got) != wantDir {
		t.Errorf("cache file %s is not in %s", got, wantDir)
	}
	assertPerm(t, wantDir, 0o700|fs.ModeDir)
	assertPerm(t, first.CacheFile(), 0o600)

	srv.resetLog()
	second, errs2 := diskClient(t, srv, root, time.Hour)
	if got := discoverAll(t, second); !cmp.Equal(want, got) {
		t.Errorf("the disk cache returned something else: %s", cmp.Diff(want, got))
	}
	if log := srv.requestLog(); len(log) != 0 {
		t.Errorf("a warm disk cache asked the server: %q", log)
	}
	if second.Fresh() {
		t.Error("Fresh() = true for data read from disk")
	}
	second.Invalidate()
	discoverAll(t, second)
	if n, nm := len(srv.requestLog()), srv.notModified.Load(); n != 2 || nm != 2 {
		t.Errorf("after Invalidate: %d requests, %d answered 304; want 2 revalidations", n, nm)
	}
	if len(*errs)+len(*errs2) > 0 {
		t.Errorf("cache errors: %v %v", *errs, *errs2)
	}
}

func TestAnExpiredDiskCacheIsRevalidatedByETagAndRewritten(t *testing.T) {
	srv := newReplayServer(t, protoAndJSON)
	root := t.TempDir()
	first, _ := diskClient(t, srv, root, time.Hour)
	want := discoverAll(t, first)
	before, err := os.Stat(first.CacheFile())
	if err != nil {
		t.Fatal(err)
	}
	srv.resetLog()

	expired, errs := diskClient(t, srv, root, -1)
	if got := discoverAll(t, expired); !cmp.Equal(want, got) {
		t.Error("results changed after revalidation")
	}
	if n, nm := len(srv.requestLog()), srv.notModified.Load(); n != 2 || nm != 2 {
		t.Errorf("%d requests, %d answered 304; want 2 revalidations", n, nm)
	}
	after, err := os.Stat(expired.CacheFile())
	if err != nil {
		t.Fatal(err)
	}
	if os.SameFile(before, after) {
		t.Error("the cache file was not rewritten with the revalidation time")
	}
	if len(*errs) > 0 {
		t.Errorf("cache errors: %v", *errs)
	}
}

func TestABrokenCacheFileIsIgnoredAndRewritten(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(tb testing.TB, path string)
	}{
		{"a corrupt file", func(tb testing.TB, path string) {
			b := readFile(tb, path)
			b[len(b)/2] ^= 0xff
			writeFile(tb, path, b)
		}},
		{"a truncated file", func(tb testing.TB, path string) {
			b := readFile(tb, path)
			writeFile(tb, path, b[:len(b)/2])
		}},
		{"an empty file", func(tb testing.TB, path string) { writeFile(tb, path, nil) }},
		{"a file of another format", func(tb testing.TB, path string) { writeFile(tb, path, []byte(`{"kind":"APIGroupList"}`)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newReplayServer(t, protoAndJSON)
			root := t.TempDir()
			first, _ := diskClient(t, srv, root, time.Hour)
			want := discoverAll(t, first)
			tt.break_(t, first.CacheFile())
			srv.resetLog()

			c, errs := diskClient(t, srv, root, time.Hour)
			if got := discoverAll(t, c); !cmp.Equal(want, got) {
				t.Error("results differ after a broken cache file")
			}
			if len(*errs) != 1 || !strings.Contains((*errs)[0].Error(), "it will be rewritten") {
				t.Errorf("cache errors = %v, want one saying the file is ignored and rewritten", *errs)
			}
			if n := len(srv.requestLog()); n != 2 {
				t.Errorf("%d requests, want 2 (a full download)", n)
			}

			srv.resetLog()
			again, errs := diskClient(t, srv, root, time.Hour)
			discoverAll(t, again)
			if log := srv.requestLog(); len(log) != 0 || len(*errs) != 0 {
				t.Errorf("the rewritten file was not used: requests %q, errors %v", log, *errs)
			}
		})
	}
}

func TestAnUnusableCacheDirectoryIsReportedButNotFatal(t *testing.T) {
	srv := newReplayServer(t, protoAndJSON)
	root := t.TempDir()
	dir, err := discovery.CacheDirForHost(root, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	// A regular file where the server's directory should be: neither
	// readable nor creatable, even for root (permission bits are not).
	writeFile(t, dir, []byte("not a directory"))

	c, errs := diskClient(t, srv, root, time.Hour)
	want := discoverAll(t, discovery.NewMemCacheClient(newClient(t, srv)))
	if got := discoverAll(t, c); !cmp.Equal(want, got) {
		t.Error("results differ with an unusable cache directory")
	}
	if !c.Fresh() {
		t.Error("Fresh() = false although everything came from the server")
	}
	var msgs []string
	for _, err := range *errs {
		msgs = append(msgs, err.Error())
	}
	joined := strings.Join(msgs, "\n")
	if !strings.Contains(joined, "not a directory") || !strings.Contains(joined, "not cached on disk") {
		t.Errorf("cache errors do not say what is wrong and what happens:\n%s", joined)
	}
}

func TestAPartialDiscoveryIsNotPersisted(t *testing.T) {
	srv := newReplayServer(t, legacyOnly)
	srv.setStatus("/apis/apps/v1", 503)
	root := t.TempDir()
	c, errs := diskClient(t, srv, root, time.Hour)
	if _, _, err := c.ServerGroupsAndResourcesWithContext(t.Context()); !discovery.IsGroupDiscoveryFailedError(err) {
		t.Fatalf("error = %v, want a partial failure", err)
	}
	if _, err := os.Stat(c.CacheFile()); !os.IsNotExist(err) {
		t.Errorf("a partial discovery was written to %s (stat error %v)", c.CacheFile(), err)
	}
	if len(*errs) > 0 {
		t.Errorf("cache errors: %v", *errs)
	}
}

func TestConcurrentWritersFromTwoProcessesNeverLeaveABrokenFile(t *testing.T) {
	srv := newReplayServer(t, protoAndJSON)
	root := t.TempDir()
	seed, _ := diskClient(t, srv, root, time.Hour)
	want := discoverAll(t, seed)

	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	const iterations = 40
	var writers []*exec.Cmd
	var outputs []*strings.Builder
	for range 2 {
		cmd := exec.Command(self, "-test.run=^$")
		cmd.Env = append(os.Environ(), writerEnv+"="+strconv.Itoa(iterations), writerServerEnv+"="+srv.URL, writerRootEnv+"="+root)
		out := &strings.Builder{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		writers = append(writers, cmd)
		outputs = append(outputs, out)
	}
	done := make(chan error, len(writers))
	for _, cmd := range writers {
		go func() { done <- cmd.Wait() }()
	}

	// Read while they write: every read must find a complete file.
	reads := 0
	for finished := 0; finished < len(writers); {
		select {
		case err := <-done:
			finished++
			if err != nil {
				t.Errorf("writer failed: %v\n%s%s", err, outputs[0], outputs[1])
			}
			continue
		default:
		}
		c, errs := diskClient(t, srv, root, time.Hour)
		if got := discoverAll(t, c); !cmp.Equal(want, got) {
			t.Fatal("a reader saw different results while the writers wrote")
		}
		if len(*errs) > 0 {
			t.Fatalf("a reader found a broken cache file: %v", *errs)
		}
		reads++
	}
	if reads == 0 {
		t.Error("no read overlapped the writers")
	}
	entries, err := os.ReadDir(filepath.Dir(seed.CacheFile()))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != filepath.Base(seed.CacheFile()) {
			t.Errorf("left behind in the cache directory: %s", e.Name())
		}
	}
	if nm := srv.notModified.Load(); nm < 2*iterations*2 {
		t.Errorf("%d revalidations answered 304, want %d (every writer iteration revalidates both roots)", nm, 2*iterations*2)
	}
}

func TestCacheDirForHostStaysInsideTheRoot(t *testing.T) {
	root := filepath.Join(t.TempDir(), "discovery")
	tests := []struct {
		host    string
		want    string
		wantErr bool
	}{
		{host: "https://127.0.0.1:6443", want: "127.0.0.1_6443"},
		{host: "http://localhost:8080", want: "localhost_8080"},
		{host: "my-cluster.example.com", want: "my-cluster.example.com"},
		{host: "https://[::1]:6443/prefix/path", want: "___1__6443_prefix_path"},
		{host: "https://h/../../../etc", want: "h_.._.._.._etc"},
		{host: `..\..\windows`, want: `.._.._windows`},
		{host: "..", wantErr: true},
		{host: "https://.", wantErr: true},
		{host: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("host %q", tt.host), func(t *testing.T) {
			got, err := discovery.CacheDirForHost(root, tt.host)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("CacheDirForHost = %s, want an error", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != filepath.Join(root, tt.want) || filepath.Dir(got) != root {
				t.Errorf("CacheDirForHost = %s, want %s directly under the root", got, filepath.Join(root, tt.want))
			}
		})
	}
}

func TestTheDefaultCacheDirIsKubectls(t *testing.T) {
	t.Setenv("HOME", "/home/someone")
	t.Setenv("KUBECACHEDIR", "")
	if got, err := discovery.DefaultCacheDir(); err != nil || got != "/home/someone/.kube/cache/discovery" {
		t.Errorf("DefaultCacheDir = %q, %v", got, err)
	}
	t.Setenv("KUBECACHEDIR", "/var/cache/kube")
	if got, err := discovery.DefaultCacheDir(); err != nil || got != "/var/cache/kube/discovery" {
		t.Errorf("with $KUBECACHEDIR: DefaultCacheDir = %q, %v", got, err)
	}
	t.Setenv("HOME", t.TempDir())
	t.Setenv("KUBECACHEDIR", "")
	c, err := discovery.NewCachedDiscoveryClientForConfig(&rest.Config{Host: "https://10.0.0.1:6443"}, discovery.DiskCacheOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(os.Getenv("HOME"), ".kube", "cache", "discovery", "10.0.0.1_6443", "clientgen-discovery.v1"); c.CacheFile() != want {
		t.Errorf("CacheFile = %s, want %s", c.CacheFile(), want)
	}
}

func assertPerm(tb testing.TB, path string, want fs.FileMode) {
	tb.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	if fi.Mode() != want {
		tb.Errorf("%s has mode %v, want %v", path, fi.Mode(), want)
	}
}

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func writeFile(tb testing.TB, path string, b []byte) {
	tb.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		tb.Fatal(err)
	}
}
