#!/usr/bin/env bash
# Load test of articled with ghz.
#
#   bash deploy/ghz/run.sh [GHZ FLAGS...]
#
# Builds articled, starts it in the background on a free loopback port with
# its defaults (shipped policies), regenerates the request data from
# testdata/corpus, then runs ghz for each config in deploy/ghz: first the
# grpc.health.v1.Health/Check baseline, then Process, then ProcessStream.
# It prints ghz's summary for each and, at the end, every result as a ratio
# to the baseline measured in the same run: client and server share the
# machine, so absolute numbers say more about the machine than about the
# service, while the ratios travel.
#
# Any arguments are passed to every ghz run, e.g. `-z 30s` for longer runs
# or `-c 32` for more concurrency.
#
# Environment:
#   GHZ           ghz binary to use (default: ghz on PATH, else it is
#                 installed with `go install`, version GHZ_VERSION)
#   GHZ_VERSION   ghz version to install when none is found (v0.120.0)
#   SERVER_FLAGS  extra articled flags, e.g. "--log-level=warn"; ARTICLED_*
#                 variables of the calling environment are ignored so that a
#                 stray export cannot change what is measured
#
# Exit status: non-zero when a step fails or any RPC did not return OK.
# Nothing here compares a time to a threshold: the numbers are for reading.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

log() { printf '==> %s\n' "$*" >&2; }

# --- ghz --------------------------------------------------------------------
GHZ_VERSION=${GHZ_VERSION:-v0.120.0}
if [[ -z ${GHZ:-} ]]; then
	if command -v ghz >/dev/null 2>&1; then
		GHZ=$(command -v ghz)
	else
		gobin=$(go env GOBIN)
		[[ -n $gobin ]] || gobin="$(go env GOPATH)/bin"
		if [[ ! -x $gobin/ghz ]]; then
			log "ghz not found; installing github.com/bojand/ghz/cmd/ghz@$GHZ_VERSION into $gobin"
			go install "github.com/bojand/ghz/cmd/ghz@$GHZ_VERSION"
		fi
		GHZ=$gobin/ghz
	fi
fi
ghz_mod=$(go version -m "$GHZ" 2>/dev/null | awk '$1 == "mod" { print $3; exit }')

# --- server -----------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/articled-load.XXXXXX")
server_pid=
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
		kill -TERM "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "building articled and articlectl"
go build -trimpath -o "$work/" ./cmd/articled ./cmd/articlectl

log "regenerating request data"
go run ./deploy/ghz/gendata -corpus testdata/corpus -out deploy/ghz/data/process.json
data=deploy/ghz/data/process.json
docs_per_stream=$(grep -c '^{"document"' "$data")

# Port 0: the kernel picks a free port and the server logs the address it got.
unset "${!ARTICLED_@}"
: >"$work/articled.log" # exists before the loop below reads it
# shellcheck disable=SC2086 # SERVER_FLAGS is a list of flags
"$work/articled" --addr 127.0.0.1:0 --log-format text ${SERVER_FLAGS:-} 2>"$work/articled.log" &
server_pid=$!

addr=
for _ in $(seq 100); do
	addr=$(sed -n 's/.*msg=serving addr=\([^ ]*\).*/\1/p' "$work/articled.log" | head -n 1)
	[[ -n $addr ]] && break
	if ! kill -0 "$server_pid" 2>/dev/null; then
		cat "$work/articled.log" >&2
		log "articled exited before serving"
		exit 1
	fi
	sleep 0.1
done
[[ -n $addr ]] || {
	cat "$work/articled.log" >&2
	log "articled did not report a listening address"
	exit 1
}

healthy() {
	if command -v grpcurl >/dev/null 2>&1; then
		grpcurl -plaintext -max-time 1 "$addr" grpc.health.v1.Health/Check 2>/dev/null | grep -q '"SERVING"'
	else
		"$work/articlectl" policies --addr "$addr" --timeout 1s >/dev/null 2>&1
	fi
}
up=
for _ in $(seq 50); do
	if healthy; then
		up=1
		break
	fi
	sleep 0.1
done
[[ -n $up ]] || {
	cat "$work/articled.log" >&2
	log "articled at $addr never became healthy"
	exit 1
}
log "articled serving on $addr (pid $server_pid)"

# --- load -------------------------------------------------------------------
failed=0
# run NAME CONFIG [extra ghz flags]: prints the summary, keeps a copy.
run() {
	local name=$1 cfg=$2
	shift 2
	log "ghz: $name ($cfg)"
	"$GHZ" --config "$cfg" "$@" "$addr" | tee "$work/$name.txt"
	# Status lines look like "  [OK]   39000 responses".
	if grep -E '^[[:space:]]+\[[A-Za-z]+\][[:space:]]+[0-9]+ responses' "$work/$name.txt" | grep -qv '\[OK\]'; then
		log "$name: some RPCs did not return OK (see the status code distribution above)"
		failed=1
	fi
}
rps() { awk '/Requests\/sec:/ { print $NF; exit }' "$work/$1.txt"; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)
log "warm-up (not reported)"
"$GHZ" --config deploy/ghz/process.config.json -z 2s "$addr" >/dev/null

run health deploy/ghz/health.config.json "$@"
run process deploy/ghz/process.config.json "$@"
run stream deploy/ghz/process-stream.config.json "$@"

health_rps=$(rps health)
process_rps=$(rps process)
stream_rps=$(rps stream)

echo
echo "Results (client and server on one machine, $(nproc) CPUs; ghz ${ghz_mod:-unknown}, $(go env GOVERSION))"
awk -v h="$health_rps" -v p="$process_rps" -v s="$stream_rps" -v n="$docs_per_stream" 'BEGIN {
	d = s * n
	printf "  Health/Check              %10.1f rps  (baseline)\n", h
	printf "  Process                   %10.1f rps\n", p
	printf "  ProcessStream             %10.1f streams/s x %d documents = %.1f documents/s\n", s, n, d
	printf "  Process rps / Health rps              %6.3f\n", p / h
	printf "  ProcessStream docs/s / Health rps     %6.3f\n", d / h
	printf "  ProcessStream docs/s / Process rps    %6.3f\n", d / p
}'
errors=$(grep -c 'level=ERROR' "$work/articled.log" || true)
echo "  articled log: $errors ERROR lines"
if [[ -n $load_before ]]; then
	# Other work on the machine skews every number, the ratios included.
	echo "  load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
if [[ $errors -gt 0 ]]; then
	grep 'level=ERROR' "$work/articled.log" | head -n 5 >&2
	failed=1
fi
exit "$failed"
