//! Every time-dependent or third-party statement certchain makes about Salesforce, the public CAs
//! and the root programs, in one table: what it says before and after each date, the sources it
//! rests on (title and URL), when those sources were last checked, and what they said.
//!
//! The wording a user sees is picked by the analysis time ([`crate::Options::at`]), so a report
//! made in 2027 does not speak of 2027 in the future tense. `docs/facts.md` is generated from this
//! table ([`markdown`]; `scripts/gen-docs`), and a test fails when a fact lacks a source or a checked
//! date or when the document differs.
//!
//! A Rust table rather than a TOML/JSON file: the texts are compiled in (no parser crate, nothing
//! to load in the wasm build) and every fact is looked up by a constant, so a typo in an id fails
//! the `every_fact_used_exists` test instead of showing nothing.

use crate::time::UnixTime;

/// Where a fact comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub title: &'static str,
    pub url: &'static str,
}

/// The text shown from `from` (a `YYYY-MM-DD` day, 00:00 UTC) on; `None` = before the first date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stage {
    pub from: Option<&'static str>,
    pub text: &'static str,
}

/// One dated, sourced fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fact {
    /// Stable id used by the code (`chrome_leaf_client_auth`).
    pub id: &'static str,
    /// What the fact is about, for the docs.
    pub topic: &'static str,
    /// The wording over time, oldest first; the first stage has `from: None`.
    pub stages: &'static [Stage],
    pub sources: &'static [Source],
    /// The day the sources were last read (`YYYY-MM-DD`).
    pub checked: &'static str,
    /// What the sources say, where they were found, and where they disagree.
    pub found: &'static str,
}

/// Parse a `YYYY-MM-DD` day as midnight UTC.
pub fn day(date: &str) -> Option<UnixTime> {
    UnixTime::parse_rfc3339(&format!("{date}T00:00:00Z")).ok()
}

impl Fact {
    /// The wording at `at`: the last stage whose date is not after `at`.
    pub fn text_at(&self, at: UnixTime) -> &'static str {
        self.stages
            .iter()
            .rev()
            .find(|s| s.from.and_then(day).is_none_or(|from| from <= at))
            .or(self.stages.first())
            .map_or("", |s| s.text)
    }

    /// The last date at which the wording changes (`None` for a standing rule).
    pub fn last_date(&self) -> Option<UnixTime> {
        self.stages.iter().filter_map(|s| s.from.and_then(day)).max()
    }
}

/// The fact with this id. Every id used in the code is one of the constants below, and a test
/// proves each exists; an unknown id gives an empty fact rather than a panic.
pub fn fact(id: &str) -> &'static Fact {
    static EMPTY: Fact = Fact { id: "", topic: "", stages: &[], sources: &[], checked: "", found: "" };
    FACTS.iter().find(|f| f.id == id).unwrap_or(&EMPTY)
}

/// The wording of fact `id` at `at`.
pub fn text(id: &str, at: UnixTime) -> &'static str {
    fact(id).text_at(at)
}

pub const CHROME_SUBCA_SERVER_ONLY: &str = "chrome_subca_server_only";
pub const CHROME_LEAF_CLIENT_AUTH: &str = "chrome_leaf_client_auth";
pub const DIGICERT_CLIENT_AUTH: &str = "digicert_client_auth";
pub const SECTIGO_CLIENT_AUTH: &str = "sectigo_client_auth";
pub const LETSENCRYPT_CLIENT_AUTH: &str = "letsencrypt_client_auth";
pub const TLS_MAX_VALIDITY: &str = "tls_max_validity";
pub const SF_LOGIN_8443: &str = "salesforce_login_8443";
pub const SF_SOAP_LOGIN: &str = "salesforce_soap_login";
pub const SF_OAUTH_FLOWS: &str = "salesforce_oauth_flows";
pub const SF_ROOT_REQUEST: &str = "salesforce_root_request";
pub const SF_MUTUAL_AUTH_ENABLED: &str = "salesforce_mutual_auth_enabled_by_support";
pub const SF_CLIENT_CERT_PER_ORG: &str = "salesforce_client_cert_per_org";
pub const SF_HYPERFORCE_SNI: &str = "salesforce_hyperforce_sni";

