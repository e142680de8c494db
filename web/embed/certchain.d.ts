// Types of certchain's JavaScript API (certchain.js). The report types mirror the JSON the core
// serializes (crates/core/src/report.rs, findings.rs, decode.rs, trust.rs, keys.rs, cert.rs,
// explain.rs, commands.rs, outputs.rs): the same JSON `certchain analyze --json` prints.
// tests/e2e/embed.test.mjs type-checks real CLI output against them.

// ---------------------------------------------------------------------------------------------
// Arguments

/** One file or paste: its name and either its bytes or its text. */
export type Input =
  | { name: string; bytes: Uint8Array | ArrayBuffer; text?: undefined; password?: string }
  | { name: string; text: string; bytes?: undefined; password?: string };

export type FlowName = 'inbound' | 'outbound' | 'csr' | 'csr_upload' | 'keystore' | 'generic';
export type PurposeName = 'client' | 'server' | 'any';

/** The options of `certchain analyze` (each defaults as in the CLI). */
export interface AnalyzeOptions {
  /** The Salesforce flow; decides the fix texts. Default: from `purpose`, else `inbound`. */
  flow?: FlowName;
  /** What the leaf must be good for (EKU check). Default: from `flow`. */
  purpose?: PurposeName;
  /** Check time: ISO-8601 / RFC 3339 text, unix seconds, or a Date. Default: now. */
  time?: string | number | Date;
  /** `salesforce` (bundled snapshot, default), `mozilla`, or your own root files. */
  trust?: 'salesforce' | 'mozilla' | Input[];
  /** Host name(s) or IP address(es) the certificate must be valid for. */
  host?: string | string[];
  /** Password for PKCS#12, JKS and encrypted keys: every input without its own `password`. */
  password?: string;
  /** Complete a chain from the CCADB snapshot once `loadIntermediates()` ran (default true). */
  complete?: boolean;
}

export interface EmitOptions extends AnalyzeOptions {
  /** Keystore alias. Default: from the certificate's name. */
  alias?: string;
  /** Protects keystore.p12 / keystore.jks. Default: `password`. No password = no keystores. */
  keystorePassword?: string;
}

export interface CommandsOptions extends AnalyzeOptions {
  /** Your My Domain (`acme`, `acme.my.salesforce.com` or its URL). Default: `<MyDomain>`. */
  myDomain?: string;
  /** Salesforce API version in the URLs. Default: `66.0`. */
  apiVersion?: string;
  /** Keystore alias in the keytool commands. Default: `client_cert`. */
  alias?: string;
  /** Root file for `-CAfile`. Default: the one custom trust root's name, else `ca-bundle.pem`. */
  root?: string;
  /** Your server, for the outbound `s_client` test. Default: the first `host`. */
  server?: string;
}

// ---------------------------------------------------------------------------------------------
// Functions

/** Starts the wasm (once; later calls return the same promise). Await it before the others. */
export function init(): Promise<void>;
/**
 * Loads the CCADB snapshot of intermediates (one ~2 MB file, once): afterwards a chain that lacks
 * a publicly disclosed intermediate gets `report.completion` with the completed path.
 */
export function loadIntermediates(): Promise<void>;
/** Analyses the inputs: the report `certchain analyze --json` prints. Throws on bad arguments. */
export function analyze(inputs: Input[], options?: AnalyzeOptions): Report;
/** Analyses, then builds every output file the core can (`certchain emit`). */
export function emit(inputs: Input[], options?: EmitOptions): Emitted;
/** Explains an error message (`certchain explain --json`); with inputs, points at the cause. */
export function explain(message: string, inputs?: Input[], options?: AnalyzeOptions): ExplainResult;
/** Ready-to-run curl / openssl / keytool commands (`certchain commands --json`). */
export function commands(inputs: Input[], options?: CommandsOptions): Command[];

// ---------------------------------------------------------------------------------------------
// The report

