//! Certificate policy processing: RFC 5280 §6.1.2–§6.1.5 (certificatePolicies, policyMappings,
//! policyConstraints, inhibitAnyPolicy and the four initial inputs).
//!
//! RFC 5280's valid_policy_tree can grow exponentially with the path's depth: every level may
//! duplicate every branch (OpenSSL's CVE-2023-0464). This module uses the policy *graph* of
//! RFC 9618 instead, as Go's crypto/x509 (1.22+) and BoringSSL do: each depth holds at most one
//! node per policy OID and a node may have several parents, so the structure is polynomial in
//! the input, and RFC 9618 §3 shows it accepts exactly the paths the tree accepts. A node budget
//! ([`POLICY_NODE_BUDGET`]) still bounds hostile inputs.
//!
//! Policy qualifiers are parsed with the certificate (x509-cert's `CertificatePolicies`), never
//! used: RFC 5280 §6.1.5 (g) hands them to applications that ask, and certchain does not.
//!
//! The result is typed ([`PolicyOutcome`] / [`PolicyError`]); [`crate::checks`] turns an error
//! into a `policy_violation` finding.

pub use crate::budget::POLICY_NODE_BUDGET;
use crate::cert::Cert;
use std::collections::HashMap;

/// anyPolicy (RFC 5280 §4.2.1.4), dotted.
pub use crate::oids::policy::ANY_POLICY_DOTTED as ANY_POLICY;

/// The initial inputs of RFC 5280 §6.1.1 (c), (e), (f), (g). The default is the RFC's (and
/// PKITS's) "any policy, nothing required": user-initial-policy-set = {anyPolicy}, the three
/// flags false.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyInputs {
    /// user-initial-policy-set as dotted OIDs; empty means {anyPolicy}.
    pub initial_policy_set: Vec<String>,
    /// initial-policy-mapping-inhibit.
    pub initial_policy_mapping_inhibit: bool,
    /// initial-explicit-policy.
    pub initial_explicit_policy: bool,
    /// initial-any-policy-inhibit.
    pub initial_any_policy_inhibit: bool,
}

/// A certificate policy given by a user (`--policy`): a dotted OID, or `anyPolicy`. Returns the
/// canonical dotted form, or why it is not one.
pub fn parse_policy_oid(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("anyPolicy") {
        return Ok(ANY_POLICY.to_string());
    }
    der::asn1::ObjectIdentifier::new(text)
        .map(|oid| oid.to_string())
        .map_err(|_| format!("'{text}' is not a policy OID (dotted numbers such as 2.23.140.1.2.1, or anyPolicy)"))
}

/// A path that passes policy processing (RFC 5280 §6.1.5 (g)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyOutcome {
    /// The policies the CAs allow, in the trust anchor's domain (dotted OIDs; may hold anyPolicy).
    pub authorities_constrained_policy_set: Vec<String>,
    /// The same intersected with user-initial-policy-set: the policies the path is valid for.
    pub user_constrained_policy_set: Vec<String>,
    /// explicit_policy reached 0: the path had to carry an acceptable policy (and does).
    pub explicit_policy_required: bool,
}

impl PolicyOutcome {
    /// The path is valid for any policy (the usual case: nothing asked, anyPolicy allowed).
    pub fn is_any(&self) -> bool {
        self.user_constrained_policy_set.iter().any(|p| p == ANY_POLICY)
    }
}

/// Why the set of valid policies became empty at a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyLoss {
    /// The certificate has no certificatePolicies extension (§6.1.3 (e)).
    NoPoliciesExtension,
    /// None of its policies is among those still valid, and anyPolicy did not help: absent, or
    /// inhibited by inhibitAnyPolicy (§6.1.3 (d)).
    NoMatchingPolicy,
    /// Policy mapping was inhibited and the mapped policies were deleted (§6.1.4 (b)(2)).
    MappingInhibited,
}

