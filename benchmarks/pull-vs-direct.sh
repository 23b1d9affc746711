#!/usr/bin/env bash
# Large pulls through the gateway against the same upstream called directly, with the exchange's
# heap capped at 256 MB.
#
# Generates an NDJSON file (default 14 million records, 1.26 GB), serves it from an HTTP upstream
# on loopback (python3's http.server, sending with sendfile), and starts the built exchange
# (exchange-core/target/sluis.jar) with -Xmx256m, a GC log and SLUIS_ALLOW_NETWORKS=127.0.0.1/32
# (so that an HTTP source may be on loopback) on its own embedded PostgreSQL in a scratch directory.
# Then it fetches, each time with curl into a SHA-256 digest (openssl's, else sha256sum):
#   direct  the upstream itself, without the exchange: the most the client, loopback and upstream can do
#           (the fastest of three)
#   plain   an HTTP-source dataset under open-research, no consent: no record-level obligation
#   pseudo  the same upstream as an opt-out health dataset: consent filter (one subject denies) and
#           the identifier pseudonymised, the realistic case
#   file    the pseudo dataset read from the same file on disk instead of over HTTP
# The gateway parses and rewrites every record even when no obligation applies (Transfers.Job), so
# plain measures that path, not a byte copy.
#
# Checks, exiting 1 if one fails: the direct fetch delivered the file (bytes and SHA-256); every
# pull completed with the expected record count, and the client's SHA-256 equals the response's
# X-Sluis-Sha256 trailer, GET /v1/transfers/{id} and the ledger's transfer.completed entry.
# Prints, per fetch, bytes, records, seconds, MB/s (10^6 bytes), records/s, the ratio to direct,
# the exchange's CPU seconds and its peak heap occupancy (from its GC log); the lines after
# "# summary" are key=value pairs for a harness.
#
# Only loopback is used. Every step is bounded in time; the upstream, the exchange (and with it its
# PostgreSQL) and the scratch directory are removed on exit.
#
# Needs: a JDK, curl, jq, python3, awk, openssl or sha256sum; `mvn -DskipTests package` run first.
# Usage: benchmarks/pull-vs-direct.sh [records]   (default 14000000; about 5 minutes on 2 cores)
# Environment: KEEP=1 keeps the scratch directory; JFR=1 also records the exchange with Flight
# Recorder into it (and keeps it); SUMMARY=file writes the summary there too; PULL_TIMEOUT bounds
# each fetch (seconds, default 900).
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${1:-14000000}
PULL_TIMEOUT=${PULL_TIMEOUT:-900}
[[ $RECORDS =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [records], a positive number of records" >&2; exit 2; }
JAR=$PWD/exchange-core/target/sluis.jar
[ -f "$JAR" ] || { echo "$JAR is missing: run mvn -DskipTests package first" >&2; exit 2; }
WORK=$(mktemp -d -t sluis-pullbench-XXXX)
chmod 755 "$WORK"   # the embedded PostgreSQL runs as another user when this runs as root
[ -z "${JFR:-}" ] || KEEP=1
PID= UPID=
cleanup() {
  for p in $PID $UPID; do kill "$p" 2>/dev/null || true; done
  for p in $PID $UPID; do wait "$p" 2>/dev/null || true; done
  if [ -n "${KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,)

mkdir -p "$WORK/files"
python3 - "$WORK/files/big.ndjson" "$RECORDS" <<'EOF'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    buf = []
    for i in range(n):
        buf.append('{"patientId":"p-%d","age":%d,"value":%d,"note":"synthetic vitals record padding"}\n' % (i % 100000, i % 90, i))
        if len(buf) == 100000:
            f.write("".join(buf)); buf = []
    f.write("".join(buf))
EOF
SOURCE_BYTES=$(stat -c %s "$WORK/files/big.ndjson")
# coreutils' sha256sum took six times the CPU of openssl's (which uses SHA-NI) here: under load
# it, not the upstream, limited the direct rate.
if command -v openssl > /dev/null; then DIGEST="openssl dgst -sha256 -r"; else DIGEST=sha256sum; fi
SOURCE_SHA=$($DIGEST "$WORK/files/big.ndjson" | cut -d' ' -f1)
DENIED=$(( RECORDS > 7 ? (RECORDS - 8) / 100000 + 1 : 0 ))   # records of subject p-7, whose consent denies
echo "source: $SOURCE_BYTES bytes, $RECORDS records"

UPORT=$(free_port)
UPSTREAM=http://127.0.0.1:$UPORT
# http.server, but sending the file with sendfile(2): its default 64 KiB copy loop halved the direct rate.
python3 - "$WORK/files" "$UPORT" > "$WORK/upstream.log" 2>&1 <<'EOF' &
import functools, http.server, sys
class Upstream(http.server.SimpleHTTPRequestHandler):
    def copyfile(self, source, outputfile):
        self.connection.sendfile(source)
directory, port = sys.argv[1], int(sys.argv[2])
http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Upstream, directory=directory)).serve_forever()
EOF
UPID=$!

PORT=$(free_port)
SLUIS=http://127.0.0.1:$PORT
JFR_OPTION=()
[ -z "${JFR:-}" ] || JFR_OPTION=(-XX:StartFlightRecording=filename="$WORK/exchange.jfr",settings=profile)
SLUIS_DATA_DIR=$WORK/data SLUIS_FILES_ROOT=$WORK/files SLUIS_HTTP_HOST=127.0.0.1 SLUIS_HTTP_PORT=$PORT \
  SLUIS_PUBLIC_URL=$SLUIS SLUIS_ALLOW_NETWORKS=127.0.0.1/32 \
  java -Xmx256m -Xlog:gc:file="$WORK/gc.log" "${JFR_OPTION[@]}" -jar "$JAR" serve > "$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 180); do curl -sf $SLUIS/health/ready > /dev/null && break; sleep 1; done
curl -sf $SLUIS/health/ready > /dev/null || { echo "the exchange did not start; see $WORK/serve.log"; tail -20 "$WORK/serve.log"; exit 1; }
curl -sf -o /dev/null "$UPSTREAM/" || { echo "the upstream did not start; see $WORK/upstream.log"; cat "$WORK/upstream.log"; exit 1; }

source benchmarks/participants.sh   # after the cd above: the repository root
register hospital '["PROVIDER", "CUSTODIAN"]'
register lab '["CONSUMER"]'
HOSPITAL=$(token hospital)
publish() {   # publish ID SOURCE-JSON: the health dataset of the former bigpull.sh, opt-out, identifier pseudonymised
  jq -n --arg id "$1" --argjson source "$2" '{id: $id, title: "Vitals", domain: "health",
    fields: [{name: "patientId", type: "string", sensitivity: "identifier"},
             {name: "age", type: "integer", sensitivity: "quasi-identifier"},
             {name: "value", type: "number", sensitivity: "sensitive"},
             {name: "note", type: "string", sensitivity: "public"}],
    source: $source, consent: {mode: "opt-out", subjectField: "patientId"},
    offers: [{id: "standard", template: "health-secondary-use", autoAccept: true,
              parameters: {purposes: ["scientific-research"], retentionDays: 30, pseudonymisedFields: ["patientId"]}}]}' |
    $API -H "Authorization: Bearer $HOSPITAL" -H 'Content-Type: application/json' -d @- $SLUIS/v1/datasets > /dev/null
  $API -H "Authorization: Bearer $HOSPITAL" -H 'Content-Type: application/json' $SLUIS/v1/consents \
    -d "{\"consents\": [{\"subject\": \"p-7\", \"datasetId\": \"$1\", \"decision\": \"deny\"}]}" > /dev/null
}
HTTP_SOURCE="{\"type\": \"http\", \"url\": \"$UPSTREAM/big.ndjson\", \"format\": \"ndjson\"}"
jq -n --argjson source "$HTTP_SOURCE" '{id: "plain", title: "Vitals, open", domain: "health",
  fields: [{name: "patientId", type: "string", sensitivity: "public"}, {name: "age", type: "integer", sensitivity: "public"},
           {name: "value", type: "number", sensitivity: "public"}, {name: "note", type: "string", sensitivity: "public"}],
  source: $source,
  offers: [{id: "open", template: "open-research", autoAccept: true, parameters: {attributionText: "Synthetic vitals"}}]}' |
  $API -H "Authorization: Bearer $HOSPITAL" -H 'Content-Type: application/json' -d @- $SLUIS/v1/datasets > /dev/null
