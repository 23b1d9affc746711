#!/usr/bin/env bash
# Small pulls through the gateway against the same upstream called directly and through a plain
# nginx reverse proxy, and contract request to signed agreement, with wrk, on loopback.
#
# The upstream is an nginx serving a fixed NDJSON file of 10 records (about 1 KB). In front of it:
#   direct          nothing: wrk calls the upstream itself
#   nginx           a second nginx as a plain reverse proxy (keep-alive connections to the upstream)
#   gateway-open    the exchange (exchange-core/target/sluis.jar serve, on its own embedded
#                   PostgreSQL): an HTTP-source dataset under open-research; every request is a
#                   token check, an access decision, a durable access.permitted entry, the pull from
#                   the upstream and a durable transfer.completed entry
#   gateway-health  the same upstream as an opt-out health dataset under health-secondary-use:
#                   consent filter (one subject denies) and patientId pseudonymised
# Each target gets the same load: a warm-up, then THROUGHPUT_SECONDS at CONNECTIONS connections
# (requests/s, p50, p99), then LATENCY_SECONDS at one connection (p50 and p99 unloaded: the added
# latency). Then NEGOTIATIONS auto-accepted POST /v1/negotiations at NEGOTIATION_CONNECTIONS
# connections, each answered with the signed agreement (p50, p99).
#
# Checks, exiting 1 if one fails: every target answers the expected records before the load; no
# request errs or answers other than 2xx during it; each gateway run grew the ledger by at least two
# entries per request wrk counted; every negotiation answered 201 with an agreementId.
#
# Only loopback is used. Every wrk run is bounded in time (and the negotiations in count too); the
# nginx instances, the exchange (and its PostgreSQL) and the scratch directory are removed on exit.
#
# Needs: a JDK, curl, jq, python3, wrk and nginx (installed with apt-get when missing and running as
# root); `mvn -DskipTests package` run first.
# Usage: benchmarks/load.sh OUT-DIR   (about 3.5 minutes; writes OUT-DIR/load-*.json and OUT-DIR/load.env)
# Environment: CONNECTIONS (64), WRK_THREADS (2), WARMUP_SECONDS (10), THROUGHPUT_SECONDS (20),
# LATENCY_SECONDS (10), NEGOTIATIONS (2000), NEGOTIATION_CONNECTIONS (8), EXCHANGE_OPTS (-Xmx1g),
# TARGETS (direct nginx gateway-open gateway-health), JFR=1 records the exchange with Flight Recorder
# into OUT-DIR/load-exchange.jfr, KEEP=1 keeps the scratch directory.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: $0 OUT-DIR" >&2; exit 2; }
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
CONNECTIONS=${CONNECTIONS:-64} WRK_THREADS=${WRK_THREADS:-2} WARMUP_SECONDS=${WARMUP_SECONDS:-10}
THROUGHPUT_SECONDS=${THROUGHPUT_SECONDS:-20} LATENCY_SECONDS=${LATENCY_SECONDS:-10}
NEGOTIATIONS=${NEGOTIATIONS:-2000} NEGOTIATION_CONNECTIONS=${NEGOTIATION_CONNECTIONS:-8}
EXCHANGE_OPTS=${EXCHANGE_OPTS:--Xmx1g} TARGETS=${TARGETS:-direct nginx gateway-open gateway-health}
JAR=$PWD/exchange-core/target/sluis.jar
[ -f "$JAR" ] || { echo "$JAR is missing: run mvn -DskipTests package first" >&2; exit 2; }
for tool in wrk nginx; do
  command -v $tool > /dev/null || [ -x /usr/sbin/$tool ] || {
    [ "$(id -u)" = 0 ] || { echo "$tool is missing: apt-get install $tool (as root)" >&2; exit 2; }
    echo "installing $tool (Debian package)"
    apt-get install -y -q $tool > /dev/null || { apt-get update -q > /dev/null && apt-get install -y -q $tool > /dev/null; }
  }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
