#!/usr/bin/env python3
"""Writes the starting seeds of every fuzz target into fuzz/seeds/<target>/ from tests/fixtures.

Each target reads a few option bytes first (see src/lib.rs), so a seed is those bytes followed by
a fixture. Run from the repository root; `scripts/fuzz` copies the seeds into fuzz/corpus/ (which
is not committed) before fuzzing. Usage: fuzz/make-seeds.py [explain-messages.txt]
"""
import os, sys

INPUTS = "tests/fixtures/inputs"
SPLIT = b"#%#%"
# Indexes into NAMES and PASSWORDS of src/lib.rs.
NAMES = ["chain.pem", "cert.der", "cert.crt", "cert.cer", "store.p12", "store.pfx", "store.jks", "store.jceks",
         "client.key", "bundle.p7b", "pasted text", "", "noext", "a.b.c.PEM", "ünïcödé.pem", "csr.csr"]
PW = {None: 0, "": 1, "secret": 2, "storepass": 3, "changeit": 4, "otherpass": 5, "wrong": 6}


def read(name):
    with open(os.path.join(INPUTS, name), "rb") as f:
        return f.read()


def write(target, name, data):
    d = os.path.join("fuzz/seeds", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def password_of(name):
    if name.endswith((".jks", ".jceks")):
        return "changeit" if name == "changeit.jks" else "storepass"
    if name in ("empty-password.p12", "unencrypted.p12"):
        return ""
    if name == "keytool.p12" or name == "truststore.p12":
        return "storepass"
    return "secret" if ("enc" in name or "legacy" in name or name.endswith(".p12")) else None


# decode: name byte, password byte, then a fixture (small ones).
decode_files = ["leaf.der", "chain.p7b", "crl.der", "csr.der", "ec256-sec1.der", "leaf-enc.der", "leaf-pkcs1.der",
                "chain.pem", "ec256-legacy-aes192.pem", "ec256-enc-pbe3des.pem", "trusted.pem", "signed-ber.p7m",
                "truststore.jks", "truststore.p12", "ed25519.key", "ec384-params.pem"]
for f in decode_files:
    ext = f.rsplit(".", 1)[-1]
    name = {"der": 1, "p7b": 9, "pem": 0, "p7m": 12, "jks": 6, "p12": 4, "key": 8}[ext]
    write("decode", f, bytes([name, PW[password_of(f)]]) + read(f))

# keystore: name byte (p12, pfx, jks, jceks, keystore, upload.bin), password byte, the store.
for f in ["modern.p12", "legacy.p12", "nomac.p12", "empty-password.p12", "unencrypted.p12", "truststore.p12",
          "keytool.p12", "store.jks", "store.jceks", "truststore.jks", "changeit.jks", "jks-keypass-differs.jks"]:
    name = 0 if f.endswith(".p12") else 2 if f.endswith(".jks") else 3
    write("keystore", f, bytes([name, PW[password_of(f)]]) + read(f))
    if f in ("modern.p12", "store.jks"):
        write("keystore", f + "-nopass", bytes([name, 0]) + read(f))

# pem: name, password, then the generator's ops: encoding, eol, then operations.
#   7 k      = whole PEM file k;   0 l / 1 l = BEGIN/END label l;
#   2 d 0 0 0 0 = base64 of DER d, unmutated, 64 wide;   10 l d = one-line block;  9 p = prefix.
pem_ops = {
    "files": [0, 0, 0, 0] + [7, 0, 7, 1, 7, 2, 7, 4, 7, 5, 7, 6, 7, 7, 7, 8, 7, 9],
    "crlf-quoted": [0, 0, 0, 1, 9, 2, 7, 0, 9, 0, 7, 3],
    "json-escaped": [0, 0, 0, 3, 12, 1, 7, 0, 12, 2],
    "utf16": [0, 0, 2, 0, 7, 0, 7, 1],
    "blocks": [0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0, 0, 7, 2, 3, 0, 0, 0, 0, 1, 7, 0, 8, 2, 4, 0, 0, 0, 0, 1, 8],
    "oneline": [0, 0, 0, 0, 10, 0, 0, 10, 7, 3, 6, 4, 5, 7, 2],
    "legacy-headers": [0, 2, 0, 0, 0, 9, 5, 0, 5, 1, 6, 2, 4, 0, 0, 0, 0, 1, 9],
}
for name, ops in pem_ops.items():
    write("pem", name, bytes(ops))

# analyze: 5 option bytes (flow/purpose, trust/host, time/eku/ku, depth/expiry/password, policy
# inputs), then the inputs. a=0 inbound, b=0 Salesforce / 2 custom / 1 Mozilla, c=0 2025-11, d=0,
# e=0 default policy inputs (bit 0 explicit policy, 1 inhibit mapping, 2 inhibit anyPolicy,
# (e>>3)%4 == 2 user set {1.3.6.1.4.1.55555.7.1}).
chain, key, root = read("chain.pem"), read("leaf.key"), read("root.pem")


def policy(name):
    with open(os.path.join("tests/fixtures/policy", name + ".pem"), "rb") as f:
        return f.read()


cases = {
    "chain-key": (bytes([0, 0, 0, 0, 0]), [chain, key]),
    "chain-custom-root": (bytes([0, 2, 0, 0, 0]), [chain, key, root]),
    "leaf-int-custom": (bytes([4, 2 + 3 * 2, 0, 0, 0]), [read("leaf.pem"), read("int.pem"), root]),
    "der-csr-mozilla": (bytes([2, 1, 1, 3, 0]), [read("leaf.der"), read("csr.pem"), read("crl.pem")]),
    "p12": (bytes([3, 2, 0, 40, 0]), [read("modern.p12"), root]),
    "jks": (bytes([3, 0, 6, 60, 0]), [read("store.jks")]),
    "p7b-enc-key": (bytes([1, 2, 2, 40, 0]), [read("chain.p7b"), read("leaf-enc-aes256.pem"), root]),
    # Certificate policies (tests/fixtures/policy): a mapping CA, explicit policy required, with
    # the user set {P1}; inhibitPolicyMapping above a mapping CA; inhibitAnyPolicy.
    "policy-mapping": (bytes([4, 2, 0, 0, 1 | 2 << 3]),
                       [policy("leaf-map-p2") + policy("ca-map"), policy("root")]),
    "policy-inhibit-mapping": (bytes([4, 2, 0, 0, 0]),
                               [policy("leaf-ipm-p2") + policy("sub-map") + policy("ca-ipm0"), policy("root")]),
    "policy-inhibit-any": (bytes([4, 2, 0, 0, 4]),
                           [policy("leaf-iap-p1") + policy("ca-iap0") + policy("ca-map-any"), policy("root")]),
}
for name, (head, parts) in cases.items():
    data = head + SPLIT.join(parts)
    write("analyze", name, data)
    # emit: alias byte, password byte (index into [None, "", "secret", ...]), then the analysis case.
    write("emit", name, bytes([1, 2]) + data)

# explain: report byte (odd = with the fixture report), then a message.
# One message per line, as quoted in crates/core/tests/explain.rs (`\n` = a line break).
with open(sys.argv[1] if len(sys.argv) > 1 else "fuzz/seeds-explain-messages.txt", encoding="utf-8") as f:
    messages = [line.strip().strip('"').replace("\\n", "\n").encode() for line in f if line.strip()]
for i, m in enumerate(messages[:24]):
    write("explain", f"msg{i:02}", bytes([i % 2]) + m)

# orglist: the synthetic cacerts.jsp page, PEM roots with fingerprints, aliases and a key.
with open("tests/fixtures/trust/synthetic-cacerts-page.html", "rb") as f:
    write("orglist", "cacerts-page.html", f.read())
write("orglist", "roots-and-key", root + b"\n" + read("int.pem") + b"\n" + read("ec256.key"))
write("orglist", "fingerprints", b"# roots\n"
      b"SHA-256 Fingerprint: 3E:90:99:B5:01:5E:8F:48:6C:00:BC:EA:9D:11:1E:E7:21:FA:BA:35:5A:89:BC:F1:DF:69:56:1E:3D:C6:32:5C\n"
      b"digicertglobalrootg2\n0123456789abcdef0123456789abcdef01234567\n")
write("orglist", "chain", chain)

# revocation: time byte (0 = 2020-01-01), then certificates and CRLs, the trusted root last.
# Seeded with NIST PKITS paths (../shared/conformance/pkits, public-domain NIST data; skipped when
# absent) covering each RFC 5280 §6.3 shape, and the fixtures' chain with its CRL.
import subprocess
PKITS = "../shared/conformance/pkits"
PKITS_SEEDS = [
    "ValidSeparateCertificateandCRLKeysTest19", "InvalidSeparateCertificateandCRLKeysTest20",
    "ValidBasicSelfIssuedNewWithOldTest3", "ValidBasicSelfIssuedCRLSigningKeyTest6",
    "ValidIDPwithindirectCRLTest22", "ValidcRLIssuerTest28", "ValidcRLIssuerTest30", "InvalidcRLIssuerTest31",
    "ValiddeltaCRLTest2", "InvaliddeltaCRLTest4", "ValiddeltaCRLTest7", "ValiddistributionPointTest1",
    "ValidonlySomeReasonsTest18", "InvalidBadCRLSignatureTest4", "MissingCRLTest1", "InvalidUnknownCRLEntryExtensionTest8",
]


def openssl(*args, data=None):
    return subprocess.run(["openssl", *args], input=data, capture_output=True, check=True).stdout


if os.path.isdir(PKITS):
    anchor = openssl("x509", "-inform", "DER", "-in", f"{PKITS}/certs/TrustAnchorRootCertificate.crt")
    anchor_crl = openssl("crl", "-inform", "DER", "-in", f"{PKITS}/crls/TrustAnchorRootCRL.crl")
    for test in PKITS_SEEDS:
        p7 = openssl("smime", "-pk7out", "-in", f"{PKITS}/smime/Signed{test}.eml")
        bundle = openssl("pkcs7", "-print_certs", data=p7)
        write("revocation", test, bytes([0]) + SPLIT.join([bundle, anchor_crl, anchor]))
else:
    print(f"{PKITS} not found: revocation seeds from PKITS not written", file=sys.stderr)
write("revocation", "fixtures-chain-crl", bytes([1]) + SPLIT.join([read("chain.pem"), read("crl.pem"), read("root.pem")]))