publish pseudo "$HTTP_SOURCE"
publish file '{"type": "file", "path": "big.ndjson", "format": "ndjson"}'
LAB=$(token lab)
agree() {
  $API -H "Authorization: Bearer $LAB" -H 'Content-Type: application/json' $SLUIS/v1/negotiations \
    -d "{\"datasetId\": \"$1\", \"offerId\": \"$2\", \"purpose\": \"$3\"}" | jq -r .agreementId
}
declare -A AGREEMENT=([plain]=$(agree plain open research) [pseudo]=$(agree pseudo standard scientific-research)
                      [file]=$(agree file standard scientific-research))
declare -A PURPOSE=([plain]=research [pseudo]=scientific-research [file]=scientific-research)

FAILURES=()
fail() { FAILURES+=("$1"); echo "FAIL: $1"; }
gc_lines() { wc -l < "$WORK/gc.log"; }
# CPU time of the exchange (all its threads: transfer, event loop, GC, JIT), less sensitive to other load than seconds.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
declare -A GC_FROM GC_TO CPU_FROM CPU_TO
# fetch NAME URL [TOKEN]: GETs URL into the digest; leaves NAME.sha, NAME.headers and NAME.curl
# ("status bytes seconds seconds-to-first-byte"), and the GC log lines written meanwhile.
fetch() {
  local name=$1 url=$2 auth=()
  [ -z "${3:-}" ] || auth=(-H "Authorization: Bearer $3")
  GC_FROM[$name]=$(gc_lines)
  CPU_FROM[$name]=$(cpu_ticks)
  if ! curl -sSf --max-time "$PULL_TIMEOUT" -D "$WORK/$name.headers" "${auth[@]}" \
      -w '%{stderr}%{http_code} %{size_download} %{time_total} %{time_starttransfer}\n' "$url" 2> "$WORK/$name.curl" |
      $DIGEST | cut -d' ' -f1 > "$WORK/$name.sha"; then
    fail "$name: the fetch failed: $(head -c 300 "$WORK/$name.curl" | tr '\n' ' ')"
  fi
  GC_TO[$name]=$(gc_lines)
  CPU_TO[$name]=$(cpu_ticks)
}

