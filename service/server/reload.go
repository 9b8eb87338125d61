package server

import (
	"log/slog"
	"os"
	"slices"
	"sync"
	"time"
)

// fileStamp identifies one version of a file: a change of either field is
// a new version. Kubernetes updates a mounted Secret by swapping a symlink
// to a new directory, which gives every file a new modification time.
type fileStamp struct {
	modTime time.Time
	size    int64
}

func stampFiles(paths []string) ([]fileStamp, error) {
	stamps := make([]fileStamp, len(paths))
	for i, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		stamps[i] = fileStamp{modTime: fi.ModTime(), size: fi.Size()}
	}
	return stamps, nil
}

// reloading holds a value loaded from files and loads it again when one of
// the files changes: get stats the files (a cheap system call per file) and
// reloads only when their stamps differ from those of the value it holds.
// A reload that fails keeps the previous value, logs the error once, and is
// tried again when the files change again.
type reloading[T any] struct {
	what  string
	paths []string
	load  func() (T, error)
	log   *slog.Logger

	mu     sync.Mutex
	val    T
	stamps []fileStamp // of the files val was loaded from
	failed []fileStamp // of the files the last failed reload read
}

// newReloading loads the value once; that first load's error is returned,
// since a server must not start with files it cannot read.
func newReloading[T any](what string, paths []string, load func() (T, error), log *slog.Logger) (*reloading[T], error) {
	r := &reloading[T]{what: what, paths: paths, load: load, log: log}
	stamps, err := stampFiles(paths)
	if err != nil {
		return nil, err
	}
	val, err := load()
	if err != nil {
		return nil, err
	}
	r.val, r.stamps = val, stamps
	return r, nil
}

// get returns the current value, reloading it first if the files changed.
func (r *reloading[T]) get() T {
	r.mu.Lock()
	defer r.mu.Unlock()
	stamps, err := stampFiles(r.paths)
	if err != nil {
		// Mid-update, or removed: keep serving what was loaded.
		return r.val
	}
	if slices.Equal(stamps, r.stamps) || slices.Equal(stamps, r.failed) {
		return r.val
	}
	val, err := r.load()
	if err != nil {
		r.failed = stamps
		r.log.Error("reload failed; keeping the previous version", "what", r.what, "err", err)
		return r.val
	}
	r.val, r.stamps, r.failed = val, stamps, nil
	r.log.Info("reloaded", "what", r.what)
	return r.val
}
