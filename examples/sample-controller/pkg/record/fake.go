package record

import (
	"fmt"

	"k8s.io/apimachinery/pkg/runtime"
)

// FakeRecorder is client-go's FakeRecorder: an EventRecorder for tests that
// sends "<type> <reason> <message>" to Events, if Events is not nil (a
// full channel blocks the caller, so size it for the test).
type FakeRecorder struct {
	Events chan string
	// IncludeObject appends " involvedObject{kind=...,apiVersion=...}".
	IncludeObject bool
}

// Event records an event.
func (f *FakeRecorder) Event(object runtime.Object, eventtype, reason, message string) {
	f.write(object, eventtype+" "+reason+" "+message)
}

// Eventf records an event with a formatted message.
func (f *FakeRecorder) Eventf(object runtime.Object, eventtype, reason, messageFmt string, args ...any) {
	f.write(object, eventtype+" "+reason+" "+fmt.Sprintf(messageFmt, args...))
}

func (f *FakeRecorder) write(object runtime.Object, s string) {
	if f.Events == nil {
		return
	}
	if f.IncludeObject && object != nil {
		gvk := object.GetObjectKind().GroupVersionKind()
		s += fmt.Sprintf(" involvedObject{kind=%s,apiVersion=%s}", gvk.Kind, gvk.GroupVersion())
	}
	f.Events <- s
}
