package server

import (
	"strings"
	"testing"

	reflectionv1 "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
)

// TestReflectionServesTheProtoComments: reflection answers with the API's
// descriptors as written, comments included, so that `grpcurl describe`
// documents every RPC and field; before, it served the generated code's
// descriptors, which carry none. Health's descriptors still resolve.
func TestReflectionServesTheProtoComments(t *testing.T) {
	ts := startServer(t, Config{})
	stream, err := reflectionv1.NewServerReflectionClient(ts.conn).ServerReflectionInfo(callCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		symbol  string
		comment string // a leading comment the file's source info must hold
	}{
		{"article.v1.ArticleService", "sanitiz"},
		{"grpc.health.v1.Health", ""},
	}
	for _, tt := range tests {
		if err := stream.Send(&reflectionv1.ServerReflectionRequest{MessageRequest: &reflectionv1.ServerReflectionRequest_FileContainingSymbol{FileContainingSymbol: tt.symbol}}); err != nil {
			t.Fatal(err)
		}
		resp, err := stream.Recv()
		if err != nil {
			t.Fatal(err)
		}
		files := resp.GetFileDescriptorResponse().GetFileDescriptorProto()
		if len(files) == 0 {
			t.Fatalf("%s: no file descriptor: %v", tt.symbol, resp.GetErrorResponse())
		}
		if tt.comment == "" {
			continue
		}
		var fd descriptorpb.FileDescriptorProto
		if err := proto.Unmarshal(files[0], &fd); err != nil {
			t.Fatal(err)
		}
		comments := 0
		found := false
		for _, loc := range fd.GetSourceCodeInfo().GetLocation() {
			if c := loc.GetLeadingComments(); c != "" {
				comments++
				found = found || strings.Contains(strings.ToLower(c), tt.comment)
			}
		}
		if comments < 50 || !found {
			t.Fatalf("%s (%s): %d leading comments, one with %q: %v; want the proto's comments", tt.symbol, fd.GetName(), comments, tt.comment, found)
		}
	}
}
