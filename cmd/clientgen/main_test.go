package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// chdirRoot runs the CLI from the repository root, where a user would.
func chdirRoot(t *testing.T) {
	t.Helper()
	t.Chdir("../..")
}

func TestCLIExitCodesAndMessages(t *testing.T) {
	chdirRoot(t)
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStderr []string
	}{
		{
			name:       "no flags is a usage error naming both required flags",
			args:       nil,
			wantCode:   2,
			wantStderr: []string{"--input is required", "--output is required"},
		},
		{
			name:       "a stray argument is a usage error",
			args:       []string{"./apis/..."},
			wantCode:   2,
			wantStderr: []string{`unexpected argument "./apis/..."`},
		},
		{
			name:       "a missing List type fails with file:line:col",
			args:       []string{"--input", "./testdata/cases/missing-list/input/...", "--output-pkg", "example.com/out"},
			wantCode:   1,
			wantStderr: []string{"testdata/cases/missing-list/input/v1/types.go:7:4: Gizmo: +genclient: no type GizmoList"},
		},
		{
			name:       "an unknown tag fails listing the allowed tags",
			args:       []string{"--input", "./testdata/cases/unknown-tag/input/...", "--output-pkg", "example.com/out"},
			wantCode:   1,
			wantStderr: []string{"types.go:9:4: Gizmo: +genclient:nonNamspaced: unknown tag: did you mean +genclient:nonNamespaced? (allowed in a type comment: +genclient, +genclient:nonNamespaced, +genclient:noVerbs, +genclient:noStatus, +genclient:readonly, +genclient:onlyVerbs=..., +genclient:skipVerbs=..., +genclient:method=..., +resourceName=...; clientgen --help-tags explains each)"},
		},
		{
			name:       "a package without +groupName fails naming doc.go",
			args:       []string{"--input", "./testdata/cases/no-group-name/input/...", "--output-pkg", "example.com/out"},
			wantCode:   1,
			wantStderr: []string{"no-group-name/input/v1/doc.go:2:1:", "no +groupName"},
		},
		{
			name:       "a non-existent input fails naming it",
			args:       []string{"--input", "./nope/...", "--output-pkg", "example.com/out"},
			wantCode:   1,
			wantStderr: []string{"--input ./nope/...: directory", "does not exist"},
		},
		{
			name:     "CRDs that are not apiextensions.k8s.io/v1 and malformed YAML fail with file and line, all of them",
			args:     []string{"--crd", "./testdata/crd/error-not-v1/input", "--crd", "./testdata/crd/error-malformed/input", "--output-pkg", "example.com/out"},
			wantCode: 1,
			wantStderr: []string{
				"testdata/crd/error-not-v1/input/old.yaml:16:13: CustomResourceDefinition olds.errors.example.com: apiVersion apiextensions.k8s.io/v1beta1 is not supported",
				"testdata/crd/error-malformed/input/b-bad.yaml:9: malformed YAML: mapping values are not allowed in this context",
				"testdata/crd/error-malformed/input/c-bad.json:3: malformed YAML",
			},
		},
		{
			name:       "a missing --crd path fails naming it",
			args:       []string{"--crd", "./testdata/crd/nope", "--output-pkg", "example.com/out"},
			wantCode:   1,
			wantStderr: []string{"cannot read CRD manifests", "testdata/crd/nope"},
		},
		{
			name:     "Go types that disagree with their CRDs fail naming both positions and both values, every disagreement",
			args:     []string{"--input", "./testdata/cases/crd-check-mismatch/input/...", "--crd", "./testdata/cases/crd-check-mismatch/crd", "--output-pkg", "example.com/out"},
			wantCode: 1,
			wantStderr: []string{
				`testdata/cases/crd-check-mismatch/input/widgets/v1/types.go:10:6: Widget: +kubebuilder:resource:path=widgetz: resource: Go has "widgetz" (+kubebuilder:resource:path), CustomResourceDefinition widgets.widgets.example.com at testdata/cases/crd-check-mismatch/crd/widgets.yaml:11:13 has spec.names.plural "widgets"`,
				"types.go:28:6: Gadget: +genclient:nonNamespaced: scope: Go has Cluster",
				"types.go:103:6: Doohickey: no CustomResourceDefinition in --crd defines kind Doohickey",
				"testdata/cases/crd-check-mismatch/crd/gizmos.yaml:20: CustomResourceDefinition gizmos.widgets.example.com: served version widgets.example.com/v2 of kind Gizmo has no Go type",
			},
		},
		{
			name:       "an unwritable output fails naming it",
			args:       []string{"--input", "./testdata/crds/...", "--output", filepath.Join(blocker, "out"), "--output-pkg", "example.com/out"},
			wantCode:   1,
			wantStderr: []string{"--output " + filepath.Join(blocker, "out"), "not a directory"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			if tc.wantCode == 1 && !contains(args, "--output") {
				args = append(args, "--output", filepath.Join(t.TempDir(), "out"))
			}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), args, &stdout, &stderr)
			if code != tc.wantCode {
				t.Fatalf("exit code %d, want %d; stderr:\n%s", code, tc.wantCode, stderr.String())
			}
			for _, want := range tc.wantStderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
				}
			}
			if tc.wantCode != 0 && stdout.Len() > 0 {
				t.Errorf("a failed run printed to stdout: %s", stdout.String())
			}
			for i, a := range args {
				if a == "--output" {
					if _, err := os.Stat(args[i+1]); err == nil {
						t.Errorf("a failed run created %s", args[i+1])
					}
				}
			}
		})
	}
}

