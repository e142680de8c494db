#!/usr/bin/env python3
"""Generate certchain's bundled trust-store snapshot (crates/pki/data/).

Developer tool (Python 3.11, standard library only). Building or running certchain never needs it,
nor ../shared, nor the network: its output is committed.

Inputs, all pinned:
  * PyPI `certifi` wheels at exact versions with known SHA-256 (fetched with `pip download
    --require-hashes`): the newest is Mozilla's current root store; older ones only supply the
    certificates of JDK `cacerts` roots that Mozilla has since removed.
  * The OpenJDK `cacerts` alias -> SHA-256 list (../shared/trust/jdk-cacerts-aliases.tsv). These
    aliases are the names Salesforce's per-org /cacerts.jsp page uses.

Roots are matched by the SHA-256 of their DER encoding. Outputs:
  * roots.der       the certificates' DER, concatenated in roots.tsv order (no PEM: smaller wasm).
  * roots.tsv       one row per root: the index for roots.der plus alias, tier and label; header
                    lines `#@key<TAB>value` carry the provenance the core shows in reports.
  * provenance.json the full provenance record (packages, hashes, JDK list source, dates).

Deterministic: the same inputs (and the same --generated-on date) give byte-identical files.

Usage: python3 scripts/make-trust-snapshot.py [--jdk-list PATH] [--out DIR]
                                              [--download-dir DIR] [--generated-on YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import base64
import datetime
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# The Mozilla store: the newest certifi release when this snapshot was made.
MOZILLA_PACKAGE = (
    "2026.10.18",
    "certifi-2026.10.18-py3-none-any.whl",
    "73191c47aaa79da394e8fee2dbc2ec827432cab56311122c9e47abf79e390f62",
)

# Older releases, used only to find the certificates of JDK roots no longer in Mozilla's store.
# Each one adds at least one certificate the later ones lack (checked when this list was made).
LEGACY_PACKAGES = [
    ("2025.1.31", "certifi-2025.1.31-py3-none-any.whl",
     "ca78db4565a652026a4db2bcdf68f2fb589ea80d0be70e03929ed730746b84fe"),
    ("2024.2.2", "certifi-2024.2.2-py3-none-any.whl",
     "dc383c07b76109f368f6106eee2b593b04a011ea4d55f652c6ca24a754d1cdd1"),
    ("2019.11.28", "certifi-2019.11.28-py2.py3-none-any.whl",
     "017c25db2a153ce562900032d5bc68e9f191e44e9a0f762f373977de9df1fbb3"),
    ("2017.7.27.1", "certifi-2017.7.27.1-py2.py3-none-any.whl",
     "54a07c09c586b0e4c619f02a5e94e36619da8e2b053e20f594348c0611803704"),
    ("2016.9.26", "certifi-2016.9.26-py2.py3-none-any.whl",
     "a60073d7bb5cb01671877efda875e8dab755b98baedfbb9b8b3d9be2d52ad022"),
]

JDK_LIST_SOURCE = (
    "OpenJDK test/jdk/sun/security/lib/cacerts/VerifyCACerts.java FINGERPRINT_MAP "
    "(openjdk/jdk mainline, late 2024; COUNT 112)"
)

PEM_RE = re.compile(rb"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", re.S)


def fail(message: str) -> None:
    print(f"make-trust-snapshot: {message}", file=sys.stderr)
    sys.exit(1)


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(version: str, filename: str, digest: str, download_dir: Path) -> Path:
    """Return the pinned wheel, downloading it with pip (hash-checked) unless already present."""
    path = download_dir / filename
    if path.exists() and sha256_file(path) == digest:
        return path
    requirements = download_dir / f"certifi-{version}.requirements.txt"
    requirements.write_text(f"certifi=={version} --hash=sha256:{digest}\n")
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
               "--only-binary=:all:", "--require-hashes", "-r", str(requirements),
               "-d", str(download_dir)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not path.exists():
        fail(f"could not download certifi {version}: {result.stderr.strip() or 'no file'}")
    if sha256_file(path) != digest:
        fail(f"{filename}: SHA-256 differs from the pinned {digest}; refusing to use it")
    return path


def certifi_certificates(wheel: Path) -> list[bytes]:
    """DER of every certificate in the wheel's certifi/cacert.pem, in file order."""
    with zipfile.ZipFile(wheel) as archive:
        pem = archive.read("certifi/cacert.pem")
    ders = [base64.b64decode(b"".join(body.split()), validate=True) for body in PEM_RE.findall(pem)]
    if not ders:
        fail(f"{wheel.name}: no certificate in certifi/cacert.pem")
    return ders


