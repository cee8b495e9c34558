package rest

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A file replaced by a rename keeps neither its identity nor, usually, its
// stamp; but its size and modification time can be equal (certificates of
// one key type are of one size, and the modification time has the kernel's
// coarse clock), which once left a rotated CA unnoticed for good.
func TestFileStampsTellAReplacedFileOfEqualSizeAndTimeFromTheOriginal(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ca.crt")
	when := time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC)
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(name, when, when); err != nil {
			t.Fatal(err)
		}
	}
	write(path, "old-ca")
	before := stampFiles([]string{path})[0]
	if again := stampFiles([]string{path})[0]; !before.equal(again) {
		t.Fatal("an unchanged file has a new stamp")
	}

	tmp := filepath.Join(dir, "ca.crt.tmp")
	write(tmp, "new-ca")
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	after := stampFiles([]string{path})[0]
	if after.info.Size() != before.info.Size() || !after.info.ModTime().Equal(before.info.ModTime()) {
		t.Fatalf("the test needs equal size and time: %d %v, %d %v", before.info.Size(), before.info.ModTime(), after.info.Size(), after.info.ModTime())
	}
	if before.equal(after) {
		t.Error("a file replaced by rename with equal size and modification time has an equal stamp; the rotation would go unnoticed")
	}

	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	missing := stampFiles([]string{path})[0]
	if missing.equal(after) || !missing.equal(stampFiles([]string{path})[0]) {
		t.Error("a missing file's stamp must differ from a present file's and equal another missing one's")
	}
}
