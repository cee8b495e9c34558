// Package output is the last stage: it compares the rendered files with the
// output tree, writes them, or reports what is stale. Everything is decided on
// the full list of files before the tree is touched, so a failure never leaves
// a half-written tree behind.
package output

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/google/go-cmp/cmp"

	"github.com/clientgen/clientgen/templates"
)

// File is one generated file; Path is slash-separated and relative to the
// output directory.
type File struct {
	Path    string
	Content []byte
}

// Change is how one file of the output tree differs from what was rendered.
type Change struct {
	Path string
	Kind string // "add", "update" or "remove"
	Diff string // go-cmp diff for updates
}

// Plan compares files with the tree under dir. Stale generated files (ones
// carrying clientgen's banner that the run no longer produces) are removals;
// files without the banner are never touched.
func Plan(dir string, files []File) ([]Change, error) {
	if err := checkPaths(files); err != nil {
		return nil, err
	}
	var changes []Change
	want := map[string]bool{}
	for _, f := range files {
		want[f.Path] = true
		old, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			changes = append(changes, Change{Path: f.Path, Kind: "add"})
		case err != nil:
			return nil, fmt.Errorf("--output %s: %w", dir, err)
		case !bytes.Equal(old, f.Content):
			changes = append(changes, Change{Path: f.Path, Kind: "update", Diff: cmp.Diff(string(old), string(f.Content))})
		}
	}
	stale, err := staleGenerated(dir, want)
	if err != nil {
		return nil, err
	}
	for _, p := range stale {
		changes = append(changes, Change{Path: p, Kind: "remove"})
	}
	slices.SortFunc(changes, func(a, b Change) int { return strings.Compare(a.Path, b.Path) })
	return changes, nil
}

// checkPaths refuses any path that would land outside the output directory.
func checkPaths(files []File) error {
	for _, f := range files {
		clean := path.Clean(f.Path)
		if clean != f.Path || path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") {
			return fmt.Errorf("internal error: generated path %q is not inside the output directory", f.Path)
		}
	}
	return nil
}

// staleGenerated lists files under dir that clientgen generated (by banner)
// and that are not in want.
func staleGenerated(dir string, want map[string]bool) ([]string, error) {
	var stale []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == dir {
			return fs.SkipAll
		}
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if want[rel] {
			return nil
		}
		gen, err := isGenerated(p)
		if err != nil {
			return err
		}
		if gen {
			stale = append(stale, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("--output %s: %w", dir, err)
	}
	return stale, nil
}

// isGenerated reports whether the file carries clientgen's banner before its
// package clause.
func isGenerated(name string) (bool, error) {
	f, err := os.Open(name)
	if err != nil {
		return false, err
	}
	defer f.Close()
	banner := "// " + templates.Banner()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == banner {
			return true, nil
		}
		if strings.HasPrefix(line, "package ") {
			return false, nil
		}
	}
	return false, sc.Err()
}

// Write brings the tree under dir to files. It first writes every new file's
// content to a temporary file next to its target; only when all of them are
// written are they renamed into place and stale generated files removed. If
// any write fails, the temporary files are removed and the tree is unchanged.
func Write(dir string, files []File) ([]Change, error) {
	changes, err := Plan(dir, files)
	if err != nil {
		return nil, err
	}
	content := map[string][]byte{}
	for _, f := range files {
		content[f.Path] = f.Content
	}
	type staged struct{ tmp, target string }
	var done []staged
	cleanup := func() {
		for _, s := range done {
			os.Remove(s.tmp)
		}
	}
	for _, c := range changes {
		if c.Kind == "remove" {
			continue
		}
		target := filepath.Join(dir, filepath.FromSlash(c.Path))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			cleanup()
			return nil, fmt.Errorf("--output %s: cannot create directory: %w", dir, err)
		}
		tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
		if err != nil {
			cleanup()
			return nil, fmt.Errorf("--output %s: cannot write: %w", dir, err)
		}
		done = append(done, staged{tmp.Name(), target})
		_, werr := tmp.Write(content[c.Path])
		cerr := tmp.Close()
		if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), 0o644)); err != nil {
			cleanup()
			return nil, fmt.Errorf("--output %s: cannot write %s: %w", dir, c.Path, err)
		}
	}
	for _, s := range done {
		if err := os.Rename(s.tmp, s.target); err != nil {
			cleanup()
			return nil, fmt.Errorf("--output %s: %w", dir, err)
		}
	}
	for _, c := range changes {
		if c.Kind == "remove" {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(c.Path))); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("--output %s: cannot remove stale %s: %w", dir, c.Path, err)
			}
		}
	}
	return changes, nil
}

// Report formats changes for --verify: one line per file, then the diffs.
func Report(changes []Change) string {
	var b strings.Builder
	for _, c := range changes {
		fmt.Fprintf(&b, "%s %s\n", c.Kind, c.Path)
	}
	for _, c := range changes {
		if c.Diff != "" {
			fmt.Fprintf(&b, "\n--- %s (-on disk +generated)\n%s", c.Path, c.Diff)
		}
	}
	return b.String()
}
