package record_test

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	samplev1alpha1 "github.com/clientgen/clientgen/examples/sample-controller/pkg/apis/samplecontroller/v1alpha1"
	"github.com/clientgen/clientgen/examples/sample-controller/pkg/kube/kubernetes/fake"
	"github.com/clientgen/clientgen/examples/sample-controller/pkg/record"
)

func TestRecorderWritesEventsThroughTheGeneratedClientset(t *testing.T) {
	scheme := runtime.NewScheme()
	utilruntime.Must(samplev1alpha1.AddToScheme(scheme))
	foo := &samplev1alpha1.Foo{ObjectMeta: metav1.ObjectMeta{Name: "foo", Namespace: "ns", UID: "uid-1", ResourceVersion: "7"}}

	tests := []struct {
		name      string
		eventType string
		record    func(record.EventRecorder)
		want      []string // reason/message of the Events written
	}{
		{"a Normal event is written in the object's namespace", corev1.EventTypeNormal,
			func(r record.EventRecorder) {
				r.Event(foo, corev1.EventTypeNormal, "Synced", "Foo synced successfully")
			},
			[]string{"Synced/Foo synced successfully"}},
		{"Eventf formats its message", corev1.EventTypeWarning,
			func(r record.EventRecorder) {
				r.Eventf(foo, corev1.EventTypeWarning, "ErrResourceExists", "Resource %q already exists", "d")
			},
			[]string{`ErrResourceExists/Resource "d" already exists`}},
		{"an event of an unknown type is not written", "",
			func(r record.EventRecorder) { r.Event(foo, "Sideways", "Odd", "no") },
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			client := fake.NewClientset()
			b := record.NewBroadcaster(record.WithContext(ctx))
			defer b.Shutdown()
			b.StartRecordingToSink(&record.EventSinkImpl{Interface: client.CoreV1()})
			r := b.NewRecorder(scheme, corev1.EventSource{Component: "sample-controller"})

			tt.record(r)
			// Writing is asynchronous; a Normal event written after the
			// one under test marks the point where it has been handled.
			r.Event(foo, corev1.EventTypeNormal, "Marker", "done")
			var events []corev1.Event
			deadline := time.Now().Add(10 * time.Second)
			for {
				list, err := client.CoreV1().Events("ns").List(ctx, metav1.ListOptions{})
				if err != nil {
					t.Fatal(err)
				}
				events = list.Items
				if hasReason(events, "Marker") {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the marker event was not written within 10s; events: %v", events)
				}
				time.Sleep(10 * time.Millisecond)
			}
			var got []string
			for _, e := range events {
				if e.Reason == "Marker" {
					continue
				}
				got = append(got, e.Reason+"/"+e.Message)
				ref := e.InvolvedObject
				if ref.APIVersion != "samplecontroller.k8s.io/v1alpha1" || ref.Kind != "Foo" || ref.Name != "foo" ||
					ref.Namespace != "ns" || ref.UID != "uid-1" || ref.ResourceVersion != "7" {
					t.Errorf("involvedObject = %+v, want the Foo's reference with kind and apiVersion from the scheme", ref)
				}
				if e.Type != tt.eventType || e.Count != 1 || e.Source.Component != "sample-controller" ||
					e.ReportingController != "sample-controller" || e.FirstTimestamp.IsZero() {
					t.Errorf("event = type %q count %d source %+v reportingController %q firstTimestamp %v",
						e.Type, e.Count, e.Source, e.ReportingController, e.FirstTimestamp)
				}
			}
			if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
				t.Errorf("events written = %q, want %q", got, tt.want)
			}
		})
	}
}

func hasReason(events []corev1.Event, reason string) bool {
	for _, e := range events {
		if e.Reason == reason {
			return true
		}
	}
	return false
}
