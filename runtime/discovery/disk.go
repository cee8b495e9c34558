package discovery

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// cacheFileName is the one file the disk cache keeps per server. kubectl's
// files (servergroups.json, <group>/<version>/serverresources.json) in the
// same directory are left alone.
const cacheFileName = "clientgen-discovery.v1"

// maxCacheFileSize bounds what is read from the cache file: a discovery of
// thousands of CRDs is a few MiB.
const maxCacheFileSize = 256 << 20

// cacheMagic starts every cache file; the version in it changes whenever
// the layout does, so an old file is ignored rather than misread.
var cacheMagic = []byte("clientgen discovery cache v1\n")

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// DefaultCacheDir returns kubectl's discovery cache root:
// $KUBECACHEDIR/discovery if set, else ~/.kube/cache/discovery.
func DefaultCacheDir() (string, error) {
	if d := os.Getenv("KUBECACHEDIR"); d != "" {
		return filepath.Join(d, "discovery"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("discovery: locating the default cache directory: %w; set DiskCacheOptions.Dir or $KUBECACHEDIR", err)
	}
	return filepath.Join(home, ".kube", "cache", "discovery"), nil
}

// CacheDirForHost returns the cache directory of the server at host under
// root, named as kubectl names it: the host without its scheme, every
// character other than a letter, digit, '.', '-' or '_' replaced by '_'
// ("https://127.0.0.1:6443" -> "127.0.0.1_6443"). Unlike kubectl, '/' is
// replaced too and a name of only dots is rejected, so no host can name a
// directory outside root.
func CacheDirForHost(root, host string) (string, error) {
	if root == "" {
		return "", errors.New("discovery: empty cache directory")
	}
	if i := strings.Index(host, "://"); i >= 0 {
		host = host[i+3:]
	}
	safe := []byte(host)
	for i, c := range safe {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			safe[i] = '_'
		}
	}
	name := string(safe)
	if strings.Trim(name, ".") == "" {
		return "", fmt.Errorf("discovery: host %q does not name a cache directory; set Config.Host to the server's URL", host)
	}
	dir := filepath.Join(root, name)
	if rel, err := filepath.Rel(root, dir); err != nil || rel != name {
		return "", fmt.Errorf("discovery: host %q would place the cache outside %s", host, root)
	}
	return dir, nil
}

// diskStore reads and writes the cache file of one server.
type diskStore struct {
	dir string
}

func (s *diskStore) path() string { return filepath.Join(s.dir, cacheFileName) }

// load returns the cached documents, nil if there is no file, or an error
// describing why the file cannot be used (the caller ignores it then).
func (s *diskStore) load() (*documents, error) {
	f, err := os.Open(s.path())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("discovery: reading cache file: %w; discovery asks the server instead", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxCacheFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("discovery: reading cache file: %w; discovery asks the server instead", err)
	}
	docs, err := decodeCacheFile(data)
	if err != nil {
		return nil, fmt.Errorf("discovery: cache file %s is unusable (%w); ignoring it, it will be rewritten", s.path(), err)
	}
	return docs, nil
}

// save writes docs atomically: a private temporary file in the same
// directory renamed over the cache file, so readers (other processes
// included) see the old file or the new one, never a mix. Concurrent
// writers each rename a complete file; the last one wins.
func (s *diskStore) save(docs *documents) error {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return fmt.Errorf("discovery: creating cache directory: %w; discovery is not cached on disk", err)
	}
	tmp, err := os.CreateTemp(s.dir, "."+cacheFileName+".*.tmp")
	if err != nil {
		return fmt.Errorf("discovery: writing cache file: %w; discovery is not cached on disk", err)
	}
	name := tmp.Name()
	_, werr := tmp.Write(encodeCacheFile(docs))
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr, os.Chmod(name, 0o600)); err != nil {
		os.Remove(name)
		return fmt.Errorf("discovery: writing cache file %s: %w; discovery is not cached on disk", name, err)
	}
	if err := os.Rename(name, s.path()); err != nil {
		os.Remove(name)
		return fmt.Errorf("discovery: writing cache file: %w; discovery is not cached on disk", err)
	}
	return nil
}

// The file is the magic, then fetched time (unix nanoseconds) and the
// number of documents as uvarints, then per document four length-prefixed
// byte strings (path, content type, ETag, body), then a CRC-32C of
// everything before it. The checksum catches truncation and corruption
// without an fsync.
func encodeCacheFile(docs *documents) []byte {
	n := len(cacheMagic) + 2*binary.MaxVarintLen64 + 4
	for _, d := range docs.docs {
		n += 4*binary.MaxVarintLen64 + len(d.Path) + len(d.ContentType) + len(d.ETag) + len(d.Body)
	}
	b := make([]byte, 0, n)
	b = append(b, cacheMagic...)
	b = binary.AppendUvarint(b, uint64(docs.fetched.UnixNano()))
	b = binary.AppendUvarint(b, uint64(len(docs.docs)))
	for _, d := range docs.docs {
		for _, f := range [][]byte{[]byte(d.Path), []byte(d.ContentType), []byte(d.ETag), d.Body} {
			b = binary.AppendUvarint(b, uint64(len(f)))
			b = append(b, f...)
		}
	}
	return binary.BigEndian.AppendUint32(b, crc32.Checksum(b, crcTable))
}

func decodeCacheFile(data []byte) (*documents, error) {
	if len(data) > maxCacheFileSize {
		return nil, fmt.Errorf("larger than %d bytes", maxCacheFileSize)
	}
	if !bytes.HasPrefix(data, cacheMagic) {
		return nil, errors.New("not a clientgen discovery cache file of this version")
	}
	if len(data) < len(cacheMagic)+4 {
		return nil, errors.New("truncated")
	}
	body, sum := data[:len(data)-4], binary.BigEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, crcTable) != sum {
		return nil, errors.New("checksum mismatch: truncated or corrupt")
	}
	r := body[len(cacheMagic):]
	uv := func() (uint64, error) {
		v, n := binary.Uvarint(r)
		if n <= 0 {
			return 0, errors.New("bad length")
		}
		r = r[n:]
		return v, nil
	}
	field := func() ([]byte, error) {
		l, err := uv()
		if err != nil || l > uint64(len(r)) {
			return nil, errors.New("bad field length")
		}
		f := r[:l:l]
		r = r[l:]
		return f, nil
	}
	fetched, err := uv()
	if err != nil {
		return nil, err
	}
	count, err := uv()
	if err != nil || count > uint64(len(r)) {
		return nil, errors.New("bad document count")
	}
	docs := &documents{fetched: time.Unix(0, int64(fetched)), docs: make([]document, 0, count)}
	for range count {
		var fs [4][]byte
		for i := range fs {
			if fs[i], err = field(); err != nil {
				return nil, err
			}
		}
		if !bytes.HasPrefix(fs[0], []byte("/")) {
			return nil, fmt.Errorf("bad document path %q", fs[0])
		}
		docs.docs = append(docs.docs, document{Path: string(fs[0]), ContentType: string(fs[1]), ETag: string(fs[2]), Body: fs[3]})
	}
	if len(r) != 0 {
		return nil, errors.New("trailing data")
	}
	return docs, nil
}
