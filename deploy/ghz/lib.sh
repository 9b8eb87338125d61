# shellcheck shell=bash
# Helpers shared by run.sh and rss.sh; sourced, not run. The caller has set
# `set -euo pipefail` and cd'ed to the repository root.

log() { printf '==> %s\n' "$*" >&2; }

# find_ghz sets GHZ (and ghz_mod, its module version) to the ghz pinned in
# tools/versions.env, installed by `make ghz` into bin/tools; a ghz on PATH
# is never used, since an old one silently gives other numbers. $GHZ, when
# set, is used as given, with a warning when it is not the pinned version.
find_ghz() {
	local pinned
	pinned=$(sed -n 's/^GHZ_VERSION=//p' tools/versions.env)
	if [[ -z ${GHZ:-} ]]; then
		make -s ghz >&2
		GHZ=$PWD/bin/tools/ghz
	fi
	# shellcheck disable=SC2034 # used by the sourcing script
	ghz_mod=$(go version -m "$GHZ" 2>/dev/null | awk '$1 == "mod" { print $3; exit }')
	if [[ $ghz_mod != "$pinned" ]]; then
		log "warning: $GHZ is ghz ${ghz_mod:-of unknown version}, not the pinned $pinned (tools/versions.env)"
	fi
}

cpu_model() {
	local m
	m=$(awk -F': *' '/^(model name|Model|cpu model)[[:space:]]*:/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
	printf '%s' "${m:-unknown CPU model}"
}
loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }
# cpu_seconds PID: the user and system CPU time PID has used, in seconds
# (fields 14 and 15 of /proc/PID/stat, after the command name), or empty.
cpu_seconds() {
	local ticks
	ticks=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $12 + $13}') || return 0
	[[ -n $ticks ]] && awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'
}
machine() {
	printf 'machine: %s CPUs (nproc), %s; load average (1/5/15 min) %s\n' "$(nproc)" "$(cpu_model)" "$(loadavg)"
}

# --- servers ----------------------------------------------------------------
# mkwork creates the scratch directory $work; cleanup (the EXIT trap) stops
# every server started with start_server and removes it.
mkwork() {
	work=$(mktemp -d "${TMPDIR:-/tmp}/articled-load.XXXXXX")
	server_pids=()
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	local pid
	for pid in "${server_pids[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in "${server_pids[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$work"
}

# listening_addr PID prints the IPv4 HOST:PORT PID listens on, when it
# listens on exactly one TCP socket (read from /proc, Linux only).
listening_addr() {
	local pid=$1 inodes hexip hexport
	local -a addrs=()
	inodes=$(for fd in /proc/"$pid"/fd/*; do readlink "$fd" 2>/dev/null || true; done |
		sed -n 's/^socket:\[\([0-9]*\)\]$/\1/p' | tr '\n' ' ')
	[[ -n $inodes ]] || return 0
	while read -r hexip hexport; do
		addrs+=("$((16#${hexip:6:2})).$((16#${hexip:4:2})).$((16#${hexip:2:2})).$((16#${hexip:0:2})):$((16#$hexport))")
	done < <(awk -v inodes=" $inodes" 'FNR > 1 && $4 == "0A" && index(inodes, " " $10 " ") {
		split($2, a, ":"); print a[1], a[2] }' /proc/net/tcp 2>/dev/null)
	if [[ ${#addrs[@]} -eq 1 ]]; then
		printf '%s\n' "${addrs[0]}"
	fi
}

# start_server NAME LOG CMD...: runs CMD in the background with $work as its
# working directory (so nothing it writes lands in the tree) and its stderr in
# LOG, then waits for the "serving addr=HOST:PORT" line both articled and the
# baseline print; when there is none after a second (articled at
# --log-level=warn does not log it), the one TCP port the process listens on
# is taken. Sets started_pid and started_addr. Port 0 lets the kernel pick a
# free port.
start_server() {
	local name=$1 logf=$2 i
	shift 2
	: >"$logf" # exists before the loop below reads it
	(cd "$work" && exec "$@") 2>"$logf" &
	started_pid=$!
	server_pids+=("$started_pid")
	started_addr=
	for i in $(seq 100); do
		started_addr=$(sed -n 's/.*serving addr=\([^ ]*\).*/\1/p' "$logf" | head -n 1)
		if [[ -z $started_addr && $i -gt 10 ]]; then
			started_addr=$(listening_addr "$started_pid")
		fi
		[[ -n $started_addr ]] && break
		if ! kill -0 "$started_pid" 2>/dev/null; then
			cat "$logf" >&2
			log "$name exited before serving"
			return 1
		fi
		sleep 0.1
	done
	if [[ -z $started_addr ]]; then
		cat "$logf" >&2
		log "$name did not report a listening address"
		return 1
	fi
}

# wait_healthy ADDR LOG: waits until articled's health service answers
# SERVING (grpcurl if installed, else `articlectl policies --addr`).
wait_healthy() {
	local addr=$1 logf=$2
	for _ in $(seq 50); do
		if command -v grpcurl >/dev/null 2>&1; then
			grpcurl -plaintext -max-time 1 "$addr" grpc.health.v1.Health/Check 2>/dev/null | grep -q '"SERVING"' && return 0
		else
			"$work/articlectl" policies --addr "$addr" --timeout 1s >/dev/null 2>&1 && return 0
		fi
		sleep 0.1
	done
	cat "$logf" >&2
	log "articled at $addr never became healthy"
	return 1
}
