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
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

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

// Plan compares files with the tree under dir. Stale generated files are
// removals: the ones carrying clientgen's banner that the run no longer
// produces and, anywhere under the directories replaceIn (relative to dir:
// the trees clientgen owns), client-gen's, applyconfiguration-gen's,
// lister-gen's and informer-gen's.
// Other files are never touched.
func Plan(dir string, files []File, replaceIn ...string) ([]Change, error) {
	changes, _, err := plan(dir, files, replaceIn)
	return changes, err
}

// plan is Plan, also returning what it found of the tree, for Write.
//
// System calls are what a run spends most of its time on (on a VM a file
// creation costs up to a millisecond of kernel time), so the tree is walked once, which both finds the
// stale files and tells which files exist; only those are read. A file in a
// directory the walk did not enter (one behind a symbolic link) is read
// anyway, to find out.
func plan(dir string, files []File, replaceIn []string) ([]Change, *tree, error) {
	if err := checkPaths(files); err != nil {
		return nil, nil, err
	}
	want := make(map[string]bool, len(files))
	for _, f := range files {
		want[f.Path] = true
	}
	t, err := scan(dir, want, replaceIn)
	if err != nil {
		return nil, nil, err
	}
	found := make([]*Change, len(files))
	err = parallel(len(files), func(i int) error {
		f := files[i]
		if !t.exists || (t.dirs[path.Dir(f.Path)] && !t.files[f.Path]) {
			found[i] = &Change{Path: f.Path, Kind: "add"}
			return nil
		}
		old, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			found[i] = &Change{Path: f.Path, Kind: "add"}
		case err != nil:
			return fmt.Errorf("--output %s: %w", dir, err)
		case !bytes.Equal(old, f.Content):
			found[i] = &Change{Path: f.Path, Kind: "update", Diff: cmp.Diff(string(old), string(f.Content))}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	var changes []Change
	for _, c := range found {
		if c != nil {
			changes = append(changes, *c)
		}
	}
	for _, p := range t.stale {
		changes = append(changes, Change{Path: p, Kind: "remove"})
	}
	slices.SortFunc(changes, func(a, b Change) int { return strings.Compare(a.Path, b.Path) })
	return changes, t, nil
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

// tree is what one walk of the output directory found. Paths are relative
// to it and slash-separated; the directory itself is ".".
type tree struct {
	exists bool            // the output directory exists
	dirs   map[string]bool // directories the walk entered
	files  map[string]bool // everything else it saw
	stale  []string        // generated files (by banner) that are not wanted
}

// scan walks dir (through a symbolic link, if dir is one). A missing dir is
// an empty tree.
func scan(dir string, want map[string]bool, replaceIn []string) (*tree, error) {
	t := &tree{dirs: map[string]bool{}, files: map[string]bool{}}
	root := dir
	switch fi, err := os.Lstat(dir); {
	case errors.Is(err, fs.ErrNotExist):
		return t, nil
	case err != nil:
		return nil, fmt.Errorf("--output %s: %w", dir, err)
	case fi.Mode()&fs.ModeSymlink != 0:
		if root, err = filepath.EvalSymlinks(dir); err != nil {
			return nil, fmt.Errorf("--output %s: %w", dir, err)
		}
		if fi, err = os.Stat(root); err != nil {
			return nil, fmt.Errorf("--output %s: %w", dir, err)
		}
		fallthrough
	default:
		if !fi.IsDir() {
			return nil, fmt.Errorf("--output %s: not a directory (give the directory to generate into)", dir)
		}
	}
	owned := func(rel string) bool {
		for _, d := range replaceIn {
			if d == "." || strings.HasPrefix(rel, d+"/") {
				return true
			}
		}
		return false
	}
	// Another generator's file is replaced only where this run writes its
	// group-version: a version directory (typed/kueue/v1alpha1, with its
	// fake/) that the run writes nothing into holds a group-version it did
	// not regenerate, whose files stay.
	wrote := map[string]bool{}
	for p := range want {
		for d := path.Dir(p); d != "." && !wrote[d]; d = path.Dir(d) {
			wrote[d] = true
		}
	}
	regenerated := func(rel string) bool {
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			if versionDir.MatchString(path.Base(d)) && !wrote[d] {
				return false
			}
		}
		return true
	}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			t.exists = true
			t.dirs[rel] = true
			return nil
		}
		t.files[rel] = true
		if want[rel] || !strings.HasSuffix(p, ".go") {
			return nil
		}
		by, err := generatedBy(p)
		if err != nil {
			return err
		}
		if by == "clientgen" || (by != "" && owned(rel) && regenerated(rel)) {
			t.stale = append(t.stale, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("--output %s: %w", dir, err)
	}
	return t, nil
}

// versionDir is the name of a Kubernetes API version's directory (v1,
// v1beta1, v2alpha3), as the model reads versions from package names.
var versionDir = regexp.MustCompile(`^v[1-9][0-9]*((alpha|beta)[1-9][0-9]*)?$`)

// replaced are the generators whose files clientgen replaces in the trees
// it owns (the clientset, apply configuration, listers and informers trees),
// so that it can be run in place of kube_codegen.sh's generators over the
// same output: their per-kind files would declare what clientgen's one file
// per package declares.
var replaced = []string{"client-gen", "applyconfiguration-gen", "lister-gen", "informer-gen"}

// generatedBy returns the generator named by the file's "Code generated by
// <generator>. DO NOT EDIT." line before its package clause: "clientgen",
// one of replaced, or "" (hand-written, or another generator's).
func generatedBy(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	banner := "// " + templates.Banner()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == banner {
			return "clientgen", nil
		}
		for _, g := range replaced {
			if line == "// Code generated by "+g+". DO NOT EDIT." {
				return g, nil
			}
		}
		if strings.HasPrefix(line, "package ") {
			return "", nil
		}
	}
	return "", sc.Err()
}

// Write brings the tree under dir to files (stale files as for Plan). It first writes every new file's
// content to a temporary file next to its target; only when all of them are
// written are they renamed into place and stale generated files removed. If
// any write fails, the temporary files are removed and the tree is unchanged.
// When dir does not exist yet, the whole tree is staged in a temporary
// directory next to it instead, and that is renamed to dir.
//
// Writing is the part of a run the kernel dominates, so each file costs as few
// system calls as possible: every directory is created once, a file that is
// already current is not touched (Plan leaves it out), each temporary file is
// opened with its final mode (no chmod) under a name unique to this process,
// and the writes and renames run on a bounded pool of workers.
func Write(dir string, files []File, replaceIn ...string) ([]Change, error) {
	changes, t, err := plan(dir, files, replaceIn)
	if err != nil {
		return nil, err
	}
	if !t.exists && len(files) > 0 {
		return changes, writeTree(dir, files)
	}
	content := make(map[string][]byte, len(files))
	for _, f := range files {
		content[f.Path] = f.Content
	}
	type staged struct {
		path, tmp, target string
		created           bool // tmp exists and must be renamed or removed
	}
	var stage []staged
	var dirs []string
	pid := strconv.Itoa(os.Getpid())
	for _, c := range changes {
		if c.Kind == "remove" {
			continue
		}
		target := filepath.Join(dir, filepath.FromSlash(c.Path))
		tmp := filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+".tmp-"+pid)
		stage = append(stage, staged{path: c.Path, target: target, tmp: tmp})
		if !t.dirs[path.Dir(c.Path)] {
			dirs = append(dirs, filepath.Dir(target))
		}
	}
	slices.Sort(dirs)
	dirs = slices.Compact(dirs)
	cleanup := func() {
		for _, s := range stage {
			if s.created {
				os.Remove(s.tmp)
			}
		}
	}
	if err := parallel(len(dirs), func(i int) error { return os.MkdirAll(dirs[i], 0o755) }); err != nil {
		return nil, fmt.Errorf("--output %s: cannot create directory: %w", dir, err)
	}
	err = parallel(len(stage), func(i int) error {
		s := &stage[i]
		created, err := writeNew(s.tmp, content[s.path])
		s.created = created
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", s.path, err)
		}
		return nil
	})
	if err != nil {
		cleanup()
		return nil, fmt.Errorf("--output %s: %w", dir, err)
	}
	err = parallel(len(stage), func(i int) error {
		s := &stage[i]
		if err := os.Rename(s.tmp, s.target); err != nil {
			return err
		}
		s.created = false
		return nil
	})
	if err != nil {
		cleanup()
		return nil, fmt.Errorf("--output %s: %w", dir, err)
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

// writeTree writes files into dir, which does not exist: into a temporary
// directory next to it, renamed to dir when every file is written, so that
// dir appears complete or not at all.
func writeTree(dir string, files []File) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return fmt.Errorf("--output %s: cannot create directory: %w", dir, err)
	}
	tmp := filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".tmp-"+strconv.Itoa(os.Getpid()))
	if err := os.RemoveAll(tmp); err != nil { // left by a killed run with this process id
		return fmt.Errorf("--output %s: cannot remove %s: %w", dir, tmp, err)
	}
	if err := writeFresh(tmp, files); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("--output %s: %w", dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("--output %s: %w", dir, err)
	}
	return nil
}

