#!/usr/bin/env bash
# A pull of more than 1 GB through the gateway with the exchange's heap capped at 256 MB.
#
# Starts the built exchange (exchange-core/target/sluis.jar) with -Xmx256m and a GC log on its own
# embedded PostgreSQL in a scratch directory, publishes a generated NDJSON file of 14 million
# records (1.26 GB) as an opt-out health dataset whose identifier is pseudonymised, records one
# denial, pulls it as a consumer, and checks that the SHA-256 the client computed equals the one in
# GET /v1/transfers/{id} and in the ledger's transfer.completed entry. Prints the throughput and
# the largest heap occupancy the GC log saw. Exits 1 if a digest differs or the pull did not complete.
#
# Needs: a JDK, curl, jq, python3, sha256sum; `mvn -DskipTests package` run first.
# Usage: benchmarks/bigpull.sh [records]      (default 14000000; takes about a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${1:-14000000}
JAR=$PWD/exchange-core/target/sluis.jar
WORK=$(mktemp -d -t sluis-bigpull-XXXX)
chmod 755 "$WORK"   # the embedded PostgreSQL runs as another user when this runs as root
PORT=18191
SLUIS=http://localhost:$PORT
CLI="java -jar $JAR"
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT

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
echo "source: $(stat -c %s "$WORK/files/big.ndjson") bytes, $RECORDS records"

SLUIS_DATA_DIR=$WORK/data SLUIS_FILES_ROOT=$WORK/files SLUIS_HTTP_PORT=$PORT \
  java -Xmx256m -Xlog:gc:file="$WORK/gc.log" -jar "$JAR" serve > "$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 180); do curl -sf $SLUIS/health/ready > /dev/null && break; sleep 1; done
curl -sf $SLUIS/health/ready > /dev/null || { echo "the exchange did not start; see $WORK/serve.log"; tail -20 "$WORK/serve.log"; exit 1; }

OPERATOR=$($CLI token --url $SLUIS --key-file "$WORK/data/operator.key.pem" --cert-file "$WORK/data/operator.cert.pem")
register() {
  $CLI keygen --id "$1" --out "$WORK/creds" > /dev/null
  jq -n --rawfile csr "$WORK/creds/$1.csr.pem" --arg id "$1" --argjson roles "$2" \
    '{id: $id, name: "Org \($id)", registrationNumber: "41215422", region: "NL-NH", roles: $roles, csr: $csr}' |
    curl -sf -H "Authorization: Bearer $OPERATOR" -H 'Content-Type: application/json' -d @- $SLUIS/v1/participants |
    jq -r '.certificate, .caChain[]' > "$WORK/creds/$1.cert.pem"
}
token() { $CLI token --url $SLUIS --key-file "$WORK/creds/$1.key.pem" --cert-file "$WORK/creds/$1.cert.pem"; }
register hospital '["PROVIDER", "CUSTODIAN"]'
register lab '["CONSUMER"]'
HOSPITAL=$(token hospital)
curl -sf -H "Authorization: Bearer $HOSPITAL" -H 'Content-Type: application/json' $SLUIS/v1/datasets -d '{
  "id": "big", "title": "Big", "domain": "health",
  "fields": [{"name": "patientId", "type": "string", "sensitivity": "identifier"},
             {"name": "age", "type": "integer", "sensitivity": "quasi-identifier"},
             {"name": "value", "type": "number", "sensitivity": "sensitive"},
             {"name": "note", "type": "string", "sensitivity": "public"}],
  "source": {"type": "file", "path": "big.ndjson", "format": "ndjson"},
  "consent": {"mode": "opt-out", "subjectField": "patientId"},
  "offers": [{"id": "standard", "template": "health-secondary-use", "autoAccept": true,
              "parameters": {"purposes": ["scientific-research"], "retentionDays": 30, "pseudonymisedFields": ["patientId"]}}]}' > /dev/null
curl -sf -H "Authorization: Bearer $HOSPITAL" -H 'Content-Type: application/json' $SLUIS/v1/consents \
  -d '{"consents": [{"subject": "p-7", "datasetId": "big", "decision": "deny"}]}' > /dev/null
LAB=$(token lab)
AGREEMENT=$(curl -sf -H "Authorization: Bearer $LAB" -H 'Content-Type: application/json' $SLUIS/v1/negotiations \
  -d '{"datasetId": "big", "offerId": "standard", "purpose": "scientific-research"}' | jq -r .agreementId)

START=$(date +%s.%N)
curl -sf -D "$WORK/headers" -H "Authorization: Bearer $LAB" "$SLUIS/v1/data/$AGREEMENT?purpose=scientific-research" |
  tee >(wc -c > "$WORK/bytes") | sha256sum | cut -d' ' -f1 > "$WORK/sha"
END=$(date +%s.%N)
sleep 1
TRANSFER=$(grep -i '^x-sluis-transfer-id:' "$WORK/headers" | tr -d '\r' | cut -d' ' -f2)
LAB=$(token lab)
SERVER=$(curl -sf -H "Authorization: Bearer $LAB" $SLUIS/v1/transfers/$TRANSFER)
LEDGER=$(curl -sf -H "Authorization: Bearer $($CLI token --url $SLUIS --key-file "$WORK/data/operator.key.pem" --cert-file "$WORK/data/operator.cert.pem")" \
  "$SLUIS/v1/ledger/entries?kind=transfer.completed&agreement=$AGREEMENT" | jq -r '.items[0].entry.body.sha256')
BYTES=$(cat "$WORK/bytes")
SECONDS_TAKEN=$(echo "$END - $START" | bc)
PEAK=$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$WORK/gc.log" | sed 's/M->.*//' | sort -n | tail -1)
FULL=$(grep -c 'Pause Full' "$WORK/gc.log" || true)

echo "delivered: $BYTES bytes, $(echo "$SERVER" | jq .records) records in ${SECONDS_TAKEN}s ($(echo "$BYTES / $SECONDS_TAKEN / 1048576" | bc) MiB/s)"
echo "state: $(echo "$SERVER" | jq -r .state); heap: -Xmx256m, peak occupancy ${PEAK} MB before a collection, $FULL full collections"
echo "sha256 client:   $(cat "$WORK/sha")"
echo "sha256 transfer: $(echo "$SERVER" | jq -r .sha256)"
echo "sha256 ledger:   $LEDGER"
[ "$(echo "$SERVER" | jq -r .state)" = completed ] && [ "$(cat "$WORK/sha")" = "$(echo "$SERVER" | jq -r .sha256)" ] && [ "$LEDGER" = "$(cat "$WORK/sha")" ]