/** RFC 3339 UTC time, `2026-06-01T00:00:00Z`. */
export type Time = string;
/** Lower-case hex SHA-256 of a certificate's DER: how the report refers to certificates. */
export type Sha256 = string;

export type Severity = 'info' | 'warning' | 'error';
export type Verdict = 'valid' | 'not_valid' | 'cannot_confirm';
export type Purpose = 'client' | 'server' | 'any';
export type Flow = 'inbound' | 'outbound' | 'csr_upload' | 'keystore' | 'generic';

export type FindingCode =
  | 'parse_error' | 'no_certificate' | 'password_required'
  | 'missing_issuer' | 'chain_completed' | 'untrusted_root' | 'not_in_salesforce_store' | 'self_signed_leaf'
  | 'path_budget_exceeded' | 'chain_too_long'
  | 'expired' | 'not_yet_valid' | 'expiring_soon' | 'bad_signature' | 'not_a_ca' | 'path_len_exceeded'
  | 'key_usage' | 'eku_missing_client_auth' | 'eku_missing_server_auth' | 'eku_missing' | 'name_constraints'
  | 'host_mismatch' | 'unknown_critical_extension' | 'malformed' | 'issuance_rule' | 'policy_violation'
  | 'unsupported_algorithm' | 'revoked'
  | 'crl_problem' | 'revocation_not_confirmed' | 'revocation_not_checked' | 'weak_key' | 'weak_signature'
  | 'key_mismatch' | 'key_match' | 'csr_mismatch' | 'csr_signature_invalid'
  | 'duplicate' | 'unrelated_cert' | 'root_included' | 'reordered' | 'multiple_leaves' | 'trust_bundle'
  | 'keystore_no_private_key' | 'keystore_key_not_rsa' | 'keystore_key_not_pkcs8' | 'keystore_key_size' | 'keystore_key_mismatch'
  | 'keystore_password_mismatch' | 'keystore_chain_incomplete' | 'keystore_not_jks'
  | 'valid_chain'
  | 'client_auth_cutover' | 'upload_lint' | 'csr_flow'
  | 'handshake_completed' | 'handshake_alert' | 'handshake_incomplete' | 'connect_failed' | 'not_tls'
  | 'tls_version_mismatch' | 'client_failed' | 'no_client_cert_requested' | 'client_ca_not_listed'
  | 'server_verify_failed' | 'mutual_auth_failed';

export interface Report {
  /** `certchain <version>`. */
  tool: string;
  /** `verdict === 'valid'` (kept for older callers). */
  valid: boolean;
  /**
   * About the primary leaf's chain. `cannot_confirm`: every check certchain can make passes, but
   * something it cannot know decides (whether Salesforce trusts the root, revocation without a
   * usable CRL); the findings with `cannot_confirm: true` say what and how to find out.
   */
  verdict: Verdict;
  purpose: Purpose;
  flow: Flow;
  checked_at: Time;
  trust_store: TrustStoreInfo;
  /** The chosen path, leaf first, trust anchor excluded. */
  chain: CertSummary[];
  /** The trust anchor the chain ends in. */
  root: CertSummary | null;
  /** Ranked: `findings[0]` is the headline. */
  findings: Finding[];
  /** Every distinct certificate in the inputs, in input order. */
  certificates: CertEntry[];
  keys: KeyEntry[];
  csrs: CsrEntry[];
  /** Other complete paths (cross-signed alternatives), leaf first, anchor last. */
  alternatives: CertSummary[][];
  /** Candidate issuers considered and not used. */
  rejected: RejectedEntry[];
  /** What each input contained and what could not be read. */
  inputs: InputSummary[];
  /**
   * The certificate policies (dotted OIDs) the chosen path is valid for (RFC 5280 §6.1.5
   * user-constrained-policy-set); absent when that is "any policy" or no path reached a root.
   */
  valid_policies?: string[];
  /**
   * TLS handshakes shown by the inputs (a pasted `openssl s_client` output) or, in the CLI, made by
   * `certchain probe`: each explained on its own, apart from your files. Absent when there is none.
   */
  handshakes?: HandshakeReport[];
  /**
   * Offline completion from certchain's CCADB snapshot, when the chain stopped at a missing issuer
   * (absent otherwise, or with `complete: false`). Kept apart from `verdict`, which is about what
   * was supplied and stays `not_valid`: the sender must still add the intermediates.
   */
  completion?: Completion;
}