# --- Minimal DER reading: just enough to find the subject's CN / O / OU for labels. -------------

def der_header(data: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, content start, content end) of the TLV at pos (definite lengths only, as DER)."""
    tag = data[pos]
    length = data[pos + 1]
    start = pos + 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[start:start + count], "big")
        start += count
    end = start + length
    if end > len(data):
        raise ValueError("truncated DER")
    return tag, start, end


def der_children(data: bytes, start: int, end: int) -> list[tuple[int, int, int]]:
    children = []
    pos = start
    while pos < end:
        tag, cstart, cend = der_header(data, pos)
        children.append((tag, cstart, cend))
        pos = cend
    return children


def der_total_length(der: bytes) -> int:
    _, _, end = der_header(der, 0)
    return end


OID_CN, OID_O, OID_OU = bytes([0x55, 4, 3]), bytes([0x55, 4, 10]), bytes([0x55, 4, 11])


def decode_string(tag: int, raw: bytes) -> str:
    if tag == 0x1E:  # BMPString
        return raw.decode("utf-16-be", "replace")
    if tag == 0x0C:  # UTF8String
        return raw.decode("utf-8", "replace")
    return raw.decode("latin-1")  # PrintableString, IA5String, TeletexString (as OpenSSL shows it)


def subject_attributes(der: bytes) -> dict[bytes, str]:
    """First value of each attribute type in the certificate's subject."""
    _, cstart, cend = der_header(der, 0)
    tbs_tag, tstart, tend = der_children(der, cstart, cend)[0]
    fields = der_children(der, tstart, tend)
    if fields and fields[0][0] == 0xA0:  # [0] version
        fields = fields[1:]
    # serialNumber, signature, issuer, validity, subject
    _, sstart, send = fields[4]
    attributes: dict[bytes, str] = {}
    for _, rstart, rend in der_children(der, sstart, send):  # RDN SETs
        for _, astart, aend in der_children(der, rstart, rend):  # AttributeTypeAndValue
            (_, ostart, oend), (vtag, vstart, vend) = der_children(der, astart, aend)[:2]
            attributes.setdefault(der[ostart:oend], decode_string(vtag, der[vstart:vend]))
    return attributes


def label_of(der: bytes) -> str:
    attributes = subject_attributes(der)
    common_name, unit = attributes.get(OID_CN), attributes.get(OID_OU)
    # GlobalSign style: CN=GlobalSign, OU=GlobalSign ECC Root CA - R5. The OU names the root.
    if common_name and unit and unit.startswith(common_name) and unit != common_name:
        return unit
    for oid in (OID_CN, OID_OU, OID_O):
        if oid in attributes:
            return attributes[oid]
    return ""


def derived_alias(label: str) -> str:
    """cacerts.jsp-style alias: lowercase ASCII letters and digits of the label (accents folded)."""
    folded = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    return "".join(c for c in folded.lower() if c.isalnum())


