// Package readme keeps the README's code honest: the usage snippet on its
// first screen and the controller snippet are compiled (and the controller
// run over the fake clientset) here, and a test checks that the README still
// shows exactly this code.
package readme

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/clientgen/clientgen/runtime/rest"
	examplev1 "github.com/clientgen/clientgen/testdata/crds/example/v1"
	"github.com/clientgen/clientgen/testdata/golden/crds/clientset"
)

// getWidget is the README snippet (between the markers), compiled against the
// golden clientset, which is byte-for-byte what the README's generate command
// writes under ./out/client.
func getWidget(ctx context.Context, kubeconfigPath string) (*examplev1.Widget, error) {
	// README:begin
	cfg, err := rest.BuildConfigFromFlags("", kubeconfigPath) // client-go's: "" = in-cluster; rest.LoadConfig follows kubectl
	if err != nil {
		return nil, err
	}
	cs, err := clientset.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	w, err := cs.ExampleV1().Widgets("default").Get(ctx, "w1", metav1.GetOptions{})
	// README:end
	return w, err
}

var _ = getWidget

func TestREADMEShowsTheCompiledSnippets(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ file, marker string }{
		{"readme_test.go", "README"},
		{"controller_test.go", "README-controller"},
	} {
		t.Run(tc.marker, func(t *testing.T) {
			src, err := os.ReadFile(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			m := regexp.MustCompile(`(?s)// ` + regexp.QuoteMeta(tc.marker) + `:begin\n(.*?)\t// ` + regexp.QuoteMeta(tc.marker) + `:end`).FindSubmatch(src)
			if m == nil {
				t.Fatalf("snippet markers %s:begin/end not found in %s", tc.marker, tc.file)
			}
			var snippet []string
			for _, line := range strings.Split(strings.TrimRight(string(m[1]), "\n"), "\n") {
				snippet = append(snippet, strings.TrimPrefix(line, "\t"))
			}
			want := strings.Join(snippet, "\n")
			if !strings.Contains(string(readme), want) {
				t.Fatalf("README.md no longer shows the snippet compiled in %s; paste this into it:\n%s", tc.file, want)
			}
		})
	}
}
