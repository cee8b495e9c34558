package compare

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A deliberately small copy of internal/testserver (which another module
// cannot import): run the kube-apiserver test binary, wait for its "ready"
// line, stop it with SIGTERM at the end.

const (
	apiserverEnv     = "CLIENTGEN_KUBE_APISERVER"
	apiserverVersion = "v1.37.2"
	// CertContext is the kubeconfig context with the admin client
	// certificate (see internal/testserver).
	certContext = "admin-cert"
)

// apiserverBinary returns $CLIENTGEN_KUBE_APISERVER or the path
// hack/build-apiserver.sh writes.
func apiserverBinary() (string, error) {
	if p := os.Getenv(apiserverEnv); p != "" {
		return p, nil
	}
	cache := os.Getenv("CLIENTGEN_CACHE_DIR")
	if cache == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		cache = filepath.Join(home, ".cache", "clientgen")
	}
	p := filepath.Join(cache, "bin", "kube-apiserver-"+apiserverVersion)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("kube-apiserver test binary not found at %s: run hack/build-apiserver.sh or set $%s", p, apiserverEnv)
	}
	return p, nil
}

// startAPIServer starts the real kube-apiserver and returns its kubeconfig
// path and process id; the server is stopped when tb ends.
func startAPIServer(tb testing.TB) (kubeconfig string, pid int) {
	tb.Helper()
	bin, err := apiserverBinary()
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	kubeconfig = filepath.Join(dir, "kubeconfig")
	cmd := exec.Command(bin, "--kubeconfig="+kubeconfig)
	cmd.Dir = dir
	// Die with the benchmark even if it is killed.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		tb.Fatalf("starting %s: %v", bin, err)
	}
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == "ready" {
				ready <- nil
				for sc.Scan() { // keep draining
				}
				return
			}
		}
		ready <- errors.New("kube-apiserver exited before printing ready")
	}()
	select {
	case err := <-ready:
		if err != nil {
			_ = cmd.Wait()
			tb.Fatalf("%v:\n%s", err, tail(stderr.String()))
		}
	case <-time.After(2 * time.Minute):
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		tb.Fatalf("kube-apiserver not ready after 2 minutes:\n%s", tail(stderr.String()))
	}
	tb.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	return kubeconfig, cmd.Process.Pid
}

// processCPU returns the user plus system CPU time the process pid has
// used, from /proc/<pid>/stat (clock ticks of 10ms: measure long runs).
func processCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) may hold spaces; fields count from its ')'.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	if len(fields) < 13 {
		return 0, fmt.Errorf("unexpected /proc/%d/stat: %q", pid, s)
	}
	var utime, stime int64
	if _, err := fmt.Sscan(fields[11], &utime); err != nil {
		return 0, err
	}
	if _, err := fmt.Sscan(fields[12], &stime); err != nil {
		return 0, err
	}
	const ticksPerSecond = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticksPerSecond, nil
}

// selfCPU returns the CPU time this process has used.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func tail(s string) string {
	if len(s) > 4000 {
		return s[len(s)-4000:]
	}
	return s
}
