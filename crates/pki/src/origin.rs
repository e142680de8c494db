//! Where each object the user gave came from (file, line, container): the floor every module
//! that reports on an input shares.
use serde::{Deserialize, Serialize};

/// Where an object came from, for messages ("chain.pem, line 12").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Origin {
    /// Index into the inputs given to [`crate::analyze`].
    pub input: usize,
    /// The input's name (file name or `pasted text`).
    pub file: String,
    /// 1-based line of the PEM `-----BEGIN` line, for text inputs.
    pub line: Option<usize>,
    /// Position inside a container: `PKCS#7 certificate 2`, `PKCS#12 bag 1`, `JKS alias "mykey"`.
    pub container: Option<String>,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(c) = &self.container {
            write!(f, " ({c})")?;
        }
        Ok(())
    }
}
