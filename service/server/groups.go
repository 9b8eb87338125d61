package server

import (
	"context"

	articlev1 "articleservice/proto/article/v1"
	"articleservice/service/article"
	"articleservice/service/articlelog"
)

// groups implements articlev1.ConsumerGroupServiceServer over the article
// log's consumer groups.
type groups struct {
	articlev1.UnimplementedConsumerGroupServiceServer
	articles *articlelog.Log
	// metrics counts deliveries and acknowledgements; nil counts nothing.
	metrics *Metrics
	// stopping is cancelled when the server shuts down: it ends every
	// Consume, whose members hand their articles back.
	stopping context.Context
}

func (g *groups) CreateConsumerGroup(ctx context.Context, req *articlev1.CreateConsumerGroupRequest) (*articlev1.CreateConsumerGroupResponse, error) {
	if req.GetGroup() == nil {
		return nil, article.Invalid("group", "is required", nil)
	}
	spec, created, err := g.articles.CreateGroup(ctx, groupFromProto(req.GetGroup()))
	if err != nil {
		return nil, err
	}
	return &articlev1.CreateConsumerGroupResponse{Group: groupToProto(spec), Created: created}, nil
}

func (g *groups) GetConsumerGroup(ctx context.Context, req *articlev1.GetConsumerGroupRequest) (*articlev1.GetConsumerGroupResponse, error) {
	spec, st, err := g.articles.Group(ctx, req.GetName())
	if err != nil {
		return nil, err
	}
	return &articlev1.GetConsumerGroupResponse{Group: groupToProto(spec), State: groupStateToProto(st)}, nil
}

func (g *groups) ListConsumerGroups(ctx context.Context, _ *articlev1.ListConsumerGroupsRequest) (*articlev1.ListConsumerGroupsResponse, error) {
	list, err := g.articles.Groups(ctx)
	if err != nil {
		return nil, err
	}
	resp := &articlev1.ListConsumerGroupsResponse{}
	for _, gi := range list {
		resp.Groups = append(resp.Groups, &articlev1.GetConsumerGroupResponse{Group: groupToProto(gi.Spec), State: groupStateToProto(gi.State)})
	}
	return resp, nil
}

func (g *groups) DeleteConsumerGroup(ctx context.Context, req *articlev1.DeleteConsumerGroupRequest) (*articlev1.DeleteConsumerGroupResponse, error) {
	if err := g.articles.DeleteGroup(ctx, req.GetName()); err != nil {
		return nil, err
	}
	return &articlev1.DeleteConsumerGroupResponse{}, nil
}