// ---------------------------------------------------------------------------------------------
// Handshakes (crates/core/src/handshake.rs; docs/handshake.md)

/** Where a fact was read: the input and its 1-based line (0: a live handshake, `certchain probe`). */
export interface FactSource { input: string; line: number; }
export interface Fact<T> { value: T; source: FactSource; }

export type HandshakeOutcome =
  | { kind: 'completed' }
  /** The server's TLS alert, named as in RFC 8446 (`unknown_ca`, `certificate_required`, ...). */
  | { kind: 'alert_received'; name: string; number: number | null }
  | { kind: 'connect_failed'; error: 'dns' | 'refused' | 'timeout' | 'unreachable' | 'other'; reason: string }
  | { kind: 'not_tls'; reason: string }
  | {
      kind: 'client_failed';
      failure: 'key_mismatch' | 'client_files' | 'protocol_version' | 'no_shared_parameters'
        | 'server_certificate_rejected' | 'other';
      reason: string;
    }
  | { kind: 'incomplete' };

/** One certificate of the server's chain, in the order sent (s_client's `s:` and `i:` lines). */
export interface SentCert { depth: number; subject: string; issuer: string; source: FactSource; }

export interface ClientCertRequest {
  /** The CA names the server accepts, as s_client prints them. Empty: any CA. */
  ca_names: string[];
  signature_schemes: string[];
  shared_signature_schemes: string[];
}

export interface HandshakeFacts {
  input: string;
  host?: Fact<string>;
  port?: number;
  /** The server name sent in SNI. */
  sni?: string;
  protocol?: Fact<string>;
  cipher?: Fact<string>;
  server_chain: SentCert[];
  /** Present when the server asked for a client certificate. */
  client_cert_request?: Fact<ClientCertRequest>;
  /** How many certificates the client sent; absent when not known (s_client output). */
  client_chain_sent?: number;
  /** s_client's `Verify return code: N (text)`. */
  verify?: Fact<[number, string]>;
  outcome?: Fact<HandshakeOutcome>;
  /** The answer to the HTTP request made over the connection. */
  http?: Fact<{ path: string; status: number; error_code?: string; message?: string }>;
  /** Lines that could not be read (also listed as input errors). */
  unread: { line: number; text: string; message: string; hint: string }[];
}

export type CaMatch =
  | { kind: 'any_ca' }
  | { kind: 'matched'; ca_name: string; cert_subject: string }
  | { kind: 'none_matches' };

export interface HandshakeReport {
  facts: HandshakeFacts;
  /** The server's chain as sent, analysed as a server certificate for the host (outbound flow). */
  server?: {
    /** The name checked; absent when none was known. */
    host?: string;
    verdict: Verdict;
    /** In the order the server sent them. */
    sent: CertSummary[];
    /** The path built from them, leaf first, trust anchor excluded. */
    chain: CertSummary[];
    root: CertSummary | null;
    /** Titled "The server's chain: ...", ranked. */
    findings: Finding[];
  };
  /** Your client chain against the server's CA names. */
  client_ca_match?: CaMatch;
  /** Ranked: `findings[0]` is the handshake's headline. */
  findings: Finding[];
}


export type CompletionStatus =
  | 'completed' | 'completed_not_valid' | 'no_trusted_path' | 'not_in_snapshot' | 'snapshot_not_loaded';

