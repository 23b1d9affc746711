# Sourced by the benchmark scripts (load.sh, pull-vs-direct.sh): logging in as the operator and
# registering participants through the API, as an operator would with the CLI and curl.
# Needs JAR (the exchange's jar), SLUIS (its base URL) and WORK (a scratch directory with the
# exchange's data in $WORK/data); defines CLI, API, OPERATOR and the functions below.
CLI="timeout 60 java -jar $JAR"
API="curl -sSf --max-time 60"
operator() { $CLI token --url $SLUIS --key-file "$WORK/data/operator.key.pem" --cert-file "$WORK/data/operator.cert.pem"; }
OPERATOR=$(operator)
register() {   # register ID ROLES-JSON: a key pair, a CSR, the certificate the exchange's CA issues
  $CLI keygen --id "$1" --out "$WORK/creds" > /dev/null
  jq -n --rawfile csr "$WORK/creds/$1.csr.pem" --arg id "$1" --argjson roles "$2" \
    '{id: $id, name: "Org \($id)", registrationNumber: "41215422", region: "NL-NH", roles: $roles, csr: $csr}' |
    $API -H "Authorization: Bearer $OPERATOR" -H 'Content-Type: application/json' -d @- $SLUIS/v1/participants |
    jq -r '.certificate, .caChain[]' > "$WORK/creds/$1.cert.pem"
}
token() { $CLI token --url $SLUIS --key-file "$WORK/creds/$1.key.pem" --cert-file "$WORK/creds/$1.cert.pem"; }