declare -A BYTES RECS SECS TTFB SHA
# measure_direct: the fastest of three direct fetches, each checked: a few seconds each, and alone
# they varied by a factor of two under other load, taking the ratios with them.
measure_direct() {
  local bytes secs ttfb sha
  for _ in 1 2 3; do
    fetch direct "$UPSTREAM/big.ndjson"
    read -r _ bytes secs ttfb < <(tail -1 "$WORK/direct.curl") || true
    sha=$(cat "$WORK/direct.sha")
    [ "$bytes" = "$SOURCE_BYTES" ] && [ "$sha" = "$SOURCE_SHA" ] ||
      fail "direct: the upstream delivered $bytes bytes with SHA-256 $sha, not the file's $SOURCE_BYTES bytes with $SOURCE_SHA"
    if [ -z "${SECS[direct]:-}" ] || awk -v a="$secs" -v b="${SECS[direct]}" 'BEGIN { exit !(a < b) }'; then
      BYTES[direct]=$bytes SECS[direct]=$secs TTFB[direct]=$ttfb SHA[direct]=$sha
    fi
  done
  RECS[direct]=$RECORDS
}
# measure_pull NAME EXPECTED-RECORDS: pulls NAME's agreement through the gateway and checks it
measure_pull() {
  local name=$1 expected=$2 lab transfer trailer server ledger state
  lab=$(token lab)
  fetch "$name" "$SLUIS/v1/data/${AGREEMENT[$name]}?purpose=${PURPOSE[$name]}" "$lab"
  read -r _ BYTES[$name] SECS[$name] TTFB[$name] < <(tail -1 "$WORK/$name.curl") || true
  SHA[$name]=$(cat "$WORK/$name.sha")
  transfer=$(grep -i '^x-sluis-transfer-id:' "$WORK/$name.headers" | tr -d '\r' | cut -d' ' -f2)
  trailer=$(grep -i '^x-sluis-sha256:' "$WORK/$name.headers" | tr -d '\r' | cut -d' ' -f2)
  if [ -z "$transfer" ]; then RECS[$name]=0; fail "$name: the response named no transfer"; return; fi
  server=$($API -H "Authorization: Bearer $lab" $SLUIS/v1/transfers/$transfer)
  ledger=$($API -H "Authorization: Bearer $(operator)" \
    "$SLUIS/v1/ledger/entries?kind=transfer.completed&agreement=${AGREEMENT[$name]}" |
    jq -r --arg t "$transfer" '[.items[] | select(.entry.body.transfer == $t)][0].entry.body.sha256')
  state=$(echo "$server" | jq -r .state)
  RECS[$name]=$(echo "$server" | jq -r .records)
  echo "$name: transfer $transfer $state; sha256 client ${SHA[$name]}, trailer $trailer, transfer $(echo "$server" | jq -r .sha256), ledger $ledger"
  [ "$state" = completed ] || fail "$name: transfer $transfer is $state: $(echo "$server" | jq -c .)"
  [ "${RECS[$name]}" = "$expected" ] || fail "$name: $expected records expected, the transfer counted ${RECS[$name]}"
  [ "$(echo "$server" | jq -r .bytes)" = "${BYTES[$name]}" ] ||
    fail "$name: the client received ${BYTES[$name]} bytes, the transfer counted $(echo "$server" | jq -r .bytes)"
  [ "${SHA[$name]}" = "$trailer" ] && [ "${SHA[$name]}" = "$(echo "$server" | jq -r .sha256)" ] && [ "${SHA[$name]}" = "$ledger" ] ||
    fail "$name: the SHA-256 of the client, of the trailer, of GET /v1/transfers/$transfer and of the ledger differ"
}

