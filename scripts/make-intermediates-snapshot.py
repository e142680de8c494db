#!/usr/bin/env python3
"""Generate certchain's bundled intermediate-CA snapshot (crates/pki/data/intermediates.*).

Developer tool (Python 3.11 + pyca/cryptography: `pip install -r scripts/generators-requirements.txt`,
the version this was run with). Building or
running certchain never needs it, nor ../shared, nor the network: its output is committed.

Input: a pinned copy of CCADB's public report `AllCertificatePEMsCSVFormat` (every CA certificate
disclosed to the Common CA Database), as kept by ../shared/ccadb/ (README there: source repository
crtsh/ccadb_data, commit, date, SHA256SUMS). Every input file is checked against SHA256SUMS.

Kept: the intermediates a TLS client or server chain could use, that is certificates that are
  * not self-signed (self-issued with a signature under their own key),
  * CA certificates (basicConstraints cA = TRUE),
  * unexpired on the snapshot date (notBefore <= date <= notAfter),
  * allowed for TLS: no EKU, or an EKU with serverAuth, clientAuth or anyExtendedKeyUsage,
  * chained, with every signature verified, through kept certificates to a root of certchain's
    bundled trust snapshot (crates/pki/data/roots.der: Mozilla's store plus the JDK roots).

Outputs (deterministic for the same inputs and --generated-on):
  * intermediates.der  the kept certificates' DER, concatenated in intermediates.tsv order.
  * intermediates-meta.tsv  the provenance the core compiles in (date, source, count, SHA-256, length).
  * intermediates.tsv  one row per certificate (sha256, der_len, subject key identifier, notAfter,
                       label); `#@key<TAB>value` lines carry the provenance the core shows.

Usage: python3 scripts/make-intermediates-snapshot.py [--ccadb DIR] [--out DIR]
                                                      [--generated-on YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import sys
import warnings
from pathlib import Path

try:
    from cryptography import x509
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
except ImportError:  # pragma: no cover
    sys.exit("make-intermediates-snapshot: needs pyca/cryptography (pip install -r scripts/generators-requirements.txt)")

REPO = Path(__file__).resolve().parent.parent

# The snapshot ../shared/ccadb/ holds (its README): crt.sh's archive of the CCADB CSV reports.
SOURCE = "CCADB AllCertificatePEMsCSVFormat via github.com/crtsh/ccadb_data cmd/ski_spki/data/"
SOURCE_COMMIT = "64b3f6ebd3480bf4de561ec16ee9002462a9c531"
SNAPSHOT_DATE = datetime.date(2026, 8, 21)

TLS_EKUS = {
    ExtendedKeyUsageOID.SERVER_AUTH,
    ExtendedKeyUsageOID.CLIENT_AUTH,
    ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE,
}


def fail(message: str) -> None:
    sys.exit(f"make-intermediates-snapshot: {message}")


def read_checksums(ccadb: Path) -> dict[str, str]:
    sums = {}
    for line in (ccadb / "SHA256SUMS").read_text().splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            sums[name.strip().lstrip("*")] = digest
    return sums


def read_ccadb(ccadb: Path) -> tuple[dict[str, bytes], int, list[str]]:
    """SHA-256 (lowercase) -> DER of every certificate that parses; rows read; input files."""
    sums = read_checksums(ccadb)
    files = sorted(ccadb.glob("AllCertificatePEMsCSVFormat_*.csv"))
    if not files:
        fail(f"no AllCertificatePEMsCSVFormat_*.csv in {ccadb}")
    certs: dict[str, bytes] = {}
    rows = 0
    csv.field_size_limit(10_000_000)
    for path in files:
        data = path.read_bytes()
        if sums.get(path.name) != hashlib.sha256(data).hexdigest():
            fail(f"{path.name} does not match SHA256SUMS")
        for row in csv.DictReader(data.decode("utf-8").splitlines(keepends=True)):
            rows += 1
            pem = row["X.509 Certificate (PEM)"]
            try:
                cert = x509.load_pem_x509_certificate(pem.encode())
                der = cert.public_bytes(encoding=_der())
            except Exception:  # legacy encodings pyca refuses: not usable by certchain either
                continue
            digest = hashlib.sha256(der).hexdigest()
            if digest.upper() != row["SHA-256 Fingerprint"].strip().upper():
                fail(f"{path.name}: fingerprint {row['SHA-256 Fingerprint']} does not match its PEM")
            certs[digest] = der
    return certs, rows, [p.name for p in files]


def _der():
    from cryptography.hazmat.primitives.serialization import Encoding

    return Encoding.DER


def bundled_roots() -> list[x509.Certificate]:
    """The roots of crates/pki/data/roots.der, split by the lengths roots.tsv lists."""
    data = (REPO / "crates/pki/data/roots.der").read_bytes()
    lines = [
        line
        for line in (REPO / "crates/pki/data/roots.tsv").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ][1:]
    roots, offset = [], 0
    for line in lines:
        length = int(line.split("\t")[1])
        if length:
            roots.append(x509.load_der_x509_certificate(data[offset : offset + length]))
            offset += length
    if offset != len(data):
        fail("roots.der and roots.tsv disagree")
    return roots


def ext(cert: x509.Certificate, kind):
    try:
        return cert.extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None


def signed_by(child: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        child.verify_directly_issued_by(issuer)
        return True
    except Exception:
        return False


def tls_capable(cert: x509.Certificate) -> bool:
    eku = ext(cert, x509.ExtendedKeyUsage)
    return eku is None or any(oid in TLS_EKUS for oid in eku)


def label(cert: x509.Certificate) -> str:
    for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATIONAL_UNIT_NAME, NameOID.ORGANIZATION_NAME):
        values = cert.subject.get_attributes_for_oid(oid)
        if values:
            return str(values[0].value).replace("\t", " ").replace("\n", " ")
    return cert.subject.rfc4514_string().replace("\t", " ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ccadb", type=Path, default=REPO.parent / "shared/ccadb")
    parser.add_argument("--out", type=Path, default=REPO / "crates/pki/data")
    parser.add_argument("--generated-on", default=datetime.date.today().isoformat())
    args = parser.parse_args()
    # pyca warns about legacy encodings (negative serials, NULL parameters) it still reads.
    warnings.simplefilter("ignore")
    if not (args.ccadb / "SHA256SUMS").exists():
        fail(f"{args.ccadb}/SHA256SUMS not found: give the CCADB snapshot folder with --ccadb")

    all_der, rows, files = read_ccadb(args.ccadb)
    at = datetime.datetime.combine(SNAPSHOT_DATE, datetime.time(12), tzinfo=datetime.timezone.utc)
    parsed = {digest: x509.load_der_x509_certificate(der) for digest, der in all_der.items()}

    counts = {"parsed": len(parsed), "extensions_unreadable": 0}
    candidates: dict[str, x509.Certificate] = {}
    for digest, cert in parsed.items():
        try:
            _ = cert.extensions
        except ValueError:  # an extension pyca cannot read (e.g. a VisibleString explicitText)
            counts["extensions_unreadable"] += 1
            continue
        if cert.subject == cert.issuer and signed_by(cert, cert):
            continue
        bc = ext(cert, x509.BasicConstraints)
        if bc is None or not bc.ca:
            continue
        if not (cert.not_valid_before_utc <= at <= cert.not_valid_after_utc):
            continue
        if not tls_capable(cert):
            continue
        candidates[digest] = cert
    counts["tls_capable_unexpired_ca_not_self_signed"] = len(candidates)

    # Fixed point: a candidate is kept once one of its issuers (a root or a kept candidate) with
    # its issuer name verifies its signature.
    roots = bundled_roots()
    issuers_by_name: dict[bytes, list[x509.Certificate]] = {}
    for root in roots:
        issuers_by_name.setdefault(root.subject.public_bytes(), []).append(root)
    kept: dict[str, x509.Certificate] = {}
    changed = True
    while changed:
        changed = False
        for digest, cert in candidates.items():
            if digest in kept:
                continue
            if any(signed_by(cert, issuer) for issuer in issuers_by_name.get(cert.issuer.public_bytes(), [])):
                kept[digest] = cert
                issuers_by_name.setdefault(cert.subject.public_bytes(), []).append(cert)
                changed = True
    counts["kept"] = len(kept)
    counts["client_auth"] = sum(
        1
        for cert in kept.values()
        if (eku := ext(cert, x509.ExtendedKeyUsage)) is None
        or ExtendedKeyUsageOID.CLIENT_AUTH in eku
        or ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE in eku
    )

    order = sorted(kept)
    der = b"".join(all_der[d] for d in order)
    sums_sha = hashlib.sha256((args.ccadb / "SHA256SUMS").read_bytes()).hexdigest()
    roots_sha = hashlib.sha256((REPO / "crates/pki/data/roots.der").read_bytes()).hexdigest()
    lines = [
        "# certchain intermediate-CA snapshot (CCADB). Generated by scripts/make-intermediates-snapshot.py: do not edit by hand.",
        "# Rows index intermediates.der in order. Columns: SHA-256 of the DER, its length, subjectKeyIdentifier (hex, - if none), notAfter, label.",
        f"#@snapshot_date\t{SNAPSHOT_DATE.isoformat()}",
        f"#@source\t{SOURCE}",
        f"#@source_commit\t{SOURCE_COMMIT}",
        f"#@inputs\t{len(files)} files {files[0]} .. {files[-1]}, {rows} rows",
        f"#@inputs_sha256sums_sha256\t{sums_sha}",
        f"#@roots_der_sha256\t{roots_sha}",
        f"#@parsed\t{counts['parsed']}",
        f"#@tls_capable_unexpired_ca_not_self_signed\t{counts['tls_capable_unexpired_ca_not_self_signed']}",
        f"#@extensions_unreadable\t{counts['extensions_unreadable']}",
        f"#@kept\t{counts['kept']}",
        f"#@kept_client_auth\t{counts['client_auth']}",
        f"#@der_sha256\t{hashlib.sha256(der).hexdigest()}",
        f"#@der_len\t{len(der)}",
        f"#@generated_on\t{args.generated_on}",
        "sha256\tder_len\tski\tnot_after\tlabel",
    ]
    for digest in order:
        cert = kept[digest]
        ski = ext(cert, x509.SubjectKeyIdentifier)
        lines.append(
            "\t".join(
                [
                    digest,
                    str(len(all_der[digest])),
                    ski.digest.hex() if ski is not None else "-",
                    cert.not_valid_after_utc.date().isoformat(),
                    label(cert),
                ]
            )
        )
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "intermediates.der").write_bytes(der)
    (args.out / "intermediates.tsv").write_text("\n".join(lines) + "\n")
    # What the core needs of the provenance: compiled into every build (the page's first load
    # included), so only these keys. The full record is intermediates.tsv's #@ lines.
    wanted = ("snapshot_date", "source", "source_commit", "kept", "der_sha256", "der_len")
    meta = [line for line in lines if line.startswith("#@") and line[2:].split("\t")[0] in wanted]
    (args.out / "intermediates-meta.tsv").write_text("\n".join(meta) + "\n")
    print(
        f"make-intermediates-snapshot: {rows} rows, {counts['parsed']} parsed, "
        f"{counts['tls_capable_unexpired_ca_not_self_signed']} TLS-capable unexpired CA, {counts['kept']} kept "
        f"({counts['client_auth']} allow clientAuth), {len(der)} bytes of DER",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
