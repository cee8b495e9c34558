package rest_test

import (
	"strings"
	"testing"

	"github.com/clientgen/clientgen/runtime/rest"
)

// Unknown keys (kubeconfig keys are case-sensitive) are ignored, listed in
// LoadedConfig.Warnings and logged without their values.
func TestUnknownKubeconfigKeysAreReportedAndLogged(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "config", []byte(`apiVersion: v1
kind: Config
preferences: {colors: true}
current-context: a
clusters: [{name: c, cluster: {server: "https://x", disable-compression: true, extensions: [{name: e, extension: {}}]}}]
users: [{name: u, user: {Token: SECRET-upper, extensions: []}}]
contexts: [{name: a, context: {cluster: c, user: u, extensions: []}}]
`))
	var logs logBuffer
	l, err := rest.LoadConfig(rest.LoadOptions{Kubeconfig: path, Logger: logTo(&logs)})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{path + ": users[0].user.Token: unknown field, ignored (kubeconfig keys are case-sensitive)"}
	if strings.Join(l.Warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("Warnings = %q, want %q", l.Warnings, want)
	}
	if got := logs.String(); !strings.Contains(got, "users[0].user.Token") || strings.Contains(got, "SECRET") {
		t.Errorf("log = %q, want the unknown field named and its value not shown", got)
	}
}