/// The CAs whose own clientAuth dates the cutover finding lists, in date order.
pub const CA_CLIENT_AUTH: [&str; 3] = [LETSENCRYPT_CLIENT_AUTH, SECTIGO_CLIENT_AUTH, DIGICERT_CLIENT_AUTH];

/// Every id the code looks up, plus `salesforce_soap_login`, which docs/explainer.md cites for why the
/// commands use OAuth (checked by a test).
pub const USED: [&str; 13] = [
    CHROME_SUBCA_SERVER_ONLY,
    CHROME_LEAF_CLIENT_AUTH,
    DIGICERT_CLIENT_AUTH,
    SECTIGO_CLIENT_AUTH,
    LETSENCRYPT_CLIENT_AUTH,
    TLS_MAX_VALIDITY,
    SF_LOGIN_8443,
    SF_SOAP_LOGIN,
    SF_OAUTH_FLOWS,
    SF_ROOT_REQUEST,
    SF_MUTUAL_AUTH_ENABLED,
    SF_CLIENT_CERT_PER_ORG,
    SF_HYPERFORCE_SNI,
];

const CHECKED: &str = "2026-12-04";

const fn stage(from: &'static str, text: &'static str) -> Stage {
    Stage { from: Some(from), text }
}
const fn first(text: &'static str) -> Stage {
    Stage { from: None, text }
}
const fn src(title: &'static str, url: &'static str) -> Source {
    Source { title, url }
}

const CHROME_POLICY: Source =
    src("Chrome Root Program Policy, Version 1.8 (§1.3.2)", "https://googlechrome.github.io/chromerootprogram/");
const SF_MUTUAL_AUTH_API: Source = src(
    "Salesforce Help: Configure Your API Client to Use Mutual Authentication",
    "https://help.salesforce.com/apex/HTViewHelpDoc?id=security_keys_uploading_mutual_auth_cert_api.htm&language=en_US",
);

