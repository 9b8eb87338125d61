package server

import (
	"context"
	"fmt"
	"log/slog"
)

// natsLogger writes the embedded NATS server's log lines to the server's
// log: warnings at warn, errors at error, notices (its startup banner,
// shutdown steps), debug and trace at debug.
type natsLogger struct{ log *slog.Logger }

func (n natsLogger) line(level slog.Level, format string, v []any) {
	if n.log.Enabled(context.Background(), level) {
		n.log.Log(context.Background(), level, fmt.Sprintf(format, v...))
	}
}

func (n natsLogger) Noticef(format string, v ...any) { n.line(slog.LevelDebug, format, v) }
func (n natsLogger) Warnf(format string, v ...any)   { n.line(slog.LevelWarn, format, v) }
func (n natsLogger) Fatalf(format string, v ...any)  { n.line(slog.LevelError, format, v) }
func (n natsLogger) Errorf(format string, v ...any)  { n.line(slog.LevelError, format, v) }
func (n natsLogger) Debugf(format string, v ...any)  { n.line(slog.LevelDebug, format, v) }
func (n natsLogger) Tracef(format string, v ...any)  { n.line(slog.LevelDebug, format, v) }
