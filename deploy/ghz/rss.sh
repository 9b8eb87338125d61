#!/usr/bin/env bash
# Bounded-resources check of articled.
#
#   bash deploy/ghz/rss.sh [GHZ FLAGS...]
#
# Builds articled and starts it on a free loopback port with its defaults,
# then:
#
# 1. runs 64 concurrent clients (ghz, 64 connections with one call each, as
#    deploy/ghz/rss.config.json says) sending 1 MiB documents, built by
#    gendata from corpus bodies, to Process for 30 s, while sampling VmRSS
#    and VmHWM of the server from /proc/PID/status every 0.5 s; it prints the
#    peak, the number of requests and errors;
# 2. sends, each on a fresh connection, documents that must be refused with
#    RESOURCE_EXHAUSTED: 10 MiB with 100k nested elements (over the gRPC
#    message cap, --max-message-bytes), 4.5 MiB of plain corpus HTML (under
#    the message cap, over --max-document-bytes) and 2 MiB with 100k nested
#    elements (under both, over --max-nesting-depth), printing the status,
#    the message and how long the refusal took.
#
# Any arguments are passed to the 30 s ghz run (e.g. `-z 60s`).
#
# Environment:
#   GHZ               as for run.sh
#   SERVER_FLAGS      extra articled flags, e.g. "--max-message-bytes=2097152"
#   SERVER_ENV        extra environment for articled, e.g. "GOMEMLIMIT=200MiB";
#                     ARTICLED_*, GOGC, GOMEMLIMIT and GODEBUG of the calling
#                     environment are ignored, so by default articled runs
#                     exactly with its built-in defaults
#   RSS_BUDGET_MIB    peak RSS (VmHWM) above which the check fails (256;
#                     0: report only)
#
# Exit status: non-zero when a step fails, a load call did not return OK, a
# refusal did not return RESOURCE_EXHAUSTED, or the peak RSS is over the
# budget. No time is compared to a threshold.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
# shellcheck source=deploy/ghz/lib.sh
source deploy/ghz/lib.sh

budget=${RSS_BUDGET_MIB:-256}
machine_start=$(machine)
echo "$machine_start"
find_ghz
mkwork

log "building articled, articlectl and the report tool"
go build -trimpath -o "$work/" ./cmd/articled ./cmd/articlectl ./deploy/ghz/report
report=$work/report

log "generating documents"
go run ./deploy/ghz/gendata -bytes 1048576 -out deploy/ghz/data/big.json
go run ./deploy/ghz/gendata -bytes 10485760 -depth 100000 -out "$work/nested-10MiB.json"
go run ./deploy/ghz/gendata -bytes 4718592 -out "$work/plain-4.5MiB.json"
go run ./deploy/ghz/gendata -bytes 2097152 -depth 100000 -out "$work/nested-2MiB.json"

unset "${!ARTICLED_@}" GOGC GOMEMLIMIT GODEBUG
# shellcheck disable=SC2086 # SERVER_ENV and SERVER_FLAGS are lists
start_server articled "$work/articled.log" env ${SERVER_ENV:-} "$work/articled" --addr 127.0.0.1:0 --log-format text ${SERVER_FLAGS:-}
addr=$started_addr
pid=$started_pid
wait_healthy "$addr" "$work/articled.log"
log "articled serving on $addr (pid $pid)${SERVER_FLAGS:+, flags: $SERVER_FLAGS}${SERVER_ENV:+, env: $SERVER_ENV}"

# status_kib: "VmRSS VmHWM" of the server in KiB.
status_kib() {
	awk '$1 == "VmRSS:" { r = $2 } $1 == "VmHWM:" { h = $2 } END { if (r == "") exit 1; print r, h }' "/proc/$pid/status"
}
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }

read -r idle_rss idle_hwm < <(status_kib)

# --- 1: 64 clients x 1 MiB documents ------------------------------------------
failed=0
(
	while kill -0 "$pid" 2>/dev/null; do
		status_kib || break
		sleep 0.5
	done
) >"$work/rss.samples" &
sampler=$!
server_pids+=("$sampler")

log "ghz: 64 clients x 1 MiB documents (deploy/ghz/rss.config.json)"
load_before=$(loadavg)
"$GHZ" --config deploy/ghz/rss.config.json "$@" -O json -o "$work/rss.json" "$addr"
load_after=$(loadavg)
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
read -r after_rss hwm < <(status_kib)
samples=$(wc -l <"$work/rss.samples")
peak_rss=$(awk 'BEGIN { m = 0 } $1 > m { m = $1 } END { print m }' "$work/rss.samples")

echo
if ! "$report" summary load "$work/rss.json"; then
	log "load: some RPCs did not return OK (see the status codes above)"
	failed=1
fi

# --- 2: documents that must be refused ----------------------------------------
# refuse NAME FILE: one Process call with FILE's request on a fresh connection.
refuse() {
	local name=$1 file=$2
	log "ghz: one $name document, expecting RESOURCE_EXHAUSTED"
	"$GHZ" --config deploy/ghz/rss.config.json -D "$file" -n 1 -z 0 -c 1 --connections 1 -t 60s \
		-O json -o "$work/$name.json" "$addr"
	if ! "$report" summary -expect ResourceExhausted "$name" "$work/$name.json"; then
		failed=1
	fi
}
refuse nested-10MiB "$work/nested-10MiB.json"
refuse plain-4.5MiB "$work/plain-4.5MiB.json"
refuse nested-2MiB "$work/nested-2MiB.json"
read -r final_rss final_hwm < <(status_kib)

# --- results ------------------------------------------------------------------
echo
echo "Results of one run: client and server on one machine; ghz ${ghz_mod:-unknown}, $(go env GOVERSION)"
echo "  $machine_start"
echo "  load average before the 30 s load: $load_before, after: $load_after"
[[ -z ${SERVER_FLAGS:-}${SERVER_ENV:-} ]] || echo "  articled started with: ${SERVER_ENV:-} ${SERVER_FLAGS:-}"
"$report" table load="$work/rss.json"
echo "  RSS of articled, $samples samples every 0.5 s during the load:"
echo "    idle before:               VmRSS $(mib "$idle_rss") (VmHWM $(mib "$idle_hwm"))"
echo "    peak sampled VmRSS:        $(mib "$peak_rss")"
echo "    VmHWM after the load:      $(mib "$hwm") (the kernel's peak RSS)"
echo "    VmRSS right after the load: $(mib "$after_rss")"
echo "    after the refusals:        VmRSS $(mib "$final_rss"), VmHWM $(mib "$final_hwm")"
echo "  refusals (one call each, on a fresh connection; time as ghz measures the call):"
"$report" calls nested-10MiB="$work/nested-10MiB.json" plain-4.5MiB="$work/plain-4.5MiB.json" nested-2MiB="$work/nested-2MiB.json"
# A message over --max-message-bytes is refused by grpc-go before any
# handler or interceptor runs, so articled's per-RPC log may not show it.
logged=$(grep -c 'code=ResourceExhausted' "$work/articled.log" || true)
echo "  articled's log has $logged code=ResourceExhausted RPC lines for these 3 refusals"
if [[ $budget -gt 0 && $final_hwm -gt $((budget * 1024)) ]]; then
	echo "  peak RSS $(mib "$final_hwm") is over the budget of $budget MiB"
	failed=1
fi
errors=$(grep -c 'level=ERROR' "$work/articled.log" || true)
echo "  articled log: $errors ERROR lines"
if [[ $errors -gt 0 ]]; then
	grep 'level=ERROR' "$work/articled.log" | head -n 5 >&2
	failed=1
fi
exit "$failed"
