// Package testserver runs a real kube-apiserver (v1.37.2 with an embedded
// etcd, built from hack/kube-apiserver by hack/build-apiserver.sh) as a
// subprocess for end-to-end tests.
//
// The server's kubeconfig has the cluster "clientgen-e2e" and two contexts,
// CertContext (client certificate) and TokenContext (bearer token), both
// authenticated as members of system:masters. The server also trusts a
// client CA of the test process, so IssueClientCert makes certificates for
// any user (one without RBAC rights, or a new certificate to rotate to).
// No controllers run: deleted
// namespaces stay Terminating, there is no garbage collector and no default
// ServiceAccount, so give every test its own namespace.
package testserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

const (
	// CertContext is the kubeconfig context that authenticates with the admin
	// client certificate (CN=admin, O=system:masters).
	CertContext = "admin-cert"
	// TokenContext is the kubeconfig context that authenticates with a static
	// bearer token of a user in group system:masters.
	TokenContext = "admin-token"

	// KubeVersion is the version of the kube-apiserver the binary embeds.
	KubeVersion = "v1.37.2"

	// BinaryEnv names the environment variable that overrides BinaryPath.
	BinaryEnv = "CLIENTGEN_KUBE_APISERVER"

	defaultStartTimeout = 60 * time.Second
	stopTimeout         = 20 * time.Second
	stderrTailSize      = 32 << 10
)

// fixHint tells the user how to get the binary.
const fixHint = "run make e2e or hack/build-apiserver.sh"

// Server is a running kube-apiserver subprocess.
type Server struct {
	// Kubeconfig is the path of the server's kubeconfig file. It is removed
	// by Stop.
	Kubeconfig string

	cmd     *exec.Cmd
	dir     string
	stderr  *tailBuffer
	done    chan struct{} // closed when the process has exited
	waitErr error         // cmd.Wait's result; valid after done is closed

	stopOnce sync.Once
	stopErr  error

	// clientCA signs IssueClientCert's certificates (clientca.go).
	clientCA *clientCA
}

// BinaryPath returns the path of the kube-apiserver test binary: the value of
// $CLIENTGEN_KUBE_APISERVER if set, otherwise the path that
// hack/build-apiserver.sh writes,
// ${CLIENTGEN_CACHE_DIR:-$HOME/.cache/clientgen}/bin/kube-apiserver-v1.37.2.
// It returns an error naming the fix if the file does not exist.
func BinaryPath() (string, error) {
	path := os.Getenv(BinaryEnv)
	source := "$" + BinaryEnv
	if path == "" {
		cacheDir := os.Getenv("CLIENTGEN_CACHE_DIR")
		if cacheDir == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", fmt.Errorf("testserver: locating the kube-apiserver binary: %w; set $%s or %s", err, BinaryEnv, fixHint)
			}
			cacheDir = filepath.Join(home, ".cache", "clientgen")
		}
		path = filepath.Join(cacheDir, "bin", "kube-apiserver-"+KubeVersion)
		source = "default path"
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("testserver: kube-apiserver binary %q (%s): %w", path, source, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("testserver: kube-apiserver binary not found at %s (%s): %s", abs, source, fixHint)
		}
		return "", fmt.Errorf("testserver: kube-apiserver binary %s (%s): %w; %s", abs, source, err, fixHint)
	}
	if fi.IsDir() || fi.Mode().Perm()&0o111 == 0 {
		return "", fmt.Errorf("testserver: kube-apiserver binary %s (%s) is not an executable file: %s", abs, source, fixHint)
	}
	return abs, nil
}

// Options adjust the server StartWithOptions runs.
type Options struct {
	// ServerArgs are extra kube-apiserver flags, passed after the test
	// binary's own, such as "--feature-gates=CBORServingAndStorage=true".
	ServerArgs []string
}

// Start runs the kube-apiserver binary with a kubeconfig in a fresh temp dir
// and waits until it prints "ready". The wait is bounded by ctx's deadline,
// or 60s if ctx has none; ctx does not bound the server's lifetime, call
// Stop for that. If the process exits or the deadline passes first, the
// process is killed and the error includes the tail of its stderr.
func Start(ctx context.Context) (*Server, error) {
	return StartWithOptions(ctx, Options{})
}

