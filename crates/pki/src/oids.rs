//! OID vocabulary shared by every module: names from const-oid's database.
use const_oid::ObjectIdentifier;

/// An OID with its name from const-oid's database where it has one:
/// `issuingDistributionPoint (2.5.29.28)`; the dotted form alone otherwise.
pub fn oid_label(oid: &ObjectIdentifier) -> String {
    match const_oid::db::DB.by_oid(oid) {
        // The database prefixes names with their arc (`id-ce-`, `id-pe-`, `id-kp-`); the RFC
        // text and OpenSSL use the bare name.
        Some(name) => {
            let bare = ["id-ce-", "id-pe-", "id-kp-", "id-"].iter().find_map(|p| name.strip_prefix(p)).unwrap_or(name);
            format!("{bare} ({oid})")
        }
        None => oid.to_string(),
    }
}
