package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/durationpb"

	articlev1 "articleservice/proto/article/v1"
)

var consumeCommand = command{
	name:     "consume",
	synopsis: "--addr HOST:PORT --group NAME [--exec CMD] [--jobs N] [--retry-delay D] [--limit N]",
	about: `Consumes a consumer group as one member: the server hands each of the group's
articles to one member at a time and keeps the group's place, so several
articlectl consume (or other members) share the work, and a restarted one goes
on where the group stands. The group must exist (articlectl groups create).

Without --exec each article's LogEntry is printed as one line on stdout
({"cursor","storedAt","article"}, protojson) and acknowledged once written.
With --exec each article's LogEntry is the stdin of CMD, run by /bin/sh -c
with ARTICLE_ID, ARTICLE_CURSOR and ARTICLE_DELIVERY_COUNT in its
environment: exit status 0 acknowledges the article, any other hands it back
for redelivery after --retry-delay (after the group's max deliveries it is set
aside). While a command runs past half the group's ack wait the article's ack
wait is extended, so a slow command is not redelivered to another member.
--jobs runs that many commands at once (and holds as many articles).

Interrupting stops taking articles, lets running commands finish and
acknowledges them; articles not yet handled go to the other members at once.
After a server restart it joins again by itself.

Exit status: 0 interrupted or --limit reached, 1 the group or the server
failed, 2 usage error.
`,
	where:  remoteOnly,
	stream: true,
}

// consumeFlags are consume's own flags.
type consumeFlags struct {
	group      string
	command    string
	jobs       int
	retryDelay time.Duration
	limit      int
}

func consumeCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c common
	var f consumeFlags
	set := newFlagSet(consumeCommand, stderr, &c)
	set.StringVar(&f.group, "group", "", "the consumer group to consume (required)")
	set.StringVar(&f.command, "exec", "", "run this shell command for each article, its LogEntry JSON on stdin; exit 0 acknowledges it")
	set.IntVar(&f.jobs, "jobs", 1, "articles handled at once (commands run in parallel)")
	set.DurationVar(&f.retryDelay, "retry-delay", 5*time.Second, "wait before an article a command failed on is delivered again")
	set.IntVar(&f.limit, "limit", 0, "exit after acknowledging this many articles (0: run until interrupted)")
	if err := parse(set, args, stdout); err != nil {
		return err
	}
	if err := checkWhere(consumeCommand, c); err != nil {
		return err
	}
	switch {
	case set.NArg() > 0:
		return usageError{"consume takes no arguments"}
	case f.group == "":
		return usageError{"consume needs --group NAME"}
	case f.jobs < 1 || f.jobs > 1000:
		return usageError{"--jobs must be 1 to 1000"}
	case f.limit < 0:
		return usageError{"--limit must not be negative"}
	case f.retryDelay < 0:
		return usageError{"--retry-delay must not be negative"}
	}
	conn, _, err := dial(&c)
	if err != nil {
		return err
	}
	defer conn.Close()
	client := articlev1.NewConsumerGroupServiceClient(conn)

	m := &member{flags: f, out: bufio.NewWriter(stdout), stderr: stderr}
	defer m.out.Flush()
	wait := 100 * time.Millisecond
	for {
		err := m.consumeOnce(ctx, client)
		switch code := status.Code(err); {
		case errors.Is(err, errLimit), ctx.Err() != nil:
			m.summary()
			return nil
		case m.joined && code == codes.Unavailable:
			// A server shutting down or restarting: what this member held
			// goes to the others, and the group keeps its place.
			fmt.Fprintf(stderr, "articlectl: %s; joining group %s again\n", status.Convert(err).Message(), f.group)
			select {
			case <-ctx.Done():
				m.summary()
				return nil
			case <-time.After(wait):
			}
			wait = min(2*wait, 5*time.Second)
		default:
			m.summary()
			return err
		}
	}
}

// member is one consume run, across re-joins.
type member struct {
	flags  consumeFlags
	out    *bufio.Writer // articles, without --exec
	stderr io.Writer

	// mu keeps the lines of concurrent jobs whole on stdout and stderr.
	mu sync.Mutex

	joined          bool // joined at least once
	acked, returned int
}

// outcome is how a delivery was handled.
type outcome struct {
	id uint64
	ok bool
}

