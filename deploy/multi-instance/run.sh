#!/usr/bin/env bash
# The multi-instance test: two exchange instances sharing one PostgreSQL database and one data
# directory, behind nginx, all on loopback, under a mixed workload for DURATION seconds (default
# 65) with instance 1 killed (SIGKILL) at KILL_AT seconds (default 30). Then it checks that the
# ledger has no gap or duplicate, holds every entry the exchange acknowledged and verifies
# (`sluis ledger verify`), that the count constraints held, that a consent revoked through one
# instance was enforced by the other within a second, and that the surviving instance kept
# serving. Prints a summary and exits 0 only if every check passed. Takes about two and a half
# minutes; stops by itself; removes what it made (KEEP=1 keeps the scratch directory).
#
# Needs: a JDK 17+, curl, psql, a PostgreSQL 13+ on PGHOST:PGPORT (default 127.0.0.1:5432) where
# PGUSER (default postgres) may create databases, and nginx (installed with apt-get when missing
# and run as root). Builds the jars with `mvn -DskipTests package` if they are missing.
# Usage: deploy/multi-instance/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
JAR=$ROOT/exchange-core/target/sluis.jar
BENCH=$ROOT/benchmarks/target/benchmarks.jar
DURATION=${DURATION:-65}
KILL_AT=${KILL_AT:-30}
CONCURRENCY=${CONCURRENCY:-16}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}

if [ ! -f "$JAR" ] || [ ! -f "$BENCH" ]; then
  mvn -q -DskipTests package
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$NGINX" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "nginx is not installed: install it (apt-get install nginx-light) or run this as root" >&2
    exit 2
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light > /dev/null ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx > /dev/null
  NGINX=/usr/sbin/nginx
fi

free_port() {
  local p=$1
  while (exec 3<> "/dev/tcp/127.0.0.1/$p") 2> /dev/null; do p=$((p + 1)); done
  echo "$p"
}
P1=$(free_port 18281)
P2=$(free_port $((P1 + 1)))
PLB=$(free_port $((P2 + 1)))
WORK=$(mktemp -d -t sluis-multi-XXXX)
chmod 755 "$WORK" # nginx's workers run as nobody when this runs as root
DB=sluis_multi_$$_$RANDOM
PID1= PID2= NGINX_PID=

cleanup() {
  set +e
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2> /dev/null
  for p in $PID1 $PID2; do kill "$p" 2> /dev/null; done # SIGTERM: they stop in order
  for p in $NGINX_PID $PID1 $PID2; do
    for _ in $(seq 1 150); do kill -0 "$p" 2> /dev/null || break; sleep 0.1; done
    kill -9 "$p" 2> /dev/null
  done
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" > /dev/null
  if [ -n "${KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

psql -q -d postgres -c "CREATE DATABASE $DB" > /dev/null
mkdir -p "$WORK/data" "$WORK/files" "$WORK/nginx" "$WORK/out"

# Both instances: the same database, data directory (keys, CA, operator credentials), files.root
# and public URL (nginx's address: the token issuer and audience), each on its own loopback port.
start() {
  SLUIS_DATA_DIR=$WORK/data SLUIS_FILES_ROOT=$WORK/files SLUIS_HTTP_HOST=127.0.0.1 SLUIS_HTTP_PORT=$2 \
    SLUIS_PUBLIC_URL=http://127.0.0.1:$PLB SLUIS_DB_URL=jdbc:postgresql://$PGHOST:$PGPORT/$DB SLUIS_DB_USER=$PGUSER \
    SLUIS_DB_PASSWORD=${PGPASSWORD:-} SLUIS_LEDGER_CHECKPOINT_SECONDS=2 SLUIS_SHUTDOWN_GRACE_SECONDS=5 \
    java -Xmx512m -jar "$JAR" serve > "$WORK/$1.log" 2>&1 &
}
ready() {
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$1/health/ready" > /dev/null && return 0
    kill -0 "$2" 2> /dev/null || break
    sleep 1
  done
  echo "the exchange on port $1 did not become ready; the end of its log:" >&2
  tail -20 "$3" >&2
  return 1
}
# The second starts once the first is ready: the first start makes the keys, the CA and the operator.
start sluis-1 "$P1"
PID1=$!
disown "$PID1" # the driver kills it; no job report from bash
ready "$P1" "$PID1" "$WORK/sluis-1.log"
start sluis-2 "$P2"
PID2=$!
disown "$PID2"
ready "$P2" "$PID2" "$WORK/sluis-2.log"

# nginx as in deploy/nginx.conf, with every path it writes inside the scratch directory.
N=$WORK/nginx
cat > "$N/nginx.conf" << CONF
worker_processes 2;
pid $N/nginx.pid;
error_log $N/error.log warn;
events {
    worker_connections 1024;
}
http {
    access_log $N/access.log;
    client_body_temp_path $N/client_body;
    proxy_temp_path $N/proxy;
    fastcgi_temp_path $N/fastcgi;
    uwsgi_temp_path $N/uwsgi;
    scgi_temp_path $N/scgi;
    upstream sluis {
        server 127.0.0.1:$P1 max_fails=3 fail_timeout=10s;
        server 127.0.0.1:$P2 max_fails=3 fail_timeout=10s;
        keepalive 32;
    }
    server {
        listen 127.0.0.1:$PLB;
        client_max_body_size 2m;
        location / {
            proxy_pass http://sluis;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_buffering off;
            proxy_read_timeout 300s;
        }
    }
}
CONF
"$NGINX" -p "$N" -e "$N/error.log" -c "$N/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
disown "$NGINX_PID"
ready "$PLB" "$NGINX_PID" "$N/error.log"
echo "instances on 127.0.0.1:$P1 (pid $PID1) and 127.0.0.1:$P2 (pid $PID2), nginx on 127.0.0.1:$PLB, database $DB"

STATUS=0
timeout $((DURATION + 150)) java -Xmx512m -cp "$BENCH" org.sluis.benchmarks.load.MixedWorkload \
  --lb "http://127.0.0.1:$PLB" --a "http://127.0.0.1:$P1" --b "http://127.0.0.1:$P2" \
  --data-dir "$WORK/data" --files-root "$WORK/files" --out "$WORK/out" \
  --duration "$DURATION" --concurrency "$CONCURRENCY" --kill-pid "$PID1" --kill-at "$KILL_AT" || STATUS=$?

if [ -f "$WORK/out/export.ndjson" ]; then
  CHECKPOINTS=()
  for c in "$WORK"/out/checkpoints/*.txt; do CHECKPOINTS+=(--checkpoint "$c"); done
  if VERIFY=$(java -jar "$JAR" ledger verify --export "$WORK/out/export.ndjson" "${CHECKPOINTS[@]}" \
      --key "$(cat "$WORK/out/key.txt")" 2>&1); then
    echo "ledger verify with $((${#CHECKPOINTS[@]} / 2)) checkpoints: $VERIFY -> OK"
  else
    echo "ledger verify: $VERIFY -> FAILED"
    STATUS=1
  fi
elif [ "$STATUS" = 0 ]; then
  STATUS=1 # no export, so nothing was checked
fi
if kill -0 "$PID1" 2> /dev/null; then
  echo "instance 1 (pid $PID1) is still running: it was not killed -> FAILED"
  STATUS=1
fi
PID1=
if [ "$STATUS" = 0 ]; then echo "multi-instance test: PASS"; else echo "multi-instance test: FAIL (exit $STATUS)"; fi
exit "$STATUS"
