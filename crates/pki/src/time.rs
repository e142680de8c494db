//! Seconds since the Unix epoch, with RFC 3339 formatting and parsing.
//!
//! The core never reads a clock: the caller passes "now" in [`crate::Options::at`], so the same
//! code runs natively and in wasm, and tests are reproducible.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time, in whole seconds since 1970-01-01T00:00:00Z (may be negative).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(pub i64);

impl UnixTime {
    /// Parse RFC 3339 (`2026-11-23T10:00:00Z`, `2024-01-01T00:00:00+00:00`, fractional seconds ignored).
    pub fn parse_rfc3339(s: &str) -> Result<UnixTime, String> {
        let err = || format!("'{s}' is not an RFC 3339 time such as 2026-11-23T10:00:00Z");
        let b = s.trim().as_bytes();
        if b.len() < 19
            || b[4] != b'-'
            || b[7] != b'-'
            || !(b[10] == b'T' || b[10] == b't' || b[10] == b' ')
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(err());
        }
        let num = |r: std::ops::Range<usize>| -> Result<i64, String> {
            let t = std::str::from_utf8(&b[r]).map_err(|_| err())?;
            if !t.bytes().all(|c| c.is_ascii_digit()) {
                return Err(err());
            }
            t.parse::<i64>().map_err(|_| err())
        };
        let (y, mo, d, h, mi, se) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 60 {
            return Err(err());
        }
        let mut rest = &b[19..];
        if rest.first() == Some(&b'.') {
            let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return Err(err());
            }
            rest = &rest[1 + n..];
        }
        let offset = match rest {
            [b'Z'] | [b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let dig = |c: &u8| -> Result<i64, String> {
                    if c.is_ascii_digit() { Ok((c - b'0') as i64) } else { Err(err()) }
                };
                let off = (dig(h1)? * 10 + dig(h2)?) * 3600 + (dig(m1)? * 10 + dig(m2)?) * 60;
                if *sign == b'+' { off } else { -off }
            }
            _ => return Err(err()),
        };
        Ok(UnixTime(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset))
    }

    /// Format as `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn to_rfc3339(self) -> String {
        let days = self.0.div_euclid(86400);
        let secs = self.0.rem_euclid(86400);
        let (y, m, d) = civil_from_days(days);
        format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60)
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier), rounded toward
    /// zero so that the same span reads the same both ways: a certificate that expired 2940.5
    /// days ago "expired 2940 days ago" in the summary and "2940 days before" in the finding.
    pub fn days_until(self, other: UnixTime) -> i64 {
        (other.0 - self.0) / 86400
    }
}

impl std::fmt::Display for UnixTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl Serialize for UnixTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for UnixTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        UnixTime::parse_rfc3339(&text).map_err(serde::de::Error::custom)
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's `days_from_civil`: days since 1970-01-01 for a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// Inverse of [`days_from_civil`].
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_rfc3339() {
        for s in ["1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z", "1950-06-01T12:00:00Z", "9999-12-31T23:59:59Z"] {
            assert_eq!(UnixTime::parse_rfc3339(s).unwrap().to_rfc3339(), s);
        }
        assert_eq!(UnixTime::parse_rfc3339("2024-01-01T00:00:00+00:00").unwrap().0, 1704067200);
        assert_eq!(UnixTime::parse_rfc3339("2024-01-01T01:30:00.123+01:30").unwrap().0, 1704067200);
    }

    #[test]
    fn rejects_bad_times() {
        for s in [
            "",
            "2024-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-01-01",
            "2024-01-01T00:00:00",
            "2024-01-01T00:00:00+0100",
        ] {
            assert!(UnixTime::parse_rfc3339(s).is_err(), "{s}");
        }
    }
}
