// Package articlelog is the article log of ArticleService: a durable,
// ordered log of processed articles on one NATS JetStream stream, which
// ingestion appends to and internal clients read from the beginning, from a
// cursor or live. By default the log embeds a NATS server in the process
// (file storage under a data directory, no network listener); given a NATS
// URL it uses an external cluster instead, and any number of servers share
// the stream: every piece of state lives in JetStream, none in the process.
//
// Subjects: an article is stored on
//
//	<prefix>.articles.<site>.<language>.<id>
//
// where site is the first 16 hex digits of SHA-256(Article.site), language
// the primary subtag of Article.language, lower-cased (bytes outside
// [a-z0-9] as "_", "und" when empty), and id the first 32 hex digits of
// SHA-256(Article.id). The stream holds <prefix>.articles.>.
//
// Messages: the payload is the article.v1.Article protobuf (binary); the
// headers are Content-Type "application/protobuf; proto=article.v1.Article",
// Nats-Msg-Id (the deduplication key: "id:" + the id token for a client id,
// else "hash:" + Article.content_hash) and Article-Append-Id (opaque). A
// message's stream sequence is its cursor.
//
// Index: the latest version of an article is the last message on
// <prefix>.articles.*.*.<id>, a last-by-subject lookup answered by the
// stream leader, so Get works through any server sharing the log.
//
// Deduplication: before storing, Append looks up the id's last message; a
// client id already stored, or the same content_hash as the latest version,
// is a duplicate. The publish then carries the looked-up sequence as the
// expected last sequence of the id's subjects, which makes it a
// compare-and-set across servers, and the Nats-Msg-Id key, which JetStream
// deduplicates within its duplicate window (so the same content under
// another id within the window is a duplicate too, of the article stored
// first).
//
// Subscriptions: each one reads through its own ordered consumer (an
// ephemeral, flow-controlled pull consumer re-created at the next sequence
// after a server or connection loss) into a bounded buffer, so a slow reader
// holds back neither ingestion nor other readers. One that has caught up
// with the log and then falls further behind than Config.MaxLag ends with a
// *LagError and resumes after its last cursor.
//
// Consumer groups: a group is a durable pull consumer of the stream named
// group_<name> (explicit acknowledgements, unlimited JetStream deliveries,
// the log's replicas), whose settings are kept in its metadata under
// "articled.group". Members pull from it within their own bounds, and an
// article delivered more than the group's MaxDeliveries times is set
// aside: recorded on <prefix>.setaside.<group> in the stream
// <Stream>_SET_ASIDE (the latest 20 per group, each carrying the group's
// running count) and terminated.
//
// The package returns errors and never logs.
package articlelog