export BENCH_LUA_DIR=$PWD/benchmarks/load
WORK=$(mktemp -d -t sluis-loadbench-XXXX)
chmod 755 "$WORK"   # nginx's workers and the embedded PostgreSQL run as other users when this runs as root
PID= UP_PID= PROXY_PID=
cleanup() {
  for p in $PID $UP_PID $PROXY_PID; do kill "$p" 2>/dev/null || true; done
  for p in $PID $UP_PID $PROXY_PID; do wait "$p" 2>/dev/null || true; done
  if [ -n "${KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The upstream's file: 10 records of a health dataset, about 1 KB.
mkdir -p "$WORK/up/html" "$WORK/proxy"
for i in $(seq 0 9); do
  printf '{"patientId":"p-%06d","age":%d,"systolic":%d,"diastolic":%d,"heartRate":%d,"note":"synthetic vitals, ward %d"}\n' \
    "$i" $((30 + i * 5)) $((110 + i)) $((70 + i)) $((60 + i * 2)) $((i % 3))
done > "$WORK/up/html/small.ndjson"
SMALL_BYTES=$(stat -c %s "$WORK/up/html/small.ndjson")
UP_PORT=$(free_port) PROXY_PORT=$(free_port)
nginx_conf() {   # nginx_conf PREFIX PORT SERVER-BODY: an nginx in the foreground with everything under PREFIX
  cat <<EOF
daemon off;
worker_processes auto;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $1/tmp; proxy_temp_path $1/tmp; fastcgi_temp_path $1/tmp; uwsgi_temp_path $1/tmp; scgi_temp_path $1/tmp;
  keepalive_requests 1000000;
  $3
  server { listen 127.0.0.1:$2; $4 }
}
EOF
}
nginx_conf "$WORK/up" "$UP_PORT" "types { application/x-ndjson ndjson; }" "root $WORK/up/html;" > "$WORK/up/nginx.conf"
nginx_conf "$WORK/proxy" "$PROXY_PORT" "upstream up { server 127.0.0.1:$UP_PORT; keepalive 64; }" \
  'location / { proxy_pass http://up; proxy_http_version 1.1; proxy_set_header Connection ""; }' > "$WORK/proxy/nginx.conf"
"$NGINX" -p "$WORK/up" -c "$WORK/up/nginx.conf" > "$WORK/up/stdout.log" 2>&1 &
UP_PID=$!
"$NGINX" -p "$WORK/proxy" -c "$WORK/proxy/nginx.conf" > "$WORK/proxy/stdout.log" 2>&1 &
PROXY_PID=$!

PORT=$(free_port)
SLUIS=http://127.0.0.1:$PORT
JFR_OPTION=()
[ -z "${JFR:-}" ] || JFR_OPTION=(-XX:StartFlightRecording=filename="$OUT/load-exchange.jfr",settings=profile)
# shellcheck disable=SC2086 # EXCHANGE_OPTS is a list of JVM options
SLUIS_DATA_DIR=$WORK/data SLUIS_HTTP_HOST=127.0.0.1 SLUIS_HTTP_PORT=$PORT SLUIS_PUBLIC_URL=$SLUIS \
  SLUIS_ALLOW_NETWORKS=127.0.0.1/32 java $EXCHANGE_OPTS "${JFR_OPTION[@]}" -jar "$JAR" serve > "$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 180); do curl -sf $SLUIS/health/ready > /dev/null && break; sleep 1; done
curl -sf $SLUIS/health/ready > /dev/null || { echo "the exchange did not start; see $WORK/serve.log"; tail -20 "$WORK/serve.log"; exit 1; }
for port in $UP_PORT $PROXY_PORT; do
  cmp -s <(curl -sf --max-time 10 "http://127.0.0.1:$port/small.ndjson") "$WORK/up/html/small.ndjson" ||
    { echo "nginx on port $port does not serve the upstream file"; cat "$WORK"/*/error.log "$WORK"/*/stdout.log; exit 1; }
done
# The embedded PostgreSQL's version, from the binaries the exchange unpacked.
POSTGRES_BIN=$(find "$WORK/data" -path '*/bin/postgres' -type f | head -1)
PG_VERSION=$([ -n "$POSTGRES_BIN" ] && "$POSTGRES_BIN" --version || echo unknown)

source benchmarks/participants.sh   # after the cd above: the repository root
register hospital '["PROVIDER", "CUSTODIAN"]'
register lab '["CONSUMER"]'
HOSPITAL=$(token hospital)
SOURCE="{\"type\": \"http\", \"url\": \"http://127.0.0.1:$UP_PORT/small.ndjson\", \"format\": \"ndjson\"}"
fields() {   # fields SENSITIVITY-OF-patientId
  jq -n --arg s "$1" '[{name: "patientId", type: "string", sensitivity: $s}, {name: "age", type: "integer", sensitivity: "quasi-identifier"},
    {name: "systolic", type: "integer", sensitivity: "sensitive"}, {name: "diastolic", type: "integer", sensitivity: "sensitive"},
    {name: "heartRate", type: "integer", sensitivity: "sensitive"}, {name: "note", type: "string", sensitivity: "public"}]'
}
jq -n --argjson source "$SOURCE" --argjson fields "$(fields public)" '{id: "small-open", title: "Vitals, open", domain: "health",
  fields: $fields, source: $source,
  offers: [{id: "open", template: "open-research", autoAccept: true, parameters: {attributionText: "Synthetic vitals"}}]}' |
  $API -H "Authorization: Bearer $HOSPITAL" -H 'Content-Type: application/json' -d @- $SLUIS/v1/datasets > /dev/null
