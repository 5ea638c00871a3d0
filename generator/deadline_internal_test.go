package generator

import (
	"bytes"
	"context"
	"errors"
	"testing"
)

// A PDF goes to the caller's writer only while the render's deadline has
// not passed: one that passes while the document is drawn leaves the
// writer empty.
func TestDeadlineWriter(t *testing.T) {
	var out bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	dw := &deadlineWriter{ctx: ctx, w: &out}
	if n, err := dw.Write([]byte("%PDF")); n != 4 || err != nil || out.String() != "%PDF" || !dw.wrote {
		t.Fatalf("live: %d, %v, %q", n, err, out.String())
	}
	cancel()
	out.Reset()
	dw = &deadlineWriter{ctx: ctx, w: &out}
	if n, err := dw.Write([]byte("%PDF")); n != 0 || !errors.Is(err, context.Canceled) || out.Len() != 0 || dw.wrote {
		t.Fatalf("cancelled: %d, %v, %q", n, err, out.String())
	}
}