export interface Completion {
  /** `completed`: the completed path passes every check (emit writes it). `not_in_snapshot`: a private or undisclosed CA. */
  status: CompletionStatus;
  /** The issuer name (RFC 4514) missing from what was supplied. */
  missing_issuer: string;
  /** The completed path, leaf first, anchor excluded. */
  chain: CertSummary[];
  root: CertSummary | null;
  /** The certificates taken from the snapshot, in path order. */
  added: { sha256: Sha256; name: string; subject: string; source: string }[];
  /** Findings about the completed path. */
  findings: Finding[];
  /** One paragraph saying what completion found (the page and `certchain analyze` show it). */
  summary: string;
  snapshot: {
    snapshot_date: string;
    source: string;
    source_commit: string;
    certificates: number;
    der_sha256: string;
    der_len: number;
  };
}

export interface TrustStoreInfo {
  /** `salesforce`, `mozilla`, `custom`, ... */
  id: string;
  name: string;
  source: string;
  /** YYYY-MM-DD; empty for custom stores. */
  snapshot_date: string;
  roots: number;
  /** True for the default `salesforce` store: certchain's estimate, not your org's list. */
  estimate: boolean;
}

/** Everything `openssl x509 -text` shows, readable. */
export interface CertSummary {
  sha256: Sha256;
  sha1: string;
  /** Short name: subject CN, else the subject. */
  name: string;
  subject: string;
  issuer: string;
  /** Colon-separated hex. */
  serial: string;
  version: number;
  not_before: Time;
  not_after: Time;
  /** Whole days from the check time to `not_after` (negative once expired). */
  days_left: number;
  /** `RSA 2048`, `EC P-256`, `Ed25519`. */
  key: string;
  signature_algorithm: string;
  self_issued: boolean;
  is_ca: boolean;
  path_len: number | null;
  key_usage: string[];
  extended_key_usage: string[];
  /** `DNS:example.com`, `IP:10.0.0.1`, `email:a@b`, `URI:...`. */
  subject_alt_names: string[];
  subject_key_id: string | null;
  authority_key_id: string | null;
  /** AIA caIssuers URLs (never fetched). */
  ca_issuers: string[];
  ocsp: string[];
  crl_distribution_points: string[];
  policies: string[];
  name_constraints: string[];
  critical_unknown_extensions: string[];
  pem: string;
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** SHA-256 of the certificates it concerns. */
  certs: Sha256[];
  title: string;
  detail: string;
  fix: string;
  openssl: OpensslError | null;
  /** This finding leaves the report's verdict at `cannot_confirm` (never `valid`). */
  cannot_confirm: boolean;
}

export interface OpensslError {
  code: number;
  /** `X509_V_ERR_...`. */
  name: string;
  /** OpenSSL 3.x wording. */
  text: string;
  /** OpenSSL 1.1.x wording. */
  text_1_1: string;
}

export type Role =
  | 'leaf' | 'intermediate' | 'root' | 'alternative' | 'rejected_issuer' | 'other_leaf' | 'unrelated';

/** Where an object came from: input index and name, PEM line, container position. */
export interface Origin {
  input: number;
  file: string;
  line: number | null;
  container: string | null;
}

export interface CertEntry extends CertSummary {
  role: Role;
  origin: Origin;
  /** > 1 = duplicate. */
  occurrences: number;
}

export type KeyAlgorithm =
  | { type: 'rsa'; bits: number }
  | { type: 'ec'; curve: string }
  | { type: 'ed25519' }
  | { type: 'other'; oid: string };

export type KeyFormat = 'pkcs8' | 'encrypted_pkcs8' | 'pkcs1' | 'sec1' | 'legacy_encrypted_pem' | 'pkcs12' | 'jks';

/** A private key (never its material). */
export interface KeyEntry {
  algorithm: KeyAlgorithm;
  format: KeyFormat;
  origin: Origin;
  /** SHA-256 of the certificate this key belongs to. */
  matches: Sha256 | null;
}