// writeFresh creates root and files under it. Nothing exists yet, so every
// directory is made with one mkdir, a level at a time (parents first), and
// every file with one create.
func writeFresh(root string, files []File) error {
	levels := [][]string{{"."}}
	seen := map[string]bool{".": true}
	for _, f := range files {
		for d := path.Dir(f.Path); !seen[d]; d = path.Dir(d) {
			seen[d] = true
			depth := strings.Count(d, "/") + 1
			for len(levels) <= depth {
				levels = append(levels, nil)
			}
			levels[depth] = append(levels[depth], d)
		}
	}
	for _, level := range levels {
		err := parallel(len(level), func(i int) error {
			return os.Mkdir(filepath.Join(root, filepath.FromSlash(level[i])), 0o755)
		})
		if err != nil {
			return fmt.Errorf("cannot create directory: %w", err)
		}
	}
	return parallel(len(files), func(i int) error {
		if _, err := writeNew(filepath.Join(root, filepath.FromSlash(files[i].Path)), files[i].Content); err != nil {
			return fmt.Errorf("cannot write %s: %w", files[i].Path, err)
		}
		return nil
	})
}

// writeNew creates name, which must not exist, with mode 0644 (less the
// umask, as for any file the user creates) and writes data to it. It reports
// whether the file was created, so that a failure can remove it.
func writeNew(name string, data []byte) (created bool, err error) {
	f, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if errors.Is(err, fs.ErrExist) {
		// Left by a run of this process id that was killed mid-write:
		// nothing else writes this name.
		if err := os.Remove(name); err != nil {
			return false, err
		}
		f, err = os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	}
	if err != nil {
		return false, err
	}
	_, werr := f.Write(data)
	return true, errors.Join(werr, f.Close())
}

// parallel calls fn(0) ... fn(n-1) on one worker per CPU (measured on a
// 2-CPU VM: more workers only add kernel time contending for the same
// directories) and returns the error of the lowest index that failed, so that which error is
// reported does not depend on scheduling. Every call runs even after one
// failed: each records what it created, for the caller's cleanup.
func parallel(n int, fn func(i int) error) error {
	workers := min(n, runtime.GOMAXPROCS(0))
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				errs[i] = fn(i)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
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