jq -n --argjson source "$SOURCE" --argjson fields "$(fields identifier)" '{id: "small-health", title: "Vitals", domain: "health",
  fields: $fields, source: $source, consent: {mode: "opt-out", subjectField: "patientId"},
  offers: [{id: "standard", template: "health-secondary-use", autoAccept: true,
            parameters: {purposes: ["scientific-research"], retentionDays: 30, pseudonymisedFields: ["patientId"]}}]}' |
  $API -H "Authorization: Bearer $HOSPITAL" -H 'Content-Type: application/json' -d @- $SLUIS/v1/datasets > /dev/null
$API -H "Authorization: Bearer $HOSPITAL" -H 'Content-Type: application/json' $SLUIS/v1/consents \
  -d '{"consents": [{"subject": "p-000007", "datasetId": "small-health", "decision": "deny"}]}' > /dev/null
LAB=$(token lab)
agree() {
  $API -H "Authorization: Bearer $LAB" -H 'Content-Type: application/json' $SLUIS/v1/negotiations \
    -d "{\"datasetId\": \"$1\", \"offerId\": \"$2\", \"purpose\": \"$3\"}" | jq -r .agreementId
}
declare -A URL=([direct]=http://127.0.0.1:$UP_PORT/small.ndjson [nginx]=http://127.0.0.1:$PROXY_PORT/small.ndjson
                [gateway-open]="$SLUIS/v1/data/$(agree small-open open research)?purpose=research"
                [gateway-health]="$SLUIS/v1/data/$(agree small-health standard scientific-research)?purpose=scientific-research")
declare -A RECORDS=([direct]=10 [nginx]=10 [gateway-open]=10 [gateway-health]=9)

FAILURES=()
fail() { FAILURES+=("$1"); echo "FAIL: $1"; }
ledger_size() { $API -X POST -H "Authorization: Bearer $(operator)" $SLUIS/v1/ledger/checkpoint | sed -n 2p; }
cpu_ticks() {   # cpu_ticks PID...: CPU ticks of these processes and their children (nginx's workers)
  local total=0 p
  for p in "$@" $(for q in "$@"; do pgrep -P "$q" || true; done); do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo $total
}
declare -A SERVER_PIDS=([direct]="$UP_PID" [nginx]="$PROXY_PID" [gateway-open]="$PID" [gateway-health]="$PID")
TICK=$(getconf CLK_TCK)
# run_wrk NAME OUTPUT CONNECTIONS THREADS SECONDS [TOKEN]: one bounded wrk run of the pull script
run_wrk() {
  BENCH_TOKEN=${6:-} WRK_OUT=$OUT/$2 timeout $(($5 + 30)) wrk -t "$4" -c "$3" -d "${5}s" --timeout 10s \
    -s "$BENCH_LUA_DIR/pull.lua" "${URL[$1]}" > "$WORK/$2.txt" 2>&1 || fail "$1: wrk failed: $(tail -3 "$WORK/$2.txt")"
  jq -e '.requests > 0 and ([.errors[]] | add) == 0' "$OUT/$2" > /dev/null 2>&1 ||
    fail "$1: the run had errors or no requests: $(cat "$OUT/$2" 2>/dev/null || cat "$WORK/$2.txt")"
}
printf '%s\n' "load_start=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,)" "postgres_version=$PG_VERSION" \
  "upstream_bytes=$SMALL_BYTES" "connections=$CONNECTIONS" "wrk_threads=$WRK_THREADS" "warmup_seconds=$WARMUP_SECONDS" \
  "throughput_seconds=$THROUGHPUT_SECONDS" "latency_seconds=$LATENCY_SECONDS" "negotiation_connections=$NEGOTIATION_CONNECTIONS" \
  "nginx_version=$("$NGINX" -v 2>&1 | sed 's/^nginx version: //')" "wrk_version=$(wrk -v 2>&1 | head -1 | cut -d' ' -f2)" > "$OUT/load.env"
