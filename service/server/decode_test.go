package server

import (
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	articlev1 "articleservice/proto/article/v1"
)

// rawCodec sends the bytes a test wrote as the request message, whatever
// they are, and keeps the answer's bytes undecoded.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) { return *v.(*[]byte), nil }
func (rawCodec) Unmarshal(data []byte, v any) error {
	*v.(*[]byte) = append([]byte(nil), data...)
	return nil
}
func (rawCodec) Name() string { return "proto" }

// undecodableBodies are request bodies no protobuf decoder accepts.
var undecodableBodies = []struct {
	name string
	body []byte
}{
	// Field 1 (SanitizeRequest.html, RawDocument.content's parent) says 5
	// bytes follow, and 1 does.
	{"truncated", []byte{0x0a, 0x05, 0x01}},
	// Field 1 with wire type 7, which does not exist.
	{"bad_wire_type", []byte{0x0f, 0x01}},
	// SanitizeRequest.html is a proto3 string: UTF-8 is required.
	{"invalid_utf8", []byte{0x0a, 0x02, 0xff, 0xfe}},
}

func wantUndecodable(tb testing.TB, err error) {
	tb.Helper()
	st := status.Convert(err)
	if st.Code() != codes.InvalidArgument || !strings.Contains(st.Message(), "cannot be decoded") {
		tb.Errorf("%v, want INVALID_ARGUMENT saying the request message cannot be decoded", err)
	}
}

// TestUndecodableRequestIsInvalidArgument: a request body that is not a
// valid message of the call's request type (malformed protobuf, invalid
// UTF-8 in a string field) is the client's error, INVALID_ARGUMENT with a
// message saying so, not INTERNAL, in unary calls and streams alike.
func TestUndecodableRequestIsInvalidArgument(t *testing.T) {
	ts := startServer(t, Config{})
	for _, tc := range undecodableBodies {
		t.Run("sanitize_"+tc.name, func(t *testing.T) {
			var out []byte
			err := ts.conn.Invoke(callCtx(t), "/article.v1.ArticleService/Sanitize", &tc.body, &out, grpc.ForceCodec(rawCodec{}))
			wantUndecodable(t, err)
		})
		// Requests holding a RawDocument: its field 2 (id) is a string.
		body := tc.body
		if tc.name == "invalid_utf8" {
			body = []byte{0x0a, 0x04, 0x12, 0x02, 0xff, 0xfe}
		}
		t.Run("process_"+tc.name, func(t *testing.T) {
			var out []byte
			err := ts.conn.Invoke(callCtx(t), "/article.v1.ArticleService/Process", &body, &out, grpc.ForceCodec(rawCodec{}))
			wantUndecodable(t, err)
		})
		for _, method := range []string{"ProcessStream", "IngestStream"} {
			t.Run(strings.ToLower(method)+"_"+tc.name, func(t *testing.T) {
				cs, err := ts.conn.NewStream(callCtx(t), &grpc.StreamDesc{ClientStreams: true, ServerStreams: true},
					"/article.v1.ArticleService/"+method, grpc.ForceCodec(rawCodec{}))
				if err != nil {
					t.Fatal(err)
				}
				// A good document first, then the undecodable one.
				good, err := proto.Marshal(&articlev1.ProcessStreamRequest{Document: &articlev1.RawDocument{Content: []byte("<p>first</p>")}})
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range [][]byte{good, body} {
					if err := cs.SendMsg(&m); err != nil {
						break
					}
				}
				cs.CloseSend()
				var out []byte
				if err := cs.RecvMsg(&out); err != nil {
					t.Fatalf("the answer to the good document: %v", err)
				}
				err = cs.RecvMsg(&out)
				wantUndecodable(t, err)
				if st := status.Convert(err); !strings.Contains(st.Message(), "message 1") {
					t.Errorf("%q does not say which message of the stream (message 1)", st.Message())
				}
			})
		}
	}
	var left int
	ts.srv.undecodable.m.Range(func(any, any) bool { left++; return true })
	if left > 0 {
		t.Errorf("%d undecodable messages left recorded after their calls ended", left)
	}
}