// StartWithOptions is Start with extra kube-apiserver flags, for a test
// that needs a server configured unlike the shared one (a feature gate,
// say); it is a second process, so start it only where that is the point.
func StartWithOptions(ctx context.Context, opts Options) (*Server, error) {
	bin, err := BinaryPath()
	if err != nil {
		return nil, err
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, defaultStartTimeout)
		defer cancel()
	}

	dir, err := os.MkdirTemp("", "clientgen-testserver-")
	if err != nil {
		return nil, fmt.Errorf("testserver: %w", err)
	}
	s := &Server{
		Kubeconfig: filepath.Join(dir, "kubeconfig"),
		dir:        dir,
		stderr:     &tailBuffer{max: stderrTailSize},
		done:       make(chan struct{}),
	}
	if s.clientCA, err = newClientCA(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("testserver: test client CA: %w", err)
	}
	ready := make(chan struct{})
	args := []string{"--kubeconfig=" + s.Kubeconfig}
	if len(opts.ServerArgs) > 0 {
		// hack/kube-apiserver passes what follows "--" to kube-apiserver.
		args = append(append(args, "--"), opts.ServerArgs...)
	}
	s.cmd = exec.Command(bin, args...)
	// The binary keeps its PKI in a temp dir; inside ours, trustClientCA
	// can find its client CA file.
	s.cmd.Env = append(os.Environ(), "TMPDIR="+dir)
	s.cmd.Stdout = &readyWatcher{ready: ready}
	s.cmd.Stderr = s.stderr
	s.cmd.Dir = dir
	setProcAttr(s.cmd)
	if err := s.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("testserver: starting %s: %w", bin, err)
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		close(s.done)
	}()

	select {
	case <-ready:
		if _, err := os.Stat(s.Kubeconfig); err != nil {
			s.Stop()
			return nil, fmt.Errorf("testserver: server reported ready but the kubeconfig is missing: %w%s", err, s.tail())
		}
		if err := s.trustClientCA(ctx); err != nil {
			s.Stop()
			return nil, fmt.Errorf("%w%s", err, s.tail())
		}
		return s, nil
	case <-s.done:
		s.Stop()
		return nil, fmt.Errorf("testserver: kube-apiserver exited before it was ready (%v)%s", s.waitErr, s.tail())
	case <-ctx.Done():
		s.Stop()
		return nil, fmt.Errorf("testserver: kube-apiserver not ready: %w%s", context.Cause(ctx), s.tail())
	}
}

// Stop sends SIGTERM, waits for the process to exit (after 20s it is killed)
// and removes the temp dir. It returns an error if the process did not exit
// cleanly with status 0. Calling Stop again returns the same result.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		s.stopErr = s.stop()
	})
	return s.stopErr
}

func (s *Server) stop() error {
	defer os.RemoveAll(s.dir)

	select {
	case <-s.done:
		return fmt.Errorf("testserver: kube-apiserver had already exited (%v)%s", s.waitErr, s.tail())
	default:
	}

	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		select {
		case <-s.done: // raced with an exit
			return fmt.Errorf("testserver: kube-apiserver had already exited (%v)%s", s.waitErr, s.tail())
		default:
		}
		s.cmd.Process.Kill()
		<-s.done
		return fmt.Errorf("testserver: sending SIGTERM: %w%s", err, s.tail())
	}
	timer := time.NewTimer(stopTimeout)
	defer timer.Stop()
	select {
	case <-s.done:
	case <-timer.C:
		s.cmd.Process.Kill()
		<-s.done
		return fmt.Errorf("testserver: kube-apiserver did not exit within %v of SIGTERM and was killed%s", stopTimeout, s.tail())
	}
	if s.waitErr != nil {
		return fmt.Errorf("testserver: kube-apiserver exited uncleanly: %w%s", s.waitErr, s.tail())
	}
	return nil
}

func (s *Server) tail() string {
	t := strings.TrimSpace(s.stderr.String())
	if t == "" {
		return "; stderr was empty"
	}
	return "; stderr tail:\n" + t
}

// readyWatcher receives the server's stdout and closes ready on the line
// "ready".
type readyWatcher struct {
	ready chan struct{}
	line  []byte
	seen  bool
}

func (w *readyWatcher) Write(p []byte) (int, error) {
	for _, b := range p {
		if b != '\n' {
			if len(w.line) < 64 {
				w.line = append(w.line, b)
			}
			continue
		}
		if !w.seen && string(bytes.TrimSpace(w.line)) == "ready" {
			w.seen = true
			close(w.ready)
		}
		w.line = w.line[:0]
	}
	return len(p), nil
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := string(t.buf)
	if len(t.buf) >= t.max {
		// Drop the partial first line.
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			s = "...\n" + s[i+1:]
		}
	}
	return s
}