def clean(text: str) -> str:
    """Labels go in a TSV cell: no tabs or newlines."""
    return " ".join(text.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jdk-list", type=Path, default=REPO.parent / "shared/trust/jdk-cacerts-aliases.tsv",
                        help="JDK cacerts alias -> SHA-256 TSV (default: ../shared/trust/jdk-cacerts-aliases.tsv)")
    parser.add_argument("--out", type=Path, default=REPO / "crates/pki/data", help="output directory")
    parser.add_argument("--download-dir", type=Path, default=None,
                        help="where to keep the downloaded wheels (default: a temporary directory)")
    parser.add_argument("--generated-on", default=None,
                        help="generation date YYYY-MM-DD (default: $SOURCE_DATE_EPOCH or today, UTC)")
    args = parser.parse_args()

    if args.generated_on:
        generated_on = datetime.date.fromisoformat(args.generated_on).isoformat()
    elif os.environ.get("SOURCE_DATE_EPOCH"):
        generated_on = datetime.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), datetime.UTC).date().isoformat()
    else:
        generated_on = datetime.datetime.now(datetime.UTC).date().isoformat()

    # JDK list: alias -> sha256.
    if not args.jdk_list.exists():
        fail(f"{args.jdk_list}: JDK alias list not found (pass --jdk-list)")
    jdk_text = args.jdk_list.read_bytes()
    jdk_by_sha: dict[str, str] = {}
    for number, line in enumerate(jdk_text.decode("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("alias\t"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not re.fullmatch(r"[0-9a-f]{64}", parts[1]):
            fail(f"{args.jdk_list}:{number}: expected 'alias<TAB>sha256', got {line!r}")
        alias, digest = parts
        if digest in jdk_by_sha:
            fail(f"{args.jdk_list}:{number}: duplicate fingerprint {digest}")
        jdk_by_sha[digest] = alias

    temporary = None
    if args.download_dir is None:
        temporary = tempfile.TemporaryDirectory(prefix="certchain-trust-")
        download_dir = Path(temporary.name)
    else:
        download_dir = args.download_dir
        download_dir.mkdir(parents=True, exist_ok=True)

    version, filename, digest = MOZILLA_PACKAGE
    mozilla = certifi_certificates(fetch(version, filename, digest, download_dir))
    mozilla_by_sha = {hashlib.sha256(d).hexdigest(): d for d in mozilla}
    # Legacy certificates of JDK roots missing from Mozilla's current store: first release wins.
    legacy: dict[str, tuple[bytes, str]] = {}
    legacy_used = []
    for version, filename, digest in LEGACY_PACKAGES:
        added = 0
        for der in certifi_certificates(fetch(version, filename, digest, download_dir)):
            sha = hashlib.sha256(der).hexdigest()
            if sha in jdk_by_sha and sha not in mozilla_by_sha and sha not in legacy:
                legacy[sha] = (der, version)
                added += 1
        legacy_used.append({"package": "certifi", "version": version, "file": filename,
                            "sha256": digest, "jdk_certificates_supplied": added})

    rows = []
    for sha, der in mozilla_by_sha.items():
        rows.append({"sha256": sha, "der": der, "in_mozilla": True, "in_jdk": sha in jdk_by_sha,
                     "cert_source": f"certifi {MOZILLA_PACKAGE[0]}"})
    for sha, (der, version) in legacy.items():
        rows.append({"sha256": sha, "der": der, "in_mozilla": False, "in_jdk": True,
                     "cert_source": f"certifi {version}"})
    for sha in jdk_by_sha:
        if sha not in mozilla_by_sha and sha not in legacy:
            rows.append({"sha256": sha, "der": b"", "in_mozilla": False, "in_jdk": True, "cert_source": ""})

    for row in rows:
        der = row["der"]
        if der:
            if der_total_length(der) != len(der):
                fail(f"{row['sha256']}: trailing bytes after the certificate")
            row["label"] = clean(label_of(der))
        else:
            row["label"] = ""
        if row["in_jdk"]:
            row["alias"], row["alias_source"] = jdk_by_sha[row["sha256"]], "jdk"
        else:
            row["alias"], row["alias_source"] = derived_alias(row["label"]), "derived"
        row["tier"] = ("jdk_and_mozilla" if row["in_jdk"] and row["in_mozilla"]
                       else "mozilla_only" if row["in_mozilla"] else "jdk_only")

    # Derived aliases must not collide with JDK aliases or each other: suffix a fingerprint prefix.
    taken = {r["alias"] for r in rows if r["alias_source"] == "jdk"}
    for row in sorted((r for r in rows if r["alias_source"] == "derived"), key=lambda r: r["sha256"]):
        if not row["alias"] or row["alias"] in taken:
            row["alias"] = f"{row['alias']}{row['sha256'][:8]}"
        taken.add(row["alias"])

    # Certificates first (roots.der order), then fingerprint-only entries; each part by alias.
    rows.sort(key=lambda r: (not r["der"], r["alias"], r["sha256"]))

    counts = {tier: sum(1 for r in rows if r["tier"] == tier) for tier in ("jdk_and_mozilla", "mozilla_only", "jdk_only")}
    with_cert = sum(1 for r in rows if r["der"])
    jdk_without_cert = sum(1 for r in rows if not r["der"])
    mozilla_source = f"certifi@{MOZILLA_PACKAGE[0]} (PyPI)"
    snapshot_date = MOZILLA_PACKAGE[0].replace(".", "-")  # certifi versions are release dates

    args.out.mkdir(parents=True, exist_ok=True)
    blob = b"".join(r["der"] for r in rows)
    (args.out / "roots.der").write_bytes(blob)

    lines = [
        "# certchain trust snapshot. Generated by scripts/make-trust-snapshot.py: do not edit by hand.",
        "# Rows with der_len > 0 index roots.der in order; der_len 0 = JDK root known by fingerprint only.",
        f"#@snapshot_date\t{snapshot_date}",
        f"#@mozilla_source\t{mozilla_source}",
        f"#@mozilla_sha256\t{MOZILLA_PACKAGE[2]}",
        f"#@jdk_source\t{JDK_LIST_SOURCE}",
        f"#@generated_on\t{generated_on}",
        f"#@roots_with_certificate\t{with_cert}",
        "sha256\tder_len\talias\talias_source\ttier\tin_mozilla\tin_jdk\tcert_source\tlabel",
    ]
    for r in rows:
        lines.append("\t".join([r["sha256"], str(len(r["der"])), r["alias"], r["alias_source"], r["tier"],
                                "1" if r["in_mozilla"] else "0", "1" if r["in_jdk"] else "0",
                                r["cert_source"], r["label"]]))
    (args.out / "roots.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    provenance = {
        "generator": "scripts/make-trust-snapshot.py",
        "generated_on": generated_on,
        "snapshot_date": snapshot_date,
        "mozilla_store": {"package": "certifi", "registry": "PyPI", "version": MOZILLA_PACKAGE[0],
                          "file": MOZILLA_PACKAGE[1], "sha256": MOZILLA_PACKAGE[2],
                          "member": "certifi/cacert.pem", "roots": len(mozilla_by_sha)},
        "legacy_certificate_sources": legacy_used,
        "jdk_list": {"source": JDK_LIST_SOURCE, "file": "shared/trust/jdk-cacerts-aliases.tsv",
                     "sha256": hashlib.sha256(jdk_text).hexdigest(), "aliases": len(jdk_by_sha)},
        "counts": {"roots_with_certificate": with_cert, "jdk_fingerprint_only": jdk_without_cert, **counts},
        "outputs": {name: hashlib.sha256((args.out / name).read_bytes()).hexdigest()
                    for name in ("roots.der", "roots.tsv")},
    }
    (args.out / "provenance.json").write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")

    print(f"{with_cert} roots with certificate ({counts['jdk_and_mozilla']} jdk_and_mozilla, "
          f"{counts['mozilla_only']} mozilla_only, {with_cert - counts['jdk_and_mozilla'] - counts['mozilla_only']} "
          f"jdk_only); {jdk_without_cert} JDK roots by fingerprint only; roots.der {len(blob)} bytes")
    if temporary is not None:
        temporary.cleanup()


if __name__ == "__main__":
    main()
