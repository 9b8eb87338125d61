#!/usr/bin/env bash
# Load test of articled with ghz.
#
#   bash deploy/ghz/run.sh [GHZ FLAGS...]
#
# Builds articled and the baseline server (deploy/ghz/baseline: a bare
# grpc-go server whose Process only runs bluemonday.UGCPolicy()), starts both
# in the background on free loopback ports, articled with its defaults
# (shipped policies) but for the per-client rate limit (see below),
# regenerates the request data from testdata/corpus, then runs ghz: the
# grpc.health.v1.Health/Check floor, Process at concurrency 50 against
# articled and then against the baseline, ProcessStream, and Ingest when
# the API has it. It prints a summary of each run and a table (RPS,
# p50/p95/p99, errors) with ratios between runs of the same invocation:
# client and servers share the machine, so absolute numbers say more about
# the machine than about the service, while the ratios travel.
#
# Any arguments are passed to every ghz run, e.g. `-z 30s` for longer runs
# (a -c given here overrides the concurrency of every config).
#
# Environment:
#   GHZ           ghz binary to use (default: the version pinned in
#                 tools/versions.env, installed into bin/tools by `make ghz`;
#                 a ghz on PATH is not used)
#   SERVER_FLAGS  extra articled flags, e.g. "--log-level=warn"; ARTICLED_*
#                 variables of the calling environment are ignored so that a
#                 stray export cannot change what is measured
#
# Exit status: non-zero when a step fails, any RPC did not return OK or
# articled logged an error. Nothing here compares a time to a threshold: the
# numbers are for reading.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
# shellcheck source=deploy/ghz/lib.sh
source deploy/ghz/lib.sh

machine_start=$(machine)
echo "$machine_start"
find_ghz
mkwork

log "building articled, articlectl, the baseline server and the report tool"
go build -trimpath -o "$work/" ./cmd/articled ./cmd/articlectl ./deploy/ghz/baseline ./deploy/ghz/report
report=$work/report

log "regenerating request data"
go run ./deploy/ghz/gendata -corpus testdata/corpus -out deploy/ghz/data/process.json
# Ingest sends client ids: run again, against any server, it stores nothing
# new (every document after the first round is a duplicate).
go run ./deploy/ghz/gendata -corpus testdata/corpus -ids ghz-corpus- -out deploy/ghz/data/ingest.json
data=deploy/ghz/data/process.json
docs_per_stream=$(grep -c '^{"document"' "$data")

unset "${!ARTICLED_@}"
# ghz is one client, from one address, sending as fast as the server
# answers: articled's per-client limit (--client-rate, 5000 RPCs a second
# by default) would turn every call past it into a cheap RESOURCE_EXHAUSTED
# and measure the limiter. It is raised far above any rate this machine
# reaches, not turned off, so that its check stays in every call.
# shellcheck disable=SC2086 # SERVER_FLAGS is a list of flags
start_server articled "$work/articled.log" "$work/articled" --addr 127.0.0.1:0 --log-format text \
	--client-rate 1000000 ${SERVER_FLAGS:-}
addr=$started_addr
wait_healthy "$addr" "$work/articled.log"
articled_pid=$started_pid
log "articled serving on $addr (pid $started_pid)"

start_server baseline "$work/baseline.log" "$work/baseline" -addr 127.0.0.1:0
base_addr=$started_addr
baseline_pid=$started_pid
log "baseline serving on $base_addr (pid $started_pid)"

# --- load -------------------------------------------------------------------
failed=0
tables=()
cpus=()
# run NAME CONFIG ADDR PID [extra ghz flags]: runs ghz, prints the summary of
# the run and keeps its JSON report for the table, with the CPU time the
# server PID used during the run: CPU per call moves less with a noisy
# machine than calls per second do.
run() {
	local name=$1 cfg=$2 target=$3 pid=$4 before after
	shift 4
	log "ghz: $name ($cfg against $target)"
	before=$(cpu_seconds "$pid")
	"$GHZ" --config "$cfg" "$@" -O json -o "$work/$name.json" "$target"
	after=$(cpu_seconds "$pid")
	if ! "$report" summary "$name" "$work/$name.json"; then
		log "$name: some RPCs did not return OK (see the status codes above)"
		failed=1
	fi
	tables+=("$name=$work/$name.json")
	if [[ -n $before && -n $after ]]; then
		cpus+=(-cpu "$name=$(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.2f", a - b }')")
	fi
}

log "warm-up (not reported)"
"$GHZ" --config deploy/ghz/process.config.json -z 2s -O json -o /dev/null "$addr"
"$GHZ" --config deploy/ghz/process.config.json -z 2s -O json -o /dev/null "$base_addr"

load_before=$(loadavg)
run health deploy/ghz/health.config.json "$addr" "$articled_pid" "$@"
run articled deploy/ghz/process.config.json "$addr" "$articled_pid" "$@"
run baseline deploy/ghz/process.config.json "$base_addr" "$baseline_pid" "$@"
run stream deploy/ghz/process-stream.config.json "$addr" "$articled_pid" "$@"

# Ingest: only when the API has it and this articled serves it.
ingest_note=
if ! grep -q 'rpc Ingest(' proto/article/v1/article.proto; then
	ingest_note="Ingest: skipped, not in proto/article/v1/article.proto"
elif ! "$GHZ" --config deploy/ghz/ingest.config.json -n 1 -z 0 -c 1 --connections 1 -O json -o "$work/ingest-probe.json" "$addr" >"$work/ingest-probe.txt" 2>&1; then
	ingest_note="Ingest: skipped, ghz could not call it: $(head -c 200 "$work/ingest-probe.txt")"
elif grep -q '"Unimplemented"' "$work/ingest-probe.json"; then
	ingest_note="Ingest: skipped, this articled answers UNIMPLEMENTED"
else
	run ingest deploy/ghz/ingest.config.json "$addr" "$articled_pid" "$@"
fi
[[ -z $ingest_note ]] || log "$ingest_note"
load_after=$(loadavg)

echo
echo "Results of one run: client and both servers on one machine; ghz ${ghz_mod:-unknown}, $(go env GOVERSION)"
echo "  $machine_start"
echo "  load average before the measured runs: $load_before, after: $load_after"
"$report" table -messages "stream=$docs_per_stream" "${cpus[@]}" \
	-ratio articled/baseline -ratio articled/health -ratio baseline/health \
	-ratio stream/health -ratio stream/articled -ratio ingest/articled \
	"${tables[@]}"
[[ -z $ingest_note ]] || echo "  $ingest_note"
errors=$(grep -c 'level=ERROR' "$work/articled.log" || true)
echo "  articled log: $errors ERROR lines"
if [[ $errors -gt 0 ]]; then
	grep 'level=ERROR' "$work/articled.log" | head -n 5 >&2
	failed=1
fi
exit "$failed"