/// A path that fails policy processing. Certificate indices are into the path given to
/// [`process`] (leaf first, trust anchor excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyError {
    /// §6.1.4 (a): a CA maps anyPolicy to or from another policy.
    AnyPolicyMapping { cert: usize, issuer_domain_policy: String, subject_domain_policy: String },
    /// §6.1.3 (f) / §6.1.5: an explicit policy is required but the path is valid for none (of
    /// the user's).
    NoExplicitPolicy {
        /// The certificate whose requireExplicitPolicy made it required; `None` = the caller's
        /// initial-explicit-policy.
        required_by: Option<usize>,
        /// Where the valid policies ran out, and why; `None` = some remain but none of them is
        /// in user-initial-policy-set.
        lost_at: Option<(usize, PolicyLoss)>,
    },
    /// The graph would exceed [`POLICY_NODE_BUDGET`]: the result is not confirmed.
    Budget { cert: usize },
}

#[derive(Debug, Clone)]
struct Node {
    policy: u32,
    expected: Vec<u32>,
    /// Indices into the previous depth.
    parents: Vec<usize>,
    children: usize,
    alive: bool,
}

/// The valid_policy_graph of RFC 9618 §4: `levels[0]` is the anyPolicy root.
struct Graph {
    levels: Vec<Vec<Node>>,
    nodes: usize,
}

impl Graph {
    fn new(any: u32) -> Graph {
        let root = Node { policy: any, expected: vec![any], parents: Vec::new(), children: 0, alive: true };
        Graph { levels: vec![vec![root]], nodes: 1 }
    }

    fn depth(&self) -> usize {
        self.levels.len() - 1
    }

    fn find(&self, depth: usize, policy: u32) -> Option<usize> {
        self.levels[depth].iter().position(|n| n.alive && n.policy == policy)
    }

    /// Add a node at the current depth; `Err` when over budget.
    fn add(&mut self, policy: u32, expected: Vec<u32>, parents: Vec<usize>) -> Result<(), ()> {
        if self.nodes >= POLICY_NODE_BUDGET {
            return Err(());
        }
        self.nodes += 1;
        let depth = self.depth();
        for &p in &parents {
            self.levels[depth - 1][p].children += 1;
        }
        self.levels[depth].push(Node { policy, expected, parents, children: 0, alive: true });
        Ok(())
    }

    fn delete(&mut self, depth: usize, index: usize) {
        let node = &mut self.levels[depth][index];
        if !node.alive {
            return;
        }
        node.alive = false;
        let parents = std::mem::take(&mut node.parents);
        if depth > 0 {
            for p in parents {
                self.levels[depth - 1][p].children -= 1;
            }
        }
    }

    /// §6.1.3 (d)(3), §6.1.4 (b)(2)(ii): delete nodes above the current depth that have no
    /// children, repeatedly. `false` when nothing is left at the current depth (the graph is
    /// then NULL: pruning would delete the root too).
    fn prune(&mut self) -> bool {
        for depth in (0..self.depth()).rev() {
            for index in 0..self.levels[depth].len() {
                if self.levels[depth][index].alive && self.levels[depth][index].children == 0 {
                    self.delete(depth, index);
                }
            }
        }
        self.levels[self.depth()].iter().any(|n| n.alive)
    }
}

/// OIDs as small integers for the graph (each path's policies are few and compared often).
#[derive(Default)]
struct Interner<'a> {
    ids: HashMap<&'a str, u32>,
    names: Vec<&'a str>,
}