// consumeOnce joins the group and consumes until the stream ends, the
// context is done or the limit is reached. It is the only sender on the
// stream; a goroutine receives, and --jobs workers handle deliveries.
func (m *member) consumeOnce(ctx context.Context, client articlev1.ConsumerGroupServiceClient) error {
	// The stream outlives an interrupt long enough to acknowledge what the
	// workers finish.
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stream, err := client.Consume(sctx)
	if err != nil {
		return err
	}
	join := &articlev1.JoinGroup{Group: m.flags.group, MaxInFlight: int32(m.flags.jobs)}
	if err := stream.Send(&articlev1.ConsumeRequest{Action: &articlev1.ConsumeRequest_Join{Join: join}}); err != nil {
		return recvErr(stream)
	}
	first, err := stream.Recv()
	if err != nil {
		return err
	}
	joined := first.GetJoined()
	if joined == nil {
		return errors.New("the server did not confirm the join")
	}
	ackWait := joined.GetGroup().GetAckWait().AsDuration()
	if !m.joined {
		fmt.Fprintf(m.stderr, "articlectl: joined group %s (ack wait %v, %d at once); waiting for articles (interrupt to stop)\n",
			m.flags.group, ackWait, joined.GetMaxInFlight())
	}
	m.joined = true

	deliveries := make(chan *articlev1.Delivery)
	recvDone := make(chan error, 1)
	go func() {
		for {
			resp, err := stream.Recv()
			if err != nil {
				recvDone <- err
				return
			}
			if d := resp.GetDelivery(); d != nil {
				select {
				case deliveries <- d:
				case <-sctx.Done():
					recvDone <- sctx.Err()
					return
				}
			}
		}
	}()

	work := make(chan *articlev1.Delivery, m.flags.jobs)
	results := make(chan outcome, m.flags.jobs)
	for range m.flags.jobs {
		go func() {
			for d := range work {
				results <- outcome{d.GetDeliveryId(), m.handle(d)}
			}
		}()
	}
	defer close(work)

	// Extending every third of the ack wait keeps a running article from
	// being redelivered, with room for a slow round trip.
	tick := time.NewTicker(max(ackWait/3, 100*time.Millisecond))
	defer tick.Stop()
	inHand := map[uint64]bool{}
	stopping := false
	send := func(r *articlev1.ConsumeRequest) error {
		if err := stream.Send(r); err != nil {
			return recvErr(stream)
		}
		return nil
	}
	// finish half-closes the stream and waits for the server to end it, so
	// that the acknowledgements sent are applied before the call is torn
	// down; what it sends meanwhile is not taken, and goes to the others.
	finish := func(ret error) error {
		stream.CloseSend()
		t := time.NewTimer(5 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-deliveries:
			case <-recvDone:
				return ret
			case <-t.C:
				return ret
			}
		}
	}
	done, in := ctx.Done(), deliveries
	for {
		if stopping && len(inHand) == 0 {
			return finish(ctx.Err())
		}
		select {
		case <-done:
			// Stop taking articles; finish and acknowledge those in hand.
			stopping, done, in = true, nil, nil
		case err := <-recvDone:
			return err
		case d := <-in:
			inHand[d.GetDeliveryId()] = true
			work <- d
		case r := <-results:
			delete(inHand, r.id)
			if r.ok {
				if err := send(&articlev1.ConsumeRequest{Action: &articlev1.ConsumeRequest_Ack{Ack: &articlev1.Ack{DeliveryId: r.id}}}); err != nil {
					return err
				}
				if m.acked++; m.flags.limit > 0 && m.acked >= m.flags.limit {
					return finish(errLimit)
				}
				continue
			}
			m.returned++
			if err := send(&articlev1.ConsumeRequest{Action: &articlev1.ConsumeRequest_Nack{Nack: &articlev1.Nack{DeliveryId: r.id, Delay: durationpb.New(m.flags.retryDelay)}}}); err != nil {
				return err
			}
		case <-tick.C:
			for id := range inHand {
				if err := send(&articlev1.ConsumeRequest{Action: &articlev1.ConsumeRequest_Extend{Extend: &articlev1.Extend{DeliveryId: id}}}); err != nil {
					return err
				}
			}
		}
	}
}

// recvErr is why a stream's Send failed: the status comes with Recv.
func recvErr(stream articlev1.ConsumerGroupService_ConsumeClient) error {
	for {
		if _, err := stream.Recv(); err != nil {
			return err
		}
	}
}

// handle prints or runs the command on one delivery; true acknowledges it.
func (m *member) handle(d *articlev1.Delivery) bool {
	b, err := protojson.Marshal(d.GetEntry())
	if err != nil {
		fmt.Fprintf(lockedWriter{&m.mu, m.stderr}, "articlectl: cursor %d: %v\n", d.GetEntry().GetCursor(), err)
		return false
	}
	if m.flags.command == "" {
		m.mu.Lock()
		defer m.mu.Unlock()
		m.out.Write(append(b, '\n'))
		return m.out.Flush() == nil
	}
	cmd := exec.Command("/bin/sh", "-c", m.flags.command)
	cmd.Stdin = bytes.NewReader(append(b, '\n'))
	cmd.Stdout, cmd.Stderr = lockedWriter{&m.mu, m.out}, lockedWriter{&m.mu, m.stderr}
	entry := d.GetEntry()
	cmd.Env = append(os.Environ(),
		"ARTICLE_ID="+entry.GetArticle().GetId(),
		"ARTICLE_CURSOR="+strconv.FormatUint(entry.GetCursor(), 10),
		"ARTICLE_DELIVERY_COUNT="+strconv.Itoa(int(d.GetDeliveryCount())))
	if err := cmd.Run(); err != nil {
		fmt.Fprintf(lockedWriter{&m.mu, m.stderr}, "articlectl: article %s (cursor %d, delivery %d): %v; handed back\n",
			entry.GetArticle().GetId(), entry.GetCursor(), d.GetDeliveryCount(), err)
		return false
	}
	return true
}

// lockedWriter writes and flushes under a lock shared by the jobs.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n, err := l.w.Write(p)
	if f, ok := l.w.(interface{ Flush() error }); ok && err == nil {
		err = f.Flush()
	}
	return n, err
}

func (m *member) summary() {
	m.out.Flush()
	fmt.Fprintf(m.stderr, "articlectl: %d articles acknowledged, %d handed back, from group %s\n", m.acked, m.returned, m.flags.group)
}
