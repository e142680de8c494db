#!/usr/bin/env bash
# Regenerates crates/core/tests/fixtures/s_client/*.txt: real `openssl s_client` output against
# `openssl s_server` on 127.0.0.1 with certificates made here. Nothing leaves the machine.
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/crates/core/tests/fixtures/s_client"
mkdir -p "$out"
tmp="$(mktemp -d)"; trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
cd "$tmp"
mk() { # name subject issuer-name(or self) ext
  openssl req -new -newkey rsa:2048 -nodes -keyout "$1.key" -subj "$2" -out "$1.csr" 2>/dev/null
}
mk root "/CN=Probe Test Root"
openssl x509 -req -in root.csr -signkey root.key -days 3650 -out root.pem \
  -extfile <(printf 'basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n') 2>/dev/null
mk inter "/CN=Probe Test Intermediate"
openssl x509 -req -in inter.csr -CA root.pem -CAkey root.key -CAcreateserial -days 3650 -out inter.pem \
  -extfile <(printf 'basicConstraints=critical,CA:true,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n') 2>/dev/null
mk server "/CN=localhost"
openssl x509 -req -in server.csr -CA inter.pem -CAkey inter.key -CAcreateserial -days 365 -out server.pem \
  -extfile <(printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n') 2>/dev/null
mk client "/CN=Probe Client"
openssl x509 -req -in client.csr -CA inter.pem -CAkey inter.key -CAcreateserial -days 365 -out client.pem \
  -extfile <(printf 'extendedKeyUsage=clientAuth\n') 2>/dev/null
mk other "/CN=Other Client CA"
openssl x509 -req -in other.csr -signkey other.key -days 3650 -out other.pem \
  -extfile <(printf 'basicConstraints=critical,CA:true\n') 2>/dev/null
# An expired server certificate: OpenSSL 3.0's x509 cannot back-date, `openssl ca` can.
mkdir -p ca/new && : >ca/index.txt && echo 1000 >ca/serial
cat >ca.cnf <<CNF
[ca]
default_ca = d
[d]
dir = ca
database = ca/index.txt
new_certs_dir = ca/new
serial = ca/serial
default_md = sha256
policy = p
copy_extensions = none
[p]
commonName = supplied
[ext]
subjectAltName = DNS:localhost,IP:127.0.0.1
extendedKeyUsage = serverAuth
CNF
mk expired "/CN=localhost"
openssl ca -batch -config ca.cnf -cert inter.pem -keyfile inter.key -in expired.csr -out expired.pem \
  -startdate 20200101000000Z -enddate 20210101000000Z -extensions ext -notext 2>/dev/null
cat client.pem inter.pem > client-chain.pem
cat server.pem inter.pem > server-chain.pem
port=$((20000 + RANDOM % 20000))
run() { # name "server args" "client args"
  openssl s_server -accept "127.0.0.1:$port" -naccept 1 -quiet $2 >/dev/null 2>&1 &
  local pid=$!; sleep 1
  (sleep 1; echo Q) | openssl s_client -connect "127.0.0.1:$port" -servername localhost -showcerts $3 >"$out/$1.txt" 2>&1 || true
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  port=$((port + 1))
}
run mtls-ok "-cert server.pem -cert_chain inter.pem -key server.key -Verify 2 -verify_return_error -CAfile root.pem" \
  "-cert client.pem -cert_chain inter.pem -key client.key -CAfile root.pem"
run mtls-no-intermediate "-cert server.pem -cert_chain inter.pem -key server.key -Verify 2 -verify_return_error -CAfile root.pem" \
  "-cert client.pem -key client.key -CAfile root.pem"
run mtls-no-client-cert "-cert server.pem -cert_chain inter.pem -key server.key -Verify 2 -verify_return_error -CAfile root.pem" \
  "-CAfile root.pem"
# OpenSSL 3.0 s_server has no -client_CAfile: -CAfile both sets the verify store and the CA names sent.
run ca-names-exclude "-cert server.pem -cert_chain inter.pem -key server.key -verify 2 -CAfile other.pem" \
  "-cert client.pem -cert_chain inter.pem -key client.key -CAfile root.pem"
run server-leaf-only "-cert server.pem -key server.key" "-CAfile root.pem"
run tls12 "-cert server.pem -cert_chain inter.pem -key server.key -tls1_2 -verify 2 -CAfile root.pem" "-CAfile root.pem"
run tls13 "-cert server.pem -cert_chain inter.pem -key server.key -tls1_3" "-CAfile root.pem"
run server-expired "-cert expired.pem -cert_chain inter.pem -key expired.key" "-CAfile root.pem"
# TLS 1.2 with a client leaf sent without its intermediate.
run tls12-no-intermediate "-cert server.pem -cert_chain inter.pem -key server.key -tls1_2 -Verify 2 -verify_return_error -CAfile root.pem" \
  "-cert client.pem -key client.key -CAfile root.pem"
# Version mismatch: a TLS 1.3-only server, a TLS 1.2-only client.
run version-mismatch "-cert server.pem -cert_chain inter.pem -key server.key -tls1_3" "-tls1_2 -CAfile root.pem"
# Wrong key: s_client checks the key against -cert and stops before it connects.
run wrong-key "-cert server.pem -cert_chain inter.pem -key server.key -Verify 2 -CAfile root.pem" \
  "-cert client.pem -cert_chain inter.pem -key other.key -CAfile root.pem"
# A plain-HTTP port.
python3 -m http.server --bind 127.0.0.1 "$port" >/dev/null 2>&1 &
hpid=$!; sleep 1
(sleep 1; echo Q) | openssl s_client -connect "127.0.0.1:$port" -servername localhost -showcerts >"$out/plain-http.txt" 2>&1 || true
kill "$hpid" 2>/dev/null || true; wait "$hpid" 2>/dev/null || true
port=$((port + 1))
# A silent server (accepts TCP, never answers): s_client waits until `timeout` stops it.
python3 -c 'import socket,sys,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1); c,_=s.accept(); time.sleep(6)' "$port" &
spid=$!; sleep 1
(sleep 4) | timeout 3 stdbuf -oL -eL openssl s_client -connect "127.0.0.1:$port" -servername localhost -showcerts >"$out/silent-server.txt" 2>&1 || true
kill "$spid" 2>/dev/null || true; wait "$spid" 2>/dev/null || true
# closed port: nothing listens
openssl s_client -connect "127.0.0.1:1" -showcerts >"$out/closed-port.txt" 2>&1 </dev/null || true
cp client-chain.pem "$out/client-chain.pem"; cp root.pem "$out/root.pem"
openssl version >"$out/OPENSSL_VERSION"
# The handshake finding codes' scenarios (tests/fixtures/codes/<code>/, checked by
# crates/core/tests/codes.rs) use these same outputs; their options.json and expect.json are
# written by hand and name no certificate hash, so regenerating keeps them valid.
codes="$(dirname "$out")/../../../../tests/fixtures/codes"
scenario() { # code file...
  local dir="$codes/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do cp "$out/$f" "$dir/$f"; done
}
scenario handshake_completed mtls-ok.txt client-chain.pem root.pem
scenario handshake_alert mtls-no-intermediate.txt client-chain.pem root.pem
scenario handshake_incomplete silent-server.txt
scenario connect_failed closed-port.txt
scenario not_tls plain-http.txt
scenario tls_version_mismatch version-mismatch.txt
scenario client_failed wrong-key.txt client-chain.pem
scenario no_client_cert_requested tls13.txt client-chain.pem root.pem
scenario client_ca_not_listed ca-names-exclude.txt client-chain.pem root.pem
scenario server_verify_failed server-leaf-only.txt root.pem
scenario mutual_auth_failed client-chain.pem root.pem
