package output

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clientgen/clientgen/templates"
)

func TestWriteCreatesAFreshTreeWhole(t *testing.T) {
	out := filepath.Join(t.TempDir(), "nested", "out")
	files := []File{
		{Path: "a/b/c.go", Content: []byte("package b\n")},
		{Path: "a/d.go", Content: []byte("package a\n")},
		{Path: "e.go", Content: []byte("package out\n")},
	}
	changes, err := Write(out, files)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := kinds(changes), []string{"add a/b/c.go", "add a/d.go", "add e.go"}; !slices.Equal(got, want) {
		t.Fatalf("changes = %v, want %v", got, want)
	}
	if diff := cmp.Diff(contents(files), readTree(t, out)); diff != "" {
		t.Fatalf("tree differs from the files (-want +got):\n%s", diff)
	}
	assertNoTemporaries(t, filepath.Dir(out))
}

func TestWriteUpdatesOnlyWhatChanged(t *testing.T) {
	out := t.TempDir()
	banner := "// " + templates.Banner() + "\n\npackage v1\n"
	writeFiles(t, out, map[string]string{
		"v1/same.go":         "package v1\n",
		"v1/changed.go":      "package v1 // old\n",
		"v1/stale.go":        banner,
		"v1/hand_written.go": "package v1\n",
	})
	before, err := os.Stat(filepath.Join(out, "v1", "same.go"))
	if err != nil {
		t.Fatal(err)
	}
	files := []File{
		{Path: "v1/changed.go", Content: []byte("package v1 // new\n")},
		{Path: "v1/new.go", Content: []byte("package v1\n")},
		{Path: "v1/same.go", Content: []byte("package v1\n")},
		{Path: "v2/new.go", Content: []byte("package v2\n")},
	}
	changes, err := Write(out, files)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := kinds(changes), []string{"update v1/changed.go", "add v1/new.go", "remove v1/stale.go", "add v2/new.go"}; !slices.Equal(got, want) {
		t.Fatalf("changes = %v, want %v", got, want)
	}
	want := contents(files)
	want["v1/hand_written.go"] = "package v1\n"
	if diff := cmp.Diff(want, readTree(t, out)); diff != "" {
		t.Fatalf("tree differs (-want +got):\n%s", diff)
	}
	after, err := os.Stat(filepath.Join(out, "v1", "same.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) || !before.ModTime().Equal(after.ModTime()) {
		t.Fatal("v1/same.go was rewritten although its content is current; want it left alone")
	}
	assertNoTemporaries(t, out)
}

func TestWriteLeavesTheTreeUnchangedWhenAWriteFails(t *testing.T) {
	t.Run("an existing tree", func(t *testing.T) {
		out := t.TempDir()
		old := map[string]string{"v1/a.go": "package v1 // old a\n", "v1/z.go": "package v1 // old z\n"}
		writeFiles(t, out, old)
		// A directory where the temporary file of v1/m.go must go.
		blocker := filepath.Join(out, "v1", ".m.go.tmp-"+strconv.Itoa(os.Getpid()))
		writeFiles(t, blocker, map[string]string{"x": "in the way"})
		old[filepath.ToSlash(filepath.Join("v1", filepath.Base(blocker), "x"))] = "in the way"
		_, err := Write(out, []File{
			{Path: "v1/a.go", Content: []byte("package v1 // new a\n")},
			{Path: "v1/m.go", Content: []byte("package v1\n")},
			{Path: "v1/z.go", Content: []byte("package v1 // new z\n")},
		})
		if err == nil || !strings.Contains(err.Error(), "--output "+out) || !strings.Contains(err.Error(), "v1/m.go") {
			t.Fatalf("Write() error = %v; want one naming the output directory and v1/m.go", err)
		}
		if diff := cmp.Diff(old, readTree(t, out)); diff != "" {
			t.Fatalf("a failed Write changed the tree (-before +after):\n%s", diff)
		}
	})
	t.Run("a new tree", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "out")
		// "a" is both a file and a directory: the second cannot be written.
		_, err := Write(out, []File{
			{Path: "a", Content: []byte("package x\n")},
			{Path: "a/b.go", Content: []byte("package a\n")},
		})
		if err == nil || !strings.Contains(err.Error(), "--output "+out) {
			t.Fatalf("Write() error = %v; want one naming the output directory", err)
		}
		if got := readTree(t, parent); len(got) != 0 {
			t.Fatalf("a failed Write left files behind: %v", got)
		}
		if entries, _ := os.ReadDir(parent); len(entries) != 0 {
			t.Fatalf("a failed Write left %d entries in the parent directory, first %s", len(entries), entries[0].Name())
		}
	})
}

func kinds(changes []Change) []string {
	var out []string
	for _, c := range changes {
		out = append(out, c.Kind+" "+c.Path)
	}
	return out
}

func contents(files []File) map[string]string {
	m := map[string]string{}
	for _, f := range files {
		m[f.Path] = string(f.Content)
	}
	return m
}

func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for p, content := range files {
		name := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readTree returns every regular file under dir by slash-separated path.
func readTree(t testing.TB, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func assertNoTemporaries(t testing.TB, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp-") {
			t.Errorf("temporary %s left behind", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
