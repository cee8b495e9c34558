// Package readme keeps the README's code honest: the usage snippet on its
// first screen is compiled here, and a test checks that the README still
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

func TestREADMEShowsTheCompiledSnippet(t *testing.T) {
	src, err := os.ReadFile("readme_test.go")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)// README:begin\n(.*?)\t// README:end`).FindSubmatch(src)
	if m == nil {
		t.Fatal("snippet markers not found in readme_test.go")
	}
	var snippet []string
	for _, line := range strings.Split(strings.TrimRight(string(m[1]), "\n"), "\n") {
		snippet = append(snippet, strings.TrimPrefix(line, "\t"))
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join(snippet, "\n")
	if !strings.Contains(string(readme), want) {
		t.Fatalf("README.md no longer shows the compiled snippet; paste this into its first code block:\n%s", want)
	}
}