for name in $TARGETS; do
  auth=
  if [[ $name == gateway-* ]]; then auth=$(token lab); fi   # tokens last five minutes: one per target
  body=$(curl -sS --max-time 10 ${auth:+-H "Authorization: Bearer $auth"} "${URL[$name]}")
  [ "$(printf '%s' "$body" | grep -c .)" = "${RECORDS[$name]}" ] ||
    { fail "$name: ${RECORDS[$name]} records expected before the load, found: $(printf '%s' "$body" | head -c 300)"; continue; }
  echo "$name: warm-up ${WARMUP_SECONDS}s, ${THROUGHPUT_SECONDS}s at $CONNECTIONS connections, ${LATENCY_SECONDS}s at 1"
  run_wrk "$name" "load-$name-warmup.json" "$CONNECTIONS" "$WRK_THREADS" "$WARMUP_SECONDS" "$auth"
  [[ $name != gateway-* ]] || before=$(ledger_size)
  cpu_from=$(cpu_ticks ${SERVER_PIDS[$name]})
  run_wrk "$name" "load-$name.json" "$CONNECTIONS" "$WRK_THREADS" "$THROUGHPUT_SECONDS" "$auth"
  cpu=$(( $(cpu_ticks ${SERVER_PIDS[$name]}) - cpu_from ))
  echo "${name}_server_cpu_seconds=$(awk -v t="$cpu" -v h="$TICK" 'BEGIN { printf "%.2f", t / h }')" >> "$OUT/load.env"
  if [[ $name == gateway-* ]]; then
    entries=$(( $(ledger_size) - before ))
    requests=$(jq .requests "$OUT/load-$name.json")
    echo "${name}_ledger_entries=$entries" >> "$OUT/load.env"
    [ "$entries" -ge $((2 * requests)) ] || fail "$name: $requests requests but only $entries new ledger entries"
  fi
  run_wrk "$name" "load-$name-latency.json" 1 1 "$LATENCY_SECONDS" "$auth"
  jq -c '{requests, duration_us, latency_us}' "$OUT/load-$name.json"
done

# Contract request to signed agreement: each POST answers with the agreement the notary signed.
echo "negotiations: $NEGOTIATIONS at $NEGOTIATION_CONNECTIONS connections"
PER_THREAD=$(( (NEGOTIATIONS + 1) / 2 ))
before=$(ledger_size)
# wrk's threads stop after their share, but wrk itself sleeps out its duration unless interrupted:
# each thread leaves a marker file when done, and SIGINT ends wrk once both have.
BENCH_TOKEN=$(token lab) BENCH_PER_THREAD=$PER_THREAD WRK_OUT=$OUT/load-negotiations.json BENCH_MARKER=$WORK/negotiations.done \
  BENCH_BODY='{"datasetId": "small-health", "offerId": "standard", "purpose": "scientific-research"}' \
  timeout 200 wrk -t 2 -c "$NEGOTIATION_CONNECTIONS" -d 170s --timeout 10s -s "$BENCH_LUA_DIR/negotiate.lua" \
  "$SLUIS/v1/negotiations" > "$WORK/negotiations.txt" 2>&1 &
WRK_PID=$!
while kill -0 $WRK_PID 2>/dev/null && [ "$(find "$WORK" -name 'negotiations.done.*' | wc -l)" -lt 2 ]; do sleep 0.2; done
kill -INT $WRK_PID 2>/dev/null || true
wait $WRK_PID || fail "negotiations: wrk failed: $(tail -3 "$WORK/negotiations.txt")"
jq -e --argjson n "$((2 * PER_THREAD))" '.agreed == .responses and .responses >= $n' "$OUT/load-negotiations.json" > /dev/null 2>&1 ||
  fail "negotiations: $((2 * PER_THREAD)) agreements or more expected, every answer an agreement: $(cat "$OUT/load-negotiations.json" 2>/dev/null || cat "$WORK/negotiations.txt")"
echo "negotiation_ledger_entries=$(( $(ledger_size) - before ))" >> "$OUT/load.env"
jq -c '{requests, responses, agreed, latency_us}' "$OUT/load-negotiations.json"
{
  echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,)"
  echo "failures=${#FAILURES[@]}"
  echo "result=$([ ${#FAILURES[@]} -eq 0 ] && echo ok || echo fail)"
} >> "$OUT/load.env"
cat "$OUT/load.env"
[ ${#FAILURES[@]} -eq 0 ]