impl<'a> Interner<'a> {
    fn id(&mut self, oid: &'a str) -> u32 {
        if let Some(&id) = self.ids.get(oid) {
            return id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(oid, id);
        self.names.push(oid);
        id
    }
}

/// Run RFC 5280 §6.1 policy processing over `path`: leaf first, trust anchor excluded (§6.1:
/// the anchor's own extensions do not take part).
pub fn process(path: &[&Cert], inputs: &PolicyInputs) -> Result<PolicyOutcome, PolicyError> {
    let n = path.len();
    if n == 0 {
        // The trust anchor alone (a pinned certificate): no certificate to process (§6.1 assumes
        // n ≥ 1; its wrap-up would otherwise demand an explicit policy of an empty path).
        let any = vec![ANY_POLICY.to_string()];
        return Ok(PolicyOutcome {
            authorities_constrained_policy_set: any.clone(),
            user_constrained_policy_set: any,
            explicit_policy_required: false,
        });
    }
    let mut ids = Interner::default();
    let any = ids.id(ANY_POLICY);
    // §6.1.2 (d)–(f): 0 when the input asks for it, n+1 otherwise.
    let initial = |set: bool| if set { 0 } else { n + 1 };
    let mut explicit_policy = initial(inputs.initial_explicit_policy);
    let mut inhibit_any_policy = initial(inputs.initial_any_policy_inhibit);
    let mut policy_mapping = initial(inputs.initial_policy_mapping_inhibit);
    let mut required_by: Option<usize> = None;
    let mut lost_at: Option<(usize, PolicyLoss)> = None;
    let mut graph = Some(Graph::new(any));

    // RFC 5280 numbers the path from the anchor's side: certificate i (1..=n) is path[n - i].
    for i in 1..=n {
        let index = n - i;
        let cert = path[index];
        let self_issued = cert.is_self_issued();
        if let Some(g) = graph.as_mut() {
            if cert.policies.is_empty() {
                // §6.1.3 (e).
                graph = None;
                lost_at = Some((index, PolicyLoss::NoPoliciesExtension));
            } else {
                g.levels.push(Vec::new());
                let depth = g.depth();
                // Parents expecting each policy (the previous depth's expected_policy_set).
                let mut expecting: HashMap<u32, Vec<usize>> = HashMap::new();
                for (p, node) in g.levels[depth - 1].iter().enumerate().filter(|(_, n)| n.alive) {
                    for &e in &node.expected {
                        expecting.entry(e).or_default().push(p);
                    }
                }
                let any_parent = g.find(depth - 1, any);
                let mut has_any = false;
                // §6.1.3 (d)(1) as updated by RFC 9618 §4.2.
                for policy in &cert.policies {
                    let id = ids.id(policy);
                    if id == any {
                        has_any = true;
                        continue;
                    }
                    if g.find(depth, id).is_some() {
                        continue; // a repeated OID (RFC 5280 §4.2.1.4 forbids it) adds nothing
                    }
                    let parents = match expecting.get(&id) {
                        Some(parents) => parents.clone(),
                        None => match any_parent {
                            Some(a) => vec![a],
                            None => continue,
                        },
                    };
                    g.add(id, vec![id], parents).map_err(|()| PolicyError::Budget { cert: index })?;
                }
                // §6.1.3 (d)(2) as updated by RFC 9618 §4.3: anyPolicy stands for every policy
                // the previous depth expects, unless inhibited (a self-issued CA is exempt).
                if has_any && (inhibit_any_policy > 0 || (i < n && self_issued)) {
                    let mut missing: Vec<(u32, Vec<usize>)> = Vec::new();
                    for (p, node) in g.levels[depth - 1].iter().enumerate().filter(|(_, n)| n.alive) {
                        for &e in &node.expected {
                            if g.levels[depth].iter().any(|c| c.alive && c.policy == e) {
                                continue;
                            }
                            match missing.iter_mut().find(|(m, _)| *m == e) {
                                Some((_, parents)) => parents.push(p),
                                None => missing.push((e, vec![p])),
                            }
                        }
                    }
                    for (policy, parents) in missing {
                        g.add(policy, vec![policy], parents).map_err(|()| PolicyError::Budget { cert: index })?;
                    }
                }
                // §6.1.3 (d)(3).
                if !g.prune() {
                    graph = None;
                    lost_at = Some((index, PolicyLoss::NoMatchingPolicy));
                }
            }
        }
        // §6.1.3 (f).
        if explicit_policy == 0 && graph.is_none() {
            return Err(PolicyError::NoExplicitPolicy { required_by, lost_at });
        }
        if i == n {
            break;
        }
        // §6.1.4 (a): anyPolicy may not be mapped, whatever the state.
        for (issuer_domain_policy, subject_domain_policy) in &cert.policy_mappings {
            if issuer_domain_policy == ANY_POLICY || subject_domain_policy == ANY_POLICY {
                return Err(PolicyError::AnyPolicyMapping {
                    cert: index,
                    issuer_domain_policy: issuer_domain_policy.clone(),
                    subject_domain_policy: subject_domain_policy.clone(),
                });
            }
        }
        // §6.1.4 (b) as updated by RFC 9618 §4.4.
        if let Some(g) = graph.as_mut()
            && !cert.policy_mappings.is_empty()
        {
            let mut mapped: Vec<(u32, Vec<u32>)> = Vec::new();
            for (issuer_policy, subject_policy) in &cert.policy_mappings {
                let (from, to) = (ids.id(issuer_policy), ids.id(subject_policy));
                match mapped.iter_mut().find(|(f, _)| *f == from) {
                    Some((_, targets)) if !targets.contains(&to) => targets.push(to),
                    Some(_) => {}
                    None => mapped.push((from, vec![to])),
                }
            }
            let depth = g.depth();
            if policy_mapping > 0 {
                // (b)(1): the mapped policy now expects its subject-domain equivalents.
                for (from, targets) in mapped {
                    if let Some(node) = g.find(depth, from) {
                        g.levels[depth][node].expected = targets;
                    } else if g.find(depth, any).is_some()
                        && let Some(parent) = g.find(depth - 1, any)
                    {
                        g.add(from, targets, vec![parent]).map_err(|()| PolicyError::Budget { cert: index })?;
                    }
                }
            } else {
                // (b)(2): mapping inhibited: the mapped policies end here.
                for (from, _) in mapped {
                    if let Some(node) = g.find(depth, from) {
                        g.delete(depth, node);
                    }
                }
                if !g.prune() {
                    graph = None;
                    lost_at = Some((index, PolicyLoss::MappingInhibited));
                }
            }
        }
        // §6.1.4 (h): only certificates that are not self-issued count.
        if !self_issued {
            explicit_policy = explicit_policy.saturating_sub(1);
            policy_mapping = policy_mapping.saturating_sub(1);
            inhibit_any_policy = inhibit_any_policy.saturating_sub(1);
        }
        // §6.1.4 (i), (j).
        if let Some(skip) = cert.require_explicit_policy.map(|s| s as usize)
            && skip < explicit_policy
        {
            explicit_policy = skip;
            required_by = Some(index);
        }
        if let Some(skip) = cert.inhibit_policy_mapping.map(|s| s as usize) {
            policy_mapping = policy_mapping.min(skip);
        }
        if let Some(skip) = cert.inhibit_any_policy.map(|s| s as usize) {
            inhibit_any_policy = inhibit_any_policy.min(skip);
        }
    }
    // §6.1.5 (a), (b).
    explicit_policy = explicit_policy.saturating_sub(1);
    if let Some(leaf) = path.first()
        && leaf.require_explicit_policy == Some(0)
    {
        explicit_policy = 0;
        required_by = Some(0);
    }
    // §6.1.5 (g) as updated by RFC 9618 §4.6: the nodes whose only parent is anyPolicy (where a
    // policy enters the anchor's domain), plus anyPolicy at the last depth.
    let mut authorities: Vec<String> = Vec::new();
    if let Some(g) = &graph {
        for depth in 1..=g.depth() {
            for node in g.levels[depth].iter().filter(|n| n.alive) {
                let enters =
                    node.policy != any && node.parents.len() == 1 && g.levels[depth - 1][node.parents[0]].policy == any;
                let last_any = depth == g.depth() && node.policy == any;
                let name = ids.names[node.policy as usize];
                if (enters || last_any) && !authorities.iter().any(|a| a == name) {
                    authorities.push(name.to_string());
                }
            }
        }
    }
    let user_set: Vec<&str> = inputs.initial_policy_set.iter().map(String::as_str).collect();
    let user = if user_set.is_empty() || user_set.contains(&ANY_POLICY) {
        authorities.clone()
    } else {
        let mut user: Vec<String> = authorities.iter().filter(|a| user_set.contains(&a.as_str())).cloned().collect();
        if authorities.iter().any(|a| a == ANY_POLICY) {
            for wanted in user_set {
                if !user.iter().any(|u| u == wanted) {
                    user.push(wanted.to_string());
                }
            }
        }
        user
    };
    if explicit_policy == 0 && user.is_empty() {
        return Err(PolicyError::NoExplicitPolicy { required_by, lost_at });
    }
    Ok(PolicyOutcome {
        authorities_constrained_policy_set: authorities,
        user_constrained_policy_set: user,
        explicit_policy_required: explicit_policy == 0,
    })
}