/// The table. Keep each text one or two plain sentences that stand alone in a finding.
pub static FACTS: &[Fact] = &[
    Fact {
        id: CHROME_LEAF_CLIENT_AUTH,
        topic: "clientAuth in public TLS certificates: the Chrome Root Program's rule for leaf certificates",
        stages: &[
            first(
                "The Chrome Root Program (policy 1.8) requires public TLS certificates issued from 2027-03-15 to \
                 leave clientAuth out; until then each CA sets its own date.",
            ),
            stage(
                "2027-03-15",
                "Since 2027-03-15 the Chrome Root Program (policy 1.8) has required every newly issued public TLS \
                 certificate to leave clientAuth out, so no public CA issues or renews one with it.",
            ),
        ],
        sources: &[
            CHROME_POLICY,
            src(
                "zmap/zlint pull request 1031: Chrome Root Program lint for clientAuth in TLS server certificates issued after 2027-03-15",
                "https://github.com/zmap/zlint/pull/1031",
            ),
            src(
                "Encryption Consulting: Client Authentication Certificates (Chrome Root Program Policy v1.8 dates)",
                "https://www.encryptionconsulting.com/client-authentication-certificates/",
            ),
            src(
                "Salesforce Help: Configure Your API Client to Use Mutual Authentication (cites policy v1.7 and 2026-06-15)",
                "https://help.salesforce.com/apex/HTViewHelpDoc?id=security_keys_uploading_mutual_auth_cert_api.htm&language=en_US",
            ),
        ],
        checked: CHECKED,
        found: "The requirement is the Chrome Root Program's, not a CA/Browser Forum rule. Policy 1.8 (last updated \
            2026-02-05 per Encryption Consulting): subordinate CAs disclosed from 2026-06-15 must be serverAuth-only; \
            leaf certificates issued from 2027-03-15 that chain to a Chrome root must not carry clientAuth (zlint \
            PR 1031 implements that date from §1.3.2; the policy page itself was not among the stored pages \
            searched, so its text was read through those two). Older pages (policy 1.6/1.7 write-ups, Salesforce Help's \
            mutual-authentication page) still say every public certificate loses clientAuth on 2026-06-15: that \
            date applies to subordinate CAs.",
    },
    Fact {
        id: CHROME_SUBCA_SERVER_ONLY,
        topic: "clientAuth in public TLS certificates: the Chrome Root Program's rule for subordinate CAs",
        stages: &[
            first(
                "From 2026-06-15 the Chrome Root Program requires new subordinate CAs under its roots to be dedicated \
                 to TLS server authentication (no clientAuth).",
            ),
            stage(
                "2026-06-15",
                "Since 2026-06-15 the Chrome Root Program has required new subordinate CAs under its roots to be \
                 dedicated to TLS server authentication (no clientAuth).",
            ),
        ],
        sources: &[
            CHROME_POLICY,
            src(
                "Encryption Consulting: Understanding Chrome's Root Program Policy v1.8: What Changes on June 15, 2026",
                "https://www.encryptionconsulting.com/?p=90740",
            ),
        ],
        checked: CHECKED,
        found: "2026-06-15 is the date for newly disclosed subordinate CA certificates (serverAuth only). Many CA \
            and reseller pages from 2025 describe it as the date every public certificate loses clientAuth; policy \
            1.8 moved the leaf-certificate date to 2027-03-15.",
    },
    Fact {
        id: LETSENCRYPT_CLIENT_AUTH,
        topic: "clientAuth in public TLS certificates: Let's Encrypt",
        stages: &[
            first(
                "Let's Encrypt's default profile carries clientAuth until 2026-02-11; its `tlsclient` profile keeps \
                 it for existing users until 2026-07-08.",
            ),
            stage(
                "2026-02-11",
                "Let's Encrypt left clientAuth out of its default profile on 2026-02-11; its `tlsclient` profile \
                 keeps it for existing users until 2026-07-08.",
            ),
            stage(
                "2026-07-08",
                "Let's Encrypt has issued no certificate with clientAuth since 2026-07-08, when its `tlsclient` \
                 profile (open only to existing users after 2026-05-13) ended.",
            ),
        ],
        sources: &[
            src(
                "Let's Encrypt: Ending TLS Client Authentication Certificate Support in 2026 (2025-05-14; read in the copy at hacker-news.news)",
                "https://www.hacker-news.news/post/43985268",
            ),
            src("Let's Encrypt: Profiles", "https://letsencrypt.org/pl/docs/profiles"),
            src(
                "Pocket Lantern: Let's Encrypt tlsclient profile retirement 2026",
                "https://pocketlantern.dev/briefs/lets-encrypt-tlsclient-profile-retirement-2026",
            ),
            src(
                "MonsterMegs (DEV Community): SSL Certificate Client Authentication Ends July 2026",
                "https://dev.to/monstermegs/ssl-certificate-client-authentication-ends-july-2026-2d6h",
            ),
        ],
        checked: CHECKED,
        found: "Let's Encrypt's 2025-05-14 announcement: `tlsclient` profile from 2025-10-01, default `classic` \
            profile without clientAuth from 2026-02-11, `tlsclient` unavailable from 2026-05-13. Later write-ups \
            (Pocket Lantern, MonsterMegs) say new `tlsclient` use stopped on 2026-05-13 but existing users kept it \
            until 2026-07-08. The primary page for the 2026-07-08 extension was not found: the range is 2026-05-13 \
            to 2026-07-08.",
    },
    Fact {
        id: SECTIGO_CLIENT_AUTH,
        topic: "clientAuth in public TLS certificates: Sectigo",
        stages: &[
            first(
                "Sectigo includes clientAuth in its public TLS certificates by default until 2025-09-15, then by \
                 exception until 2027-02-10.",
            ),
            stage(
                "2025-09-15",
                "Sectigo has left clientAuth out of its public TLS certificates by default since 2025-09-15 and can \
                 still include it until 2027-02-10 (a date moved from 2026-05-15).",
            ),
            stage("2027-02-10", "Sectigo stopped including clientAuth in its public TLS certificates on 2027-02-10."),
        ],
        sources: &[
            src(
                "Sectigo: Deprecation of Client Authentication EKU from Sectigo SSL/TLS Certificates (FAQ)",
                "https://sectigo.com/faq-client-authentication-eku-deprecation",
            ),
            src(
                "CompareCheapSSL: clientAuth EKU removal deadlines (Sectigo 2027-02-10)",
                "https://comparecheapssl.com/?p=12632",
            ),
            src(
                "Trustico: SSL Certificates With Client Authentication EKU Available Through Trustico Until October 2026",
                "https://shop.trustico.com/blogs/stories/ssl-certificates-with-client-authentication-eku-available-through-trustico-until-may-2026",
            ),
        ],
        checked: CHECKED,
        found: "Sectigo's FAQ (as stored) says default off from 2025-09-15 and a hard stop on 2026-05-15. \
            CompareCheapSSL reports Sectigo's hard deadline moved to 2027-02-10 (\"official announcement confirmed \
            April 2026\"); Trustico sells Sectigo certificates with clientAuth until 2026-10-31 and names February \
            2027 as the industry cutoff. Openprovider gives 2025-10-07/2025-10-14 for the default change. Range for \
            the end: 2026-05-15 (old) to 2027-02-10 (current).",
    },
    Fact {
        id: DIGICERT_CLIENT_AUTH,
        topic: "clientAuth in public TLS certificates: DigiCert",
        stages: &[
            first(
                "DigiCert includes clientAuth in its public TLS certificates by default until 2025-10-01, then on \
                 request until 2027-03-01.",
            ),
            stage(
                "2025-10-01",
                "DigiCert has left clientAuth out of its public TLS certificates by default since 2025-10-01 and adds \
                 it on request until 2027-03-01.",
            ),
            stage(
                "2027-03-01",
                "DigiCert stopped including clientAuth in its public TLS certificates on 2027-03-01 (it was off by \
                 default from 2025-10-01).",
            ),
        ],
        sources: &[src(
            "DigiCert Knowledge Base ALERT53: Removing the client authentication EKU from public TLS certificates (last modified 2026-03-03)",
            "https://knowledge.digicert.com/alerts/sunsetting-client-authentication-eku-from-digicert-public-tls-certificates",
        )],
        checked: CHECKED,
        found: "The alert's 2026-03-03 version: off by default since 2025-10-01, available on request during \
            enrollment, and DigiCert stops including it on 2027-03-01 after Chrome extended its timeline; all \
            DigiCert brands (GeoTrust, Thawte, RapidSSL, Encryption Everywhere). Its 2025-06-06 version said \
            2026-05-01, which is still quoted by resellers.",
    },
    Fact {
        id: TLS_MAX_VALIDITY,
        topic: "Maximum validity of public TLS certificates (CA/Browser Forum ballot SC-081v3)",
        stages: &[
            first(
                "Public TLS certificates may last up to 398 days; those issued from 2026-03-15 at most 200 days, \
                 from 2027-03-15 100 days and from 2029-03-15 47 days (CA/Browser Forum ballot SC-081v3).",
            ),
            stage(
                "2026-03-15",
                "Public TLS certificates issued since 2026-03-15 last at most 200 days (100 days from 2027-03-15, 47 \
                 days from 2029-03-15: CA/Browser Forum ballot SC-081v3).",
            ),
            stage(
                "2027-03-15",
                "Public TLS certificates issued since 2027-03-15 last at most 100 days (47 days from 2029-03-15: \
                 CA/Browser Forum ballot SC-081v3).",
            ),
            stage(
                "2029-03-15",
                "Public TLS certificates issued since 2029-03-15 last at most 47 days (CA/Browser Forum ballot \
                 SC-081v3).",
            ),
        ],
        sources: &[
            src(
                "CA/Browser Forum servercert pull request 553: SC-081 Introduce Schedule of Reducing Validity and Data Reuse Periods",
                "https://github.com/cabforum/servercert/pull/553",
            ),
            src(
                "PostQuantum.com: SC081v3 and the 47-Day Certificate Era",
                "https://postquantum.com/security-pqc/sc081v3-47day-certificate",
            ),
            src(
                "FixMyCert: The 47-Day Certificate Timeline",
                "https://fixmycert.com/guides/47-day-certificate-timeline",
            ),
        ],
        checked: CHECKED,
        found: "Ballot SC-081v3 passed on 2025-04-11 (no votes against): maximum validity 200 days from \
            2026-03-15, 100 days from 2027-03-15, 47 days from 2029-03-15 (FixMyCert gives the effective maxima as \
            199, 99 and 46 days). The first draft (PR 553, 2024) proposed 45 days by 2027; the passed version is \
            the one above. Private CAs are not bound by it.",
    },
    Fact {
        id: SF_LOGIN_8443,
        topic: "Salesforce: where a mutual-TLS client logs in",
        stages: &[first(
            "Salesforce Help: after uploading the mutual authentication certificate, log in on port 8443 at your My \
             Domain login URL (https://<MyDomain>.my.salesforce.com:8443), presenting the client certificate.",
        )],
        sources: &[SF_MUTUAL_AUTH_API],
        checked: CHECKED,
        found: "\"After you upload your mutual authentication certificate, log in to the Salesforce service using \
            port 8443 for your My Domain login URL. Include your credentials and your signed certificate \
            information.\" The 2018 blog this project started from logged in on login.salesforce.com:443 with SOAP \
            instead; that is no longer the documented way.",
    },
    Fact {
        id: SF_SOAP_LOGIN,
        topic: "Salesforce: the SOAP API login() call",
        stages: &[
            first(
                "SOAP API login() is not available from API version 65.0, is off by default in new orgs, and is \
                 retired for API versions 31.0–64.0 with the Summer '27 release: use an OAuth 2.0 flow instead.",
            ),
            stage(
                "2027-06-01",
                "SOAP API login() was retired with the Summer '27 release (and never existed from API version 65.0): \
                 use an OAuth 2.0 flow instead.",
            ),
        ],
        sources: &[
            src(
                "Salesforce knowledge article 005132110: Platform SOAP API login() Retirement (updated 2026-04-30)",
                "https://help.salesforce.com/s/articleView?id=005132110&type=1",
            ),
            src(
                "Salesforce SOAP API Developer Guide: SOAP API End-of-Life Policy",
                "https://developer.salesforce.com/docs/atlas.en-us.256.0.api.meta/api/api_eol_soap.htm",
            ),
            src(
                "Vantage Point: Salesforce SOAP API login Retirement (June 1, 2027)",
                "https://vantagepoint.io/blog/sf/salesforce-soap-api-login-retirement-migration-guide-2027",
            ),
        ],
        checked: CHECKED,
        found: "Article 005132110: login() is not available in API 65.0 and later, is disabled by default in newly \
            created orgs (an admin must enable it; from Summer '26 users also need Use Any API Auth), and is \
            retired for 31.0–64.0 with the Summer '27 release. Salesforce names a release, not a day; Vantage \
            Point quotes a notification giving 2027-06-01, used here as the turning date.",
    },
    Fact {
        id: SF_OAUTH_FLOWS,
        topic: "Salesforce: OAuth 2.0 flows for a server-to-server integration",
        stages: &[first(
            "For an integration without a user, Salesforce offers the OAuth 2.0 client credentials flow (consumer \
             key and secret of an external client app, with a run-as integration user) and the JWT bearer flow (a \
             JWT signed with the key of a certificate uploaded to the app), both at /services/oauth2/token on the My \
             Domain host.",
        )],
        sources: &[
            src(
                "Salesforce Help: OAuth 2.0 Client Credentials Flow for Server-to-Server Integration",
                "https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.remoteaccess_oauth_client_credentials_flow.htm",
            ),
            src(
                "Salesforce Help: OAuth 2.0 JWT Bearer Flow for Server-to-Server Integration",
                "https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.remoteaccess_oauth_jwt_flow_ca.htm",
            ),
        ],
        checked: CHECKED,
        found: "Client credentials: the app posts grant_type=client_credentials with client_id and client_secret to \
            the token endpoint and gets a token for the integration user it names. JWT bearer: the app posts \
            grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer with a signed assertion; the app must be \
            pre-approved. Connected app creation is restricted from Spring '26; external client apps replace them.",
    },
    Fact {
        id: SF_ROOT_REQUEST,
        topic: "Salesforce: adding a root to an org's trusted list",
        stages: &[first(
            "Salesforce adds a root to its trusted list only through a support case, judged case by case against \
             Mozilla's root store and the US Federal PKI, with no promise even for roots in those stores, and never \
             adds intermediates.",
        )],
        sources: &[src(
            "Salesforce knowledge article 000385468: Know more about all the SSL certificates that are supported by Salesforce",
            "https://help.salesforce.com/s/articleView?id=000385468&type=1",
        )],
        checked: CHECKED,
        found: "\"If the root certificate authority (CA) that you are planning to use for your service is not \
            supported, raise a support request to Salesforce before starting to use the certificates chained to \
            this root CA. Salesforce will use well known CA trust stores such as Mozilla's Root Store and the \
            Federal PKI graph as a baseline … the presence of a root CA in one of these well known trust stores does \
            not guarantee that your request will be accepted … case-by-case.\" Intermediates are never added.",
    },
    Fact {
        id: SF_MUTUAL_AUTH_ENABLED,
        topic: "Salesforce: who turns on inbound mutual authentication",
        stages: &[first(
            "Salesforce Support turns mutual authentication on for an org; until then Setup → Certificate and Key \
             Management has no Mutual Authentication Certificates section.",
        )],
        sources: &[
            src(
                "Salesforce knowledge article 000240864: Mutual Authentication to Salesforce",
                "https://help.salesforce.com/apex/HTViewSolution?id=000240864&language=en_US",
            ),
            src(
                "SnapLogic: Salesforce Mutual Authentication setup",
                "https://docs-snaplogic.atlassian.net/wiki/pages/diffpagesbyversion.action?pageId=2407268375&selectedPageVersions=9&selectedPageVersions=10",
            ),
        ],
        checked: CHECKED,
        found: "Article 000240864, administrator actions: \"Contact Salesforce Support to have mutual authentication \
            turned on for your organization.\" SnapLogic: the Mutual Authentication Certificate section is not \
            visible by default; raise a request to Salesforce Support. Testing in a sandbox first is certchain's \
            advice (a sandbox is a separate org with its own setting and upload), not a Salesforce statement.",
    },
    Fact {
        id: SF_CLIENT_CERT_PER_ORG,
        topic: "Salesforce: a mutual-authentication certificate belongs to one org",
        stages: &[first(
            "Salesforce Help: the client certificate must be used only in your org, so each org the client calls \
             (production and every sandbox) needs its own upload.",
        )],
        sources: &[SF_MUTUAL_AUTH_API],
        checked: CHECKED,
        found: "\"For security reasons, the client certificate must be used only in your org.\" That each sandbox \
            needs its own upload follows from sandboxes being separate orgs.",
    },
    Fact {
        id: SF_HYPERFORCE_SNI,
        topic: "Salesforce: Hyperforce needs SNI",
        stages: &[first(
            "On Hyperforce each Salesforce domain has its own certificate, chosen by the host name the client sends \
             in SNI: a client that sends no SNI gets a default *.my.salesforce.com certificate and may fail the \
             handshake (curl sends SNI; with openssl s_client give -servername).",
        )],
        sources: &[src(
            "Salesforce knowledge article 000363859: Resolve HTTPS/SSL connection errors in Hyperforce with SNI",
            "https://help.salesforce.com/s/articleView?id=000363859&type=1",
        )],
        checked: CHECKED,
        found: "\"To serve the correct certificate, Hyperforce requires web browsers and API callers to specify the \
            desired domain by including a Service Name Indication (SNI) extension … in the absence of SNI, \
            Hyperforce returns a default certificate that supports all *.my.salesforce.com and \
            *.sandbox.my.salesforce.com domains.\" (published 2026-01-16).",
    },
];

