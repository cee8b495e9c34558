// Command clientgen generates a typed Kubernetes clientset from Go API types
// tagged with +genclient. It parses flags into generator.Options and calls
// generator.Generate; everything else lives in the generator library.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"

	"github.com/clientgen/clientgen/generator"
	"github.com/clientgen/clientgen/generator/tags"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "devel"

func main() {
	// clientgen is a short-lived batch process whose heap peaks once: trading
	// some memory for fewer collections cuts its CPU time by about a third.
	// A soft memory limit caps that trade where inputs are large: most of
	// the peak is garbage, and a collection near the limit costs less than
	// the memory (docs/benchmarks.md has the figures). GOGC and GOMEMLIMIT
	// still win.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(96 << 20)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// listFlag collects a flag given several times or as a comma-separated list.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// run is main without the process: it returns the exit code (0 ok, 1 the
// generation failed or is stale, 2 bad flags) so tests can drive it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("clientgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		opts     generator.Options
		inputs   listFlag
		crds     listFlag
		plurals  listFlag
		helpTags bool
		showVer  bool
		quiet    bool
		infs     bool
	)
	fs.Var(&inputs, "input", "package pattern(s) of the API types, e.g. ./apis/... (repeatable, comma-separated)")
	fs.Var(&crds, "crd", "CRD manifests: files or directories of YAML (repeatable, comma-separated); without --input, generate the Go API types into <output>/apis and the clients from them; with --input, check the Go types against the manifests")
	fs.StringVar(&opts.Output, "output", "", "directory to write the clientset tree under")
	fs.StringVar(&opts.OutputPkg, "output-pkg", "", "import path of --output (default: inferred from the enclosing go.mod)")
	fs.StringVar(&opts.ClientsetName, "clientset-name", generator.DefaultClientsetName, "name of the clientset package, optionally under directories of --output (clientset/versioned)")
	fs.StringVar(&opts.ApplyConfigurationDir, "apply-configuration-dir", "applyconfiguration", "directory of the apply configurations under --output (kube_codegen.sh writes applyconfigurations)")
	fs.StringVar(&opts.Boilerplate, "boilerplate", "", "file with a licence header for every generated file (optional)")
	fs.Var(&plurals, "plural-exceptions", "Kind:Plural pairs where the English plural is wrong, e.g. Endpoints:Endpoints")
	fs.BoolVar(&infs, "informers", true, "also write listers/ and informers/ (lister-gen's and informer-gen's packages over clientgen's runtime/cache); --informers=false writes only the clientset and apply configurations")
	fs.BoolVar(&opts.Verify, "verify", false, "write nothing; exit 1 with a diff if the output is not up to date")
	fs.BoolVar(&helpTags, "help-tags", false, "list the comment tags clientgen understands and exit")
	fs.BoolVar(&showVer, "version", false, "print the version and exit")
	fs.BoolVar(&quiet, "quiet", false, "do not list the files written")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: clientgen --input ./apis/... --output ./pkg/client [flags]\n")
		fmt.Fprintf(stderr, "       clientgen --crd ./config/crd --output ./pkg/client [flags]              (Go types and clients from CRD manifests)\n")
		fmt.Fprintf(stderr, "       clientgen --input ./apis/... --crd ./config/crd --output ./pkg/client   (check the Go types against the manifests, then generate)\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "clientgen: unexpected argument %q: inputs go in --input, CRD manifests in --crd\n", fs.Arg(0))
		return 2
	}
	switch {
	case helpTags:
		fmt.Fprint(stdout, tags.Help())
		return 0
	case showVer:
		fmt.Fprintf(stdout, "clientgen %s\n", version)
		return 0
	}
	opts.Inputs = inputs
	opts.CRDs = crds
	opts.NoInformers = !infs
	if len(plurals) > 0 {
		opts.PluralExceptions = map[string]string{}
		for _, p := range plurals {
			kind, plural, ok := strings.Cut(p, ":")
			if !ok {
				fmt.Fprintf(stderr, "clientgen: --plural-exceptions %q: want Kind:Plural\n", p)
				return 2
			}
			opts.PluralExceptions[kind] = plural
		}
	}
	if err := opts.Validate(); err != nil {
		fmt.Fprintf(stderr, "clientgen: %v\n", strings.ReplaceAll(err.Error(), "\n", "\nclientgen: "))
		return 2
	}
	res, err := generator.Generate(ctx, opts)
	if res != nil {
		for _, w := range res.Warnings {
			fmt.Fprintf(stderr, "warning: %v\n", w)
		}
		if res.CRDReport != nil {
			// The schemas without a faithful Go form are listed on every
			// run, --quiet or not: nothing generated from a CRD is
			// dropped or approximated silently.
			fmt.Fprint(stderr, indentReport(res.CRDReport.String()))
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if !quiet && res.CRDsChecked > 0 {
		fmt.Fprintf(stdout, "clientgen: --crd: %d kinds agree with %d CustomResourceDefinitions\n", res.KindsChecked, res.CRDsChecked)
	}
	if !quiet && !opts.Verify {
		for _, c := range res.Changes {
			fmt.Fprintf(stdout, "%s %s\n", c.Kind, c.Path)
		}
		fmt.Fprintf(stdout, "clientgen: %d files, %d changed\n", len(res.Files), len(res.Changes))
	}
	return 0
}

// indentReport prefixes the CRD report's counts with "clientgen: --crd: " and
// indents its findings under them.
func indentReport(r string) string {
	lines := strings.Split(strings.TrimSuffix(r, "\n"), "\n")
	var b strings.Builder
	for i, l := range lines {
		if i == 0 {
			b.WriteString("clientgen: --crd: ")
		} else {
			b.WriteString("  ")
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}