func TestCLIGeneratesThenVerifies(t *testing.T) {
	chdirRoot(t)
	out := filepath.Join(t.TempDir(), "client")
	args := []string{"--input", "./testdata/crds/...", "--output", out, "--output-pkg", "example.com/client"}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("generate: exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "add clientset/typed/example/v1/client.go") {
		t.Fatalf("generate did not list the files it wrote:\n%s", stdout.String())
	}
	stdout.Reset()
	if code := run(context.Background(), append(args, "--verify"), &stdout, &stderr); code != 0 {
		t.Fatalf("--verify right after generating: exit %d\n%s", code, stderr.String())
	}
	if err := os.WriteFile(filepath.Join(out, "clientset/clientset.go"), []byte("package clientset\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if code := run(context.Background(), append(args, "--verify"), &stdout, &stderr); code != 1 {
		t.Fatalf("--verify on a stale tree: exit %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "update clientset/clientset.go") || !strings.Contains(stderr.String(), "make generate") {
		t.Fatalf("--verify did not name the stale file and the fix:\n%s", stderr.String())
	}
}

func TestCLIGeneratesTypesAndClientsFromCRDsAndPrintsTheReport(t *testing.T) {
	chdirRoot(t)
	out := filepath.Join(t.TempDir(), "client")
	args := []string{"--crd", "./testdata/crd/resources/input", "--crd", "./testdata/crd/extensions/input/bundles.yaml", "--output", out, "--output-pkg", "example.com/client"}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("generate: exit %d\n%s", code, stderr.String())
	}
	for _, want := range []string{"add apis/apps.example.com/v1/types.go", "add apis/extensions/v1/zz_generated.deepcopy.go", "add clientset/typed/apps/v1/client.go", "add informers/factory.go"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
		}
	}
	for _, want := range []string{
		"clientgen: --crd: 6 CRDs, 7 served versions, 4 packages",
		"  testdata/crd/extensions/input/bundles.yaml:37: bundles.extensions.example.com v1: .spec.config (BundleSpec): raw: x-kubernetes-preserve-unknown-fields",
		"  testdata/crd/extensions/input/bundles.yaml:117: blobs.extensions.example.com v1: the root (Blob): raw:",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks the report line %q:\n%s", want, stderr.String())
		}
	}
	stdout.Reset()
	stderr.Reset()
	if code := run(context.Background(), append(args, "--verify", "--quiet"), &stdout, &stderr); code != 0 {
		t.Fatalf("--verify right after generating: exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "5 kept as raw JSON") {
		t.Errorf("--verify --quiet left out the report of schemas kept as raw JSON:\n%s", stderr.String())
	}
	if err := os.Remove(filepath.Join(out, "apis/apps.example.org/v1/register.go")); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if code := run(context.Background(), append(args, "--verify"), &stdout, &stderr); code != 1 {
		t.Fatalf("--verify with a generated API file removed: exit %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "add apis/apps.example.org/v1/register.go") {
		t.Fatalf("--verify did not name the missing API file:\n%s", stderr.String())
	}
}

func TestCLICheckThatAgreesSaysSoAndGeneratesTheClients(t *testing.T) {
	chdirRoot(t)
	out := filepath.Join(t.TempDir(), "client")
	args := []string{"--input", "./testdata/cases/crd-check-agrees/input/...", "--crd", "./testdata/cases/crd-check-agrees/crd", "--output", out, "--output-pkg", "example.com/client"}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	if want := "clientgen: --crd: 3 kinds agree with 3 CustomResourceDefinitions\n"; !strings.Contains(stdout.String(), want) {
		t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
	}
	if _, err := os.Stat(filepath.Join(out, "clientset/typed/widgets/v1/client.go")); err != nil {
		t.Errorf("the clientset was not written: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "apis")); err == nil {
		t.Error("a check run wrote API types")
	}
}

func TestCLIPrintsWarningsToStderrAndSucceeds(t *testing.T) {
	chdirRoot(t)
	out := filepath.Join(t.TempDir(), "client")
	args := []string{"--input", "./testdata/cases/kubebuilder-plurals/input/...", "--output", out, "--output-pkg", "example.com/client", "--quiet"}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, want 0 (a warning does not fail the run)\n%s", code, stderr.String())
	}
	want := "warning: testdata/cases/kubebuilder-plurals/input/queue/v1beta1/types.go:68:4: Workload: +genclient: has a Status field but no +kubebuilder:subresource:status"
	if !strings.Contains(stderr.String(), want) || stdout.Len() > 0 {
		t.Fatalf("stderr lacks %q (or stdout is not empty):\nstderr: %s\nstdout: %s", want, stderr.String(), stdout.String())
	}
	if _, err := os.Stat(filepath.Join(out, "clientset/typed/queue/v1beta1/client.go")); err != nil {
		t.Fatalf("a run with warnings wrote no client: %v", err)
	}
}

func TestHelpTagsListsTheRegistry(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"--help-tags"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"+genclient ", "+genclient:nonNamespaced", "+genclient:noVerbs", "+genclient:noStatus", "+genclient:readonly",
		"+genclient:onlyVerbs=<verb>,...", "+genclient:skipVerbs=<verb>,...", "+genclient:method=<Name>,verb=<verb>", "+resourceName=<plural>",
		"+kubebuilder:resource:path=<plural>,scope=Cluster", "+kubebuilder:subresource:status",
		"+groupName=<group>", "+groupGoName=<GoName>", "+k8s:client-gen=false", "applyStatus"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("--help-tags lacks %q:\n%s", want, stdout.String())
		}
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestREADMEShowsTheCurrentTagRegistry(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"--help-tags"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "```\n"+stdout.String()+"```") {
		t.Fatalf("README.md's Tags section is not the output of clientgen --help-tags; paste it in:\n%s", stdout.String())
	}
}

func TestCLIInformersFlagChoosesWhetherListersAndInformersAreWritten(t *testing.T) {
	chdirRoot(t)
	for _, tc := range []struct {
		name string
		flag []string
		want bool
	}{
		{"by default the listers and informers are written", nil, true},
		{"--informers=false writes the clientset only", []string{"--informers=false"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "client")
			args := append([]string{"--input", "./testdata/crds/...", "--output", out, "--output-pkg", "example.com/client"}, tc.flag...)
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr.String())
			}
			for _, p := range []string{"listers/example/v1/lister.go", "informers/factory.go"} {
				if _, err := os.Stat(filepath.Join(out, p)); (err == nil) != tc.want {
					t.Errorf("%s written: %v, want %v", p, err == nil, tc.want)
				}
			}
			if _, err := os.Stat(filepath.Join(out, "clientset/clientset.go")); err != nil {
				t.Errorf("the clientset was not written: %v", err)
			}
		})
	}
	var stdout, stderr bytes.Buffer
	run(context.Background(), []string{"--help"}, &stdout, &stderr)
	if !strings.Contains(stderr.String(), "-informers") || !strings.Contains(stderr.String(), "--informers=false") {
		t.Errorf("--help does not explain --informers:\n%s", stderr.String())
	}
}
