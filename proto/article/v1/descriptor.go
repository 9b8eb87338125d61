package articlev1

import (
	_ "embed"
	"fmt"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
)

// descriptorSet is the API's descriptors as buf builds them, with the
// source info (the comments) that generated code leaves out; `make
// generate` writes it beside the generated code.
//
//go:embed descriptor.binpb
var descriptorSet []byte

// Documented resolves the API's descriptors with their comments, and any
// other registered file (health, reflection) as generated code has it:
// served by reflection, it lets `grpcurl describe` show the API's
// documentation.
func Documented() (protodesc.Resolver, error) {
	var set descriptorpb.FileDescriptorSet
	if err := proto.Unmarshal(descriptorSet, &set); err != nil {
		return nil, fmt.Errorf("read the API's descriptor set: %w", err)
	}
	files, err := protodesc.NewFiles(&set)
	if err != nil {
		return nil, fmt.Errorf("read the API's descriptor set: %w", err)
	}
	return documented{files}, nil
}

// documented looks in the API's own files first, then in the registry.
type documented struct{ own *protoregistry.Files }

func (d documented) FindFileByPath(path string) (protoreflect.FileDescriptor, error) {
	if f, err := d.own.FindFileByPath(path); err == nil {
		return f, nil
	}
	return protoregistry.GlobalFiles.FindFileByPath(path)
}

func (d documented) FindDescriptorByName(name protoreflect.FullName) (protoreflect.Descriptor, error) {
	if desc, err := d.own.FindDescriptorByName(name); err == nil {
		return desc, nil
	}
	return protoregistry.GlobalFiles.FindDescriptorByName(name)
}
