#!/usr/bin/env bash
# Regenerate examples/: a small, self-contained mutual-TLS client chain for demos (scripts/run) and
# CLI tests. Needs bash and the openssl 3.x CLI. Keys are fresh on each run; the certificates are
# valid for 20 years from the day they are made.
#
#   examples/root.pem          "certchain Example Root CA" (self-signed; use it with --trust)
#   examples/intermediate.pem  "certchain Example Issuing CA" (issued by the root)
#   examples/client.pem        "integration.example.com" (issued by the intermediate; clientAuth)
#   examples/client.key        the client's private key (PKCS#8, unencrypted; an example, not a secret)
#   examples/chain.pem         client + intermediate: what an API client sends to Salesforce on :8443
#   examples/fullcert.pem      private key + client + intermediate: the file for `curl -E`
set -euo pipefail
export LC_ALL=C

out=$(cd "$(dirname "$0")/.." && pwd)/examples
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

cat >"$work/ext.cnf" <<'CNF'
[issuing]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
subjectAltName = DNS:integration.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

days=7300
q() { "$@" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }; }
q openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/root.key"
q openssl req -new -x509 -key "$work/root.key" -subj "/O=certchain examples/CN=certchain Example Root CA" \
  -days "$days" -sha256 -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$out/root.pem"

issue() { # issue <name> <subject> <issuer> <section>
  q openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/$1.key"
  q openssl req -new -key "$work/$1.key" -subj "$2" -out "$work/$1.csr"
  q openssl x509 -req -in "$work/$1.csr" -CA "$out/$3.pem" -CAkey "$work/$3.key" -set_serial "0x$(openssl rand -hex 8)" \
    -days "$days" -sha256 -extfile "$work/ext.cnf" -extensions "$4" -out "$out/$1.pem"
}
issue intermediate "/O=certchain examples/CN=certchain Example Issuing CA" root issuing
issue client "/O=certchain examples/CN=integration.example.com" intermediate client
cp "$work/client.key" "$out/client.key"
cat "$out/client.pem" "$out/intermediate.pem" >"$out/chain.pem"
cat "$out/client.key" "$out/chain.pem" >"$out/fullcert.pem"
openssl verify -purpose sslclient -CAfile "$out/root.pem" -untrusted "$out/intermediate.pem" "$out/client.pem" >/dev/null
echo "wrote $out"