export interface CsrEntry {
  subject: string;
  algorithm: KeyAlgorithm;
  origin: Origin;
  signature_valid: boolean;
  /** SHA-256 of the certificate issued for this CSR. */
  matches: Sha256 | null;
}

export interface RejectedEntry {
  /** The certificate whose issuer was sought. */
  cert: Sha256;
  candidate: Sha256;
  reason: string;
}

export interface InputSummary {
  name: string;
  size: number;
  /** `PEM text`, `DER`, `PKCS#7`, `PKCS#12`, `JKS`, `JCEKS`, `empty`, `unknown`, ... */
  format: string;
  items: ItemSummary[];
  errors: DecodeError[];
  /** Keystores only. */
  keystore?: KeystoreSummary;
}

export type ItemKind = 'certificate' | 'private_key' | 'public_key' | 'csr' | 'crl' | 'other';

export interface ItemSummary {
  kind: ItemKind;
  label: string;
  line: number | null;
  container: string | null;
  sha256: Sha256 | null;
}

export type DecodeErrorKind =
  | 'malformed' | 'unsupported' | 'password_required' | 'wrong_password' | 'empty' | 'unrecognised';

export interface DecodeError {
  kind: DecodeErrorKind;
  line: number | null;
  /** What is wrong. */
  message: string;
  /** What to do about it. */
  hint: string;
}

export interface KeystoreSummary {
  /** `JKS`, `JCEKS` or `PKCS#12`. */
  store_type: string;
  integrity: 'verified' | 'absent' | 'not_checked' | 'failed';
  entries: KeystoreEntry[];
  /** The default that opened a store given no password: `""`, `(none)` or `changeit`. */
  default_password?: string;
}

export interface KeystoreEntry {
  alias: string;
  kind: 'private_key' | 'trusted_certificate' | 'secret_key';
  certificates: number;
  key_decrypted: boolean;
  key_password_differs: boolean;
}

// ---------------------------------------------------------------------------------------------
// emit, explain, commands

export interface Emitted {
  report: Report;
  files: OutputFile[];
  /** Files that could not be built, and why. */
  skipped: { name: string; reason: string }[];
  /** What the files do not establish (the root is missing or untrusted; the key is missing or does
   * not match), said once: files are built from what is present. */
  notes: string[];
}

interface OutputFileBase {
  /** `chain.pem`, `fullcert.pem`, `keystore.p12`, `report.json`, ... */
  name: string;
  /** What it is and where it goes in Salesforce or curl. */
  description: string;
  media_type: string;
  /** Holds a private key. */
  secret: boolean;
}
/** PEM, JSON and Markdown files come as `text`, keystores as `bytes`. */
export type OutputFile =
  | (OutputFileBase & { text: string; bytes?: undefined })
  | (OutputFileBase & { bytes: Uint8Array; text?: undefined });

export interface ExplainResult {
  explanations: Explanation[];
  /** Present when inputs were given. */
  report?: Report;
}

export interface Explanation {
  source: 'openssl' | 'curl' | 'java' | 'node' | 'python' | 'salesforce';
  /** Stable id: `openssl_20`, `java_pkix`, ... */
  id: string;
  name: string;
  /** The recognised part of the message (lower-cased, whitespace collapsed). */
  matched: string;
  meaning: string;
  in_flow: string;
  /** Finding codes to look at. */
  checks: FindingCode[];
  openssl: OpensslError | null;
  /** With inputs: what in them causes the error. */
  cause: Cause | null;
}

export interface Cause {
  summary: string;
  findings: { code: FindingCode; severity: Severity; title: string }[];
  certificates: { sha256: Sha256; name: string }[];
}

export interface Command {
  title: string;
  /** One shell line or a short block, arguments quoted for a POSIX shell. */
  command: string;
  explanation: string;
}