/// `docs/facts.md`: every fact with its wording over time, sources, checked date and findings.
pub fn markdown() -> String {
    let mut out = String::new();
    out.push_str(
        "# Facts certchain relies on\n\n\
         <!-- Generated from crates/core/src/facts.rs by scripts/gen-docs; do not edit by hand. -->\n\n\
         Every statement certchain makes about Salesforce, the public CAs and the root programs comes from this \
         table. Dates move: each fact says when its sources were last checked, what they said and where they \
         disagree, and how certchain words it before and after each date. The wording a report uses is chosen by \
         its analysis time (`--at` in the CLI, the check time on the page), so a report made after a date speaks \
         of it in the past tense.\n\n",
    );
    for f in FACTS {
        out.push_str(&format!("## {}\n\n`{}` — checked {}\n\n", f.topic, f.id, f.checked));
        if f.stages.len() == 1 {
            out.push_str(&format!("What certchain says: {}\n\n", f.stages[0].text));
        } else {
            out.push_str("| From | What certchain says |\n|---|---|\n");
            for s in f.stages {
                out.push_str(&format!("| {} | {} |\n", s.from.unwrap_or("(before)"), s.text.replace('|', "\\|")));
            }
            out.push('\n');
        }
        out.push_str(&format!("What the sources say: {}\n\nSources:\n\n", f.found));
        for s in f.sources {
            out.push_str(&format!("- [{}]({})\n", s.title, s.url));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fact_has_a_source_a_checked_date_and_ordered_stages() {
        for f in FACTS {
            assert!(!f.id.is_empty() && !f.topic.is_empty() && !f.found.is_empty(), "{}: id, topic, found", f.id);
            assert!(!f.sources.is_empty(), "{}: no source", f.id);
            for s in f.sources {
                assert!(!s.title.is_empty() && s.url.starts_with("https://"), "{}: source {s:?}", f.id);
            }
            assert!(day(f.checked).is_some(), "{}: checked date '{}' is not YYYY-MM-DD", f.id, f.checked);
            assert!(!f.stages.is_empty() && f.stages[0].from.is_none(), "{}: first stage must have no date", f.id);
            let dates: Vec<UnixTime> =
                f.stages[1..].iter().map(|s| s.from.and_then(day).expect("every later stage has a date")).collect();
            assert!(dates.windows(2).all(|w| w[0] < w[1]), "{}: stage dates out of order", f.id);
            assert!(f.stages.iter().all(|s| !s.text.is_empty()), "{}: empty text", f.id);
        }
        let mut ids: Vec<&str> = FACTS.iter().map(|f| f.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), FACTS.len(), "duplicate fact id");
    }

    #[test]
    fn every_fact_used_exists() {
        for id in USED {
            assert_eq!(fact(id).id, id, "fact '{id}' is used by the code but not in FACTS");
        }
        for f in FACTS {
            assert!(USED.contains(&f.id), "fact '{}' is in FACTS but the code never uses it", f.id);
        }
    }

    #[test]
    fn wording_follows_the_analysis_time() {
        let at = |d: &str| day(d).unwrap();
        let f = fact(CHROME_LEAF_CLIENT_AUTH);
        assert!(f.text_at(at("2026-12-04")).contains("issued from 2027-03-15"));
        assert!(f.text_at(at("2027-03-14")).contains("issued from 2027-03-15"));
        assert!(f.text_at(at("2027-03-15")).starts_with("Since 2027-03-15"));
        assert!(f.text_at(at("2030-01-01")).starts_with("Since 2027-03-15"));
        let d = fact(DIGICERT_CLIENT_AUTH);
        assert!(d.text_at(at("2025-01-01")).contains("by default until 2025-10-01"));
        assert!(d.text_at(at("2026-12-04")).contains("on request until 2027-03-01"));
        assert!(d.text_at(at("2027-06-01")).contains("stopped"));
        assert_eq!(d.last_date(), Some(at("2027-03-01")));
        assert_eq!(fact(SF_LOGIN_8443).last_date(), None);
        assert!(text(TLS_MAX_VALIDITY, at("2026-12-04")).contains("at most 200 days"));
        assert!(text(TLS_MAX_VALIDITY, at("2029-03-15")).contains("at most 47 days"));
        assert_eq!(text("no_such_fact", at("2026-12-04")), "");
    }
}
