package rest

import (
	"log/slog"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// tlsFileCheckInterval is how often, at most, the TLS files are looked at
// for a change: a stat of at most three files, once a second, from the
// request path. A rotated certificate is in use within a second of the
// next request.
const tlsFileCheckInterval = time.Second

// retiredTransportLinger is how long a replaced transport is still asked
// to close the connections that became idle. After that its own
// IdleConnTimeout (90s, newTransport) closes whatever is left.
const retiredTransportLinger = 2 * time.Minute

// Certificate rotation: the client certificate, key and CA named by file
// (CertFile, KeyFile, CAFile; inline data cannot change) are watched, and
// when one changes the HTTP transport is replaced by one built from the
// new files.
//
// Why a new transport rather than re-reading at handshake time (a
// tls.Config.GetClientCertificate that stats the files, a VerifyConnection
// against a cached pool): a handshake happens only on a new connection,
// and a client talks HTTP/2 over one long-lived connection that carries
// every request and watch. Material read at handshake would not be used
// until that connection dies, and the API server checks the certificate
// chain on every request, so once the old certificate expires every
// request on the old connection would fail. Moving new requests to new
// connections is the part that matters, and a new transport does it
// without cutting anything: requests and watches already running finish on
// the old connections, which are closed once idle.
//
// client-go v0.37.2 does two different things: for the client certificate
// (transport/cert_rotation.go) a goroutine per transport re-reads and parses
// the files every 5 minutes and, on a change, closes every connection,
// which ends every watch and fails requests in flight; for the CA
// (transport/ca_rotation.go, feature ClientsAllowCARotation) the first
// request after 5 minutes reads the file and swaps in a cloned transport,
// as here. One mechanism covers both here, with no goroutine, and a stat
// instead of a read makes a short interval affordable, so a rotation is
// picked up in about a second instead of up to 5 minutes.
//
// Why it is cheap: the check is an atomic load per request; once per
// tlsFileCheckInterval one request stats the files (size, modification
// time and file identity: a rewrite changes the first two, an atomic rename
// the identity, since the file's modification time has the kernel's coarse
// clock and two same-size certificates written within one tick of it have
// equal stamps otherwise; kubelet's symlink swaps are followed by os.Stat). Files are read and parsed only
// when a stat changed. A change that does not load (a certificate written
// before its key, a file being replaced) keeps the current transport and
// is looked at again at the next check, so a rotation in progress never
// fails requests that the old material still serves.

// fileStamp is what os.Stat says about one file; a missing file has a nil
// info.
type fileStamp struct {
	info os.FileInfo
}

func stampFiles(paths []string) []fileStamp {
	out := make([]fileStamp, len(paths))
	for i, p := range paths {
		if fi, err := os.Stat(p); err == nil {
			out[i] = fileStamp{info: fi}
		}
	}
	return out
}

// equal says whether two stamps are of the same, unchanged file. The
// identity (os.SameFile: device and inode on Unix) catches an atomic
// replacement whose size and modification time happen to be equal.
func (a fileStamp) equal(b fileStamp) bool {
	if a.info == nil || b.info == nil {
		return a.info == nil && b.info == nil
	}
	return a.info.Size() == b.info.Size() && a.info.ModTime().Equal(b.info.ModTime()) && os.SameFile(a.info, b.info)
}

// reloadableTLSFiles lists the TLS files that are in use (inline data wins
// over a file, see TLSClientConfig).
func (c TLSClientConfig) reloadableTLSFiles() []string {
	var files []string
	if len(c.CertData) == 0 && c.CertFile != "" {
		files = append(files, c.CertFile)
	}
	if len(c.KeyData) == 0 && c.KeyFile != "" {
		files = append(files, c.KeyFile)
	}
	if len(c.CAData) == 0 && c.CAFile != "" {
		files = append(files, c.CAFile)
	}
	return files
}

// idleCloser is an http.RoundTripper with a connection pool.
type idleCloser interface {
	http.RoundTripper
	CloseIdleConnections()
}

// rotatingTransport sends each request over the transport built from the
// current TLS files.
type rotatingTransport struct {
	files  []string
	build  func() (*http.Transport, error)
	logger *slog.Logger

	current atomic.Pointer[http.Transport]
	// nextCheck is when (UnixNano) the files are next looked at.
	nextCheck atomic.Int64

	mu      sync.Mutex // guards stamps and retired; serializes reloads
	stamps  []fileStamp
	retired []retiredTransport
}

type retiredTransport struct {
	t     *http.Transport
	since time.Time
}

// newRotatingTransport starts with initial, built from the files as they
// were when stamps was taken (stamps must be taken before the files are
// read, so a change in between is seen at the first check).
func newRotatingTransport(initial *http.Transport, files []string, stamps []fileStamp, build func() (*http.Transport, error), logger *slog.Logger) *rotatingTransport {
	rt := &rotatingTransport{files: files, build: build, logger: logger, stamps: stamps}
	rt.current.Store(initial)
	rt.nextCheck.Store(time.Now().Add(tlsFileCheckInterval).UnixNano())
	return rt
}

func (rt *rotatingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rt.maybeReload(time.Now())
	return rt.current.Load().RoundTrip(req)
}

// maybeReload lets one request per interval look at the files; the others
// go on with the current transport without waiting.
func (rt *rotatingTransport) maybeReload(now time.Time) {
	next := rt.nextCheck.Load()
	if now.UnixNano() < next || !rt.nextCheck.CompareAndSwap(next, now.Add(tlsFileCheckInterval).UnixNano()) {
		return
	}
	rt.mu.Lock()
	defer rt.mu.Unlock()
	rt.closeRetiredLocked(now)
	stamps := stampFiles(rt.files)
	if slices.EqualFunc(stamps, rt.stamps, fileStamp.equal) {
		return
	}
	t, err := rt.build()
	if err != nil {
		// Probably a rotation in progress; keep the old material and look
		// again at the next check (the stamps are not recorded).
		rt.logger.Debug("client TLS files changed but do not load yet; keeping the previous ones", "files", rt.files, "error", err)
		return
	}
	rt.stamps = stamps
	old := rt.current.Swap(t)
	old.CloseIdleConnections()
	rt.retired = append(rt.retired, retiredTransport{t: old, since: now})
	rt.logger.Info("client TLS files changed; new requests use new connections with them", "files", rt.files)
}

// closeRetiredLocked closes the connections of replaced transports that
// went idle since (their requests finished) and forgets transports
// retired long ago.
func (rt *rotatingTransport) closeRetiredLocked(now time.Time) {
	rt.retired = slices.DeleteFunc(rt.retired, func(r retiredTransport) bool {
		r.t.CloseIdleConnections()
		return now.Sub(r.since) > retiredTransportLinger
	})
}

// CloseIdleConnections closes the idle connections of the current and the
// replaced transports.
func (rt *rotatingTransport) CloseIdleConnections() {
	rt.current.Load().CloseIdleConnections()
	rt.mu.Lock()
	defer rt.mu.Unlock()
	for _, r := range rt.retired {
		r.t.CloseIdleConnections()
	}
}

// closeIdle passes http.Client.CloseIdleConnections down a chain of
// RoundTrippers to the transports (net/http calls it only on the
// outermost one).
func closeIdle(rt http.RoundTripper) {
	if c, ok := rt.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// CloseIdleConnections reaches the transports below.
func (rt *userAgentRoundTripper) CloseIdleConnections() { closeIdle(rt.next) }

// CloseIdleConnections reaches the transports below.
func (rt *authRoundTripper) CloseIdleConnections() { closeIdle(rt.next) }

// CloseIdleConnections reaches the transports below.
func (rt *impersonatingRoundTripper) CloseIdleConnections() { closeIdle(rt.next) }
