package crd

import "testing"

func TestCommentEscapesDescriptionLinesThatWouldReadAsTags(t *testing.T) {
	got := comment("Mode picks one.\n\n  +genclient:nonNamespaced\nTrailing.  ")
	want := "// Mode picks one.\n//\n// \\+genclient:nonNamespaced\n// Trailing."
	if got != want {
		t.Fatalf("comment() =\n%s\nwant\n%s", got, want)
	}
}
