package server

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"articleservice/service/articlelog"
)

// groupScrapeTimeout bounds how long a scrape waits for the groups' state:
// a log that does not answer leaves the group gauges out of that scrape
// rather than hold it up.
const groupScrapeTimeout = 2 * time.Second

// groupCollector reports every consumer group's state at scrape time, as
// the log holds it: the figures are shared by every server of the log, so
// each server reports the same values.
type groupCollector struct {
	log                                             *articlelog.Log
	pending, ackPending, redelivered, setAside, lag *prometheus.Desc
}

func newGroupCollector(l *articlelog.Log) *groupCollector {
	desc := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc(name, help, []string{"group"}, nil)
	}
	return &groupCollector{
		log:         l,
		pending:     desc("articled_group_pending", "Stored articles not yet delivered to the consumer group (counted by site and language)."),
		ackPending:  desc("articled_group_ack_pending", "Articles delivered to the consumer group and not yet acknowledged."),
		redelivered: desc("articled_group_redelivered", "Articles delivered to the consumer group more than once and not yet acknowledged."),
		setAside:    desc("articled_group_set_aside", "Articles the consumer group set aside since it was created."),
		lag:         desc("articled_group_lag", "Articles the consumer group has not finished: pending plus ack_pending."),
	}
}

func (c *groupCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.pending, c.ackPending, c.redelivered, c.setAside, c.lag} {
		ch <- d
	}
}

func (c *groupCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), groupScrapeTimeout)
	defer cancel()
	list, err := c.log.Groups(ctx)
	if err != nil {
		return
	}
	for _, g := range list {
		st := g.State
		for d, v := range map[*prometheus.Desc]uint64{c.pending: st.Pending, c.ackPending: st.AckPending, c.redelivered: st.Redelivered,
			c.setAside: st.SetAside, c.lag: st.Pending + st.AckPending} {
			ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, float64(v), g.Spec.Name)
		}
	}
}

// WatchGroups adds the gauges of the log's consumer groups, read at
// scrape time.
func (m *Metrics) WatchGroups(l *articlelog.Log) {
	if m == nil {
		return
	}
	m.reg.MustRegister(newGroupCollector(l))
}

// GroupMembers adds delta to the members consuming a group through this
// server.
func (m *Metrics) GroupMembers(group string, delta int) {
	if m == nil {
		return
	}
	m.groupMembers.WithLabelValues(group).Add(float64(delta))
}

// GroupDelivered records an article sent to a member of a group.
func (m *Metrics) GroupDelivered(group string) {
	if m == nil {
		return
	}
	m.groupDelivered.WithLabelValues(group).Inc()
}

// GroupAcked records an acknowledgement the log stored for a group.
func (m *Metrics) GroupAcked(group string) {
	if m == nil {
		return
	}
	m.groupAcked.WithLabelValues(group).Inc()
}