measure_direct
measure_pull plain "$RECORDS"
measure_pull pseudo $((RECORDS - DENIED))
measure_pull file $((RECORDS - DENIED))
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,)

# The GC log's "Pause ... 120M->20M(256M)": occupancy before and after each collection, in MB.
heap() {   # heap FROM TO: "peak-before max-after full-collections" over those lines of the log
  sed -n "$(($1 + 1)),$2p" "$WORK/gc.log" | awk '
    /Pause Full/ { full++ }
    match($0, /[0-9]+M->[0-9]+M\(/) { split(substr($0, RSTART, RLENGTH - 1), m, "->"); b = m[1] + 0; a = m[2] + 0
                                       if (b > peak) peak = b; if (a > after) after = a; n++ }
    END { if (n == 0) print "none none " full + 0; else print peak, after, full + 0 }'
}
rate() { awk -v x="$1" -v s="$2" -v d="$3" 'BEGIN { printf "%.*f", d, (s > 0 ? x / s : 0) }'; }   # rate X SECONDS DECIMALS
SUMMARY_LINES=("bench=pull-vs-direct" "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)" "cores=$(nproc)" "load_start=$LOAD_START"
               "load_end=$LOAD_END" "client_digest=${DIGEST%% *}" "heap_max_mb=256" "source_bytes=$SOURCE_BYTES" "source_records=$RECORDS")
TICK=$(getconf CLK_TCK)
printf '%-7s %14s %11s %8s %7s %10s %6s %10s %8s %11s %9s %5s\n' \
  fetch bytes records seconds MB/s records/s ratio first-byte cpu-s records/cpu-s peak-heap full
for name in direct plain pseudo file; do
  peak=- after=- full=- cpu=- rpc=-   # the exchange idles while the upstream is fetched directly
  if [ "$name" != direct ]; then
    read -r peak after full < <(heap "${GC_FROM[$name]}" "${GC_TO[$name]}")
    cpu=$(rate $((CPU_TO[$name] - CPU_FROM[$name])) "$TICK" 2)
    rpc=$(rate "${RECS[$name]}" "$cpu" 0)
  fi
  mbs=$(rate "$(rate "${BYTES[$name]}" 1000000 6)" "${SECS[$name]}" 1)
  rps=$(rate "${RECS[$name]}" "${SECS[$name]}" 0)
  ratio=$(rate "${SECS[direct]}" "${SECS[$name]}" 3)
  printf '%-7s %14s %11s %8.2f %7s %10s %6s %9.3fs %8s %13s %6s MB %5s\n' "$name" "${BYTES[$name]}" "${RECS[$name]}" \
    "${SECS[$name]}" "$mbs" "$rps" "$ratio" "${TTFB[$name]}" "$cpu" "$rpc" "$peak" "$full"
  SUMMARY_LINES+=("${name}_bytes=${BYTES[$name]}" "${name}_records=${RECS[$name]}" "${name}_seconds=${SECS[$name]}"
                  "${name}_mb_per_s=$mbs" "${name}_records_per_s=$rps" "${name}_ratio=$ratio"
                  "${name}_first_byte_seconds=${TTFB[$name]}")
  [ "$name" = direct ] || SUMMARY_LINES+=("${name}_exchange_cpu_seconds=$cpu" "${name}_records_per_cpu_s=$rpc" "${name}_heap_peak_mb=$peak" "${name}_heap_after_gc_max_mb=$after" "${name}_full_gcs=$full")
done
read -r peak after full < <(heap 0 "$(gc_lines)")
echo "exchange heap over the whole run (-Xmx256m): peak occupancy $peak MB before a collection, at most $after MB after one, $full full collections"
echo "plain pull byte-identical to the upstream: $([ "${SHA[plain]}" = "$SOURCE_SHA" ] && echo yes || echo no)"
echo "machine: $(nproc) cores, load average $LOAD_START at the start, $LOAD_END at the end"
SUMMARY_LINES+=("plain_identical=$([ "${SHA[plain]}" = "$SOURCE_SHA" ] && echo true || echo false)" "heap_peak_mb=$peak"
                "heap_after_gc_max_mb=$after" "full_gcs=$full" "failures=${#FAILURES[@]}"
                "result=$([ ${#FAILURES[@]} -eq 0 ] && echo ok || echo fail)")
echo "# summary"
printf '%s\n' "${SUMMARY_LINES[@]}"
[ -z "${SUMMARY:-}" ] || printf '%s\n' "${SUMMARY_LINES[@]}" > "$SUMMARY"
[ ${#FAILURES[@]} -eq 0 ]
