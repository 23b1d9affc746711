#!/usr/bin/env bash
# One command for every figure of DESIGN.md's performance budgets, in one run on this machine,
# written to benchmarks/RESULTS.md (regenerated, never edited by hand).
#
#   1. builds benchmarks/target/benchmarks.jar and exchange-core/target/sluis.jar if missing
#      (BUILD=1 builds anyway);
#   2. records the machine: cores, memory, kernel, JDK, PostgreSQL, load average;
#   3. runs the JMH benchmarks with short settings (results as JMH JSON);
#   4. runs benchmarks/load.sh: small pulls through the gateway vs. the upstream directly vs. nginx,
#      contract request to signed agreement (wrk; nginx and wrk installed from Debian if missing);
#   5. runs benchmarks/pull-vs-direct.sh at full size (1.26 GB through the gateway vs. directly);
#   6. generates benchmarks/RESULTS.md from those files with benchmarks/results.py.
# The machine-readable results stay in benchmarks/target/results/. Every step is bounded in time
# and only uses loopback; the scripts stop what they started and remove their scratch directories.
#
# Usage: benchmarks/run-all.sh   (about 13 minutes on 2 cores, plus the build)
# Environment: BENCH_DB_URL, an admin JDBC URL of a PostgreSQL for the JMH ledger benchmarks
# (default: an embedded PostgreSQL per trial, as the exchange uses); BUILD=1; PULL_RECORDS
# (default 14000000); MAVEN_OPTS_REPO, extra Maven arguments (e.g. -Dmaven.repo.local=...).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/benchmarks/target/results
COMMAND="benchmarks/run-all.sh"
STARTED=$(date +%s)
rm -rf "$OUT"
mkdir -p "$OUT"
load() { cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,; }
FAILED=()
step() {   # step NAME SECONDS COMMAND...: runs a bounded step, logging to OUT/NAME.log, timing it
  local name=$1 limit=$2 from rc
  shift 2
  from=$(date +%s)
  echo "== $name (at most ${limit}s, load average $(load))"
  timeout --kill-after=30 "$limit" "$@" > >(tee "$OUT/$name.log") 2>&1
  rc=$?
  echo "${name}_seconds=$(( $(date +%s) - from ))" >> "$OUT/steps.env"
  echo "${name}_exit=$rc" >> "$OUT/steps.env"
  [ $rc -eq 0 ] || { FAILED+=("$name"); echo "== $name failed (exit $rc); see $OUT/$name.log"; }
}

if [ -n "${BUILD:-}" ] || [ ! -f benchmarks/target/benchmarks.jar ] || [ ! -f exchange-core/target/sluis.jar ]; then
  # shellcheck disable=SC2086 # MAVEN_OPTS_REPO is a list of Maven arguments
  step build 1200 mvn -q ${MAVEN_OPTS_REPO:-} -DskipTests package || true
fi

postgres_client=$(psql --version 2>/dev/null || echo "none")
{
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "host=$(hostname)"
  echo "cores=$(nproc)"
  echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "memory_mb=$(awk '/MemTotal/ { printf "%d", $2 / 1024 }' /proc/meminfo)"
  echo "kernel=$(uname -sr)"
  echo "os=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
  echo "java=$(java -version 2>&1 | sed -n 2p)"
  echo "psql=$postgres_client"
  echo "bench_db=${BENCH_DB_URL:+server $(echo "$BENCH_DB_URL" | sed 's/password=[^&]*/password=***/')}"
  echo "git_commit=$(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')"
  echo "load_start=$(load)"
  echo "command=$COMMAND"
} > "$OUT/machine.env"

if [ -f benchmarks/target/benchmarks.jar ]; then
  DB_PROPS=()
  [ -z "${BENCH_DB_URL:-}" ] || DB_PROPS=(-Dsluis.bench.dbUrl="$BENCH_DB_URL")
  # JMH refuses to run while another JMH run holds /tmp/jmh.lock. On a shared machine that may be
  # someone else's: run anyway (the report says so) rather than skip every micro-benchmark.
  if command -v lslocks > /dev/null && lslocks -n -o PATH 2>/dev/null | grep -qx /tmp/jmh.lock; then
    echo "jmh_concurrent=another JMH run held /tmp/jmh.lock when these started" >> "$OUT/machine.env"
  fi
  DB_PROPS+=(-Djmh.ignoreLock=true)
  jmh() {   # jmh NAME SECONDS JMH-ARGUMENTS...: one JMH run, results in OUT/jmh-NAME.json
    local name=$1 limit=$2
    shift 2
    step "jmh-$name" "$limit" java "${DB_PROPS[@]}" -jar benchmarks/target/benchmarks.jar "$@" -rf json -rff "$OUT/jmh-$name.json"
    echo "jmh-$name: $(printf '%q ' "$@")" >> "$OUT/jmh-arguments.txt"
  }
  jmh decision 120 'DecisionBenchmark' -p consentMode=opt-in -wi 2 -w 2s -i 3 -r 2s
  jmh token 120 'TokenValidationBenchmark' -wi 2 -w 2s -i 3 -r 2s
  jmh stream 240 'ConsentFilterBenchmark.stream$|PipelineBenchmark' -p memo=true -p obligations=none,consent+pseudonymise \
    -p digest=true -wi 2 -w 2s -i 3 -r 2s
  jmh cpu 240 'CanonicalJsonBenchmark|MerkleBenchmark' -wi 2 -w 1s -i 3 -r 1s
  jmh ledger 600 'LedgerAppendBenchmark|LedgerProofBenchmark' -wi 1 -w 4s -i 3 -r 4s
else
  FAILED+=("jmh (no benchmarks.jar)")
fi

step load 900 benchmarks/load.sh "$OUT"
step pull 1500 env SUMMARY="$OUT/pull.env" PULL_TIMEOUT=600 benchmarks/pull-vs-direct.sh "${PULL_RECORDS:-14000000}"

{
  echo "load_end=$(load)"
  echo "total_seconds=$(( $(date +%s) - STARTED ))"
  echo "failed_steps=${FAILED[*]}"
} >> "$OUT/machine.env"
python3 benchmarks/results.py "$OUT" "$ROOT/../shared/DESIGN.md" > benchmarks/RESULTS.md ||
  { echo "the report could not be generated"; exit 1; }
echo "wrote benchmarks/RESULTS.md in $(( $(date +%s) - STARTED ))s; the machine-readable results are in $OUT"
[ ${#FAILED[@]} -eq 0 ] || { echo "failed steps: ${FAILED[*]}"; exit 1; }
