//! Where [`Webhook::verify`](crate::Webhook) reads the `webhook-*` headers from.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};

/// Read access to the HTTP headers of a webhook delivery, so verification works with any HTTP
/// library without this crate depending on it.
///
/// Implemented for:
///
/// - slices, arrays and `Vec`s of name/value pairs (`[(&str, &str)]`, `[(String, String); N]`,
///   `Vec<(String, String)>`, …): the first pair whose name matches wins;
/// - `HashMap<String, String>` and `BTreeMap<String, String>` (and `&str` keys): an exact lookup,
///   then a case-insensitive scan;
/// - `http::HeaderMap` with the `http` feature (http 1.x): the first value of the header; a
///   value that is not UTF-8 counts as absent (verification then reports the header as missing);
/// - references to any of these, so both `verify(body, &map)` and `verify(body, map)` work.
///
/// Names are matched ASCII case-insensitively, as HTTP requires. To adapt another header type,
/// implement this trait for it (or collect the three `webhook-*` headers into an array).
///
/// ```
/// use webhook_types::HeaderSource;
///
/// let headers = [("Webhook-Id", "msg_1"), ("webhook-timestamp", "1700000000")];
/// assert_eq!(headers.header("webhook-id"), Some("msg_1"));
/// assert_eq!(headers.header("webhook-signature"), None);
/// ```
pub trait HeaderSource {
    /// The value of the header `name` (matched ASCII case-insensitively), or `None` if the
    /// header is absent or its value is not text.
    fn header(&self, name: &str) -> Option<&str>;
}

impl<T: HeaderSource + ?Sized> HeaderSource for &T {
    fn header(&self, name: &str) -> Option<&str> {
        (**self).header(name)
    }
}

impl<T: HeaderSource + ?Sized> HeaderSource for Box<T> {
    fn header(&self, name: &str) -> Option<&str> {
        (**self).header(name)
    }
}

/// The first `(name, value)` whose name matches `name` ASCII case-insensitively.
fn scan<'a>(mut headers: impl Iterator<Item = (&'a str, &'a str)>, name: &str) -> Option<&'a str> {
    // Exact first: senders and `http` write header names in lower case.
    headers
        .find(|(k, _)| *k == name || k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

fn scan_pairs<'a, K, V>(pairs: &'a [(K, V)], name: &str) -> Option<&'a str>
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    scan(pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref())), name)
}

impl<K: AsRef<str>, V: AsRef<str>> HeaderSource for [(K, V)] {
    fn header(&self, name: &str) -> Option<&str> {
        scan_pairs(self, name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> HeaderSource for [(K, V); N] {
    fn header(&self, name: &str) -> Option<&str> {
        scan_pairs(self, name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> HeaderSource for Vec<(K, V)> {
    fn header(&self, name: &str) -> Option<&str> {
        scan_pairs(self, name)
    }
}

impl<K, V, S> HeaderSource for HashMap<K, V, S>
where
    K: Borrow<str> + Hash + Eq,
    V: AsRef<str>,
    S: BuildHasher,
{
    fn header(&self, name: &str) -> Option<&str> {
        if let Some(v) = self.get(name) {
            return Some(v.as_ref());
        }
        scan(self.iter().map(|(k, v)| (k.borrow(), v.as_ref())), name)
    }
}

impl<K, V> HeaderSource for BTreeMap<K, V>
where
    K: Borrow<str> + Ord,
    V: AsRef<str>,
{
    fn header(&self, name: &str) -> Option<&str> {
        if let Some(v) = self.get(name) {
            return Some(v.as_ref());
        }
        scan(self.iter().map(|(k, v)| (k.borrow(), v.as_ref())), name)
    }
}

/// `http::HeaderMap` (http 1.x). Header names in a `HeaderMap` are already case-insensitive.
/// Only the first value of a repeated header is read. A value that is not valid UTF-8 is
/// treated as absent.
#[cfg(feature = "http")]
impl HeaderSource for http::HeaderMap {
    fn header(&self, name: &str) -> Option<&str> {
        std::str::from_utf8(self.get(name)?.as_bytes()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::HeaderSource;
    use std::collections::{BTreeMap, HashMap};

    #[test]
    fn pairs_are_case_insensitive_and_first_wins() {
        let pairs = vec![
            ("Webhook-Id".to_owned(), "a".to_owned()),
            ("webhook-id".to_owned(), "b".to_owned()),
        ];
        assert_eq!(pairs.header("webhook-id"), Some("a"));
        assert_eq!(pairs.as_slice().header("WEBHOOK-ID"), Some("a"));
        assert_eq!(pairs.header("webhook-timestamp"), None);
    }

    #[test]
    fn maps_try_exact_then_scan() {
        let mut hash = HashMap::new();
        hash.insert("WEBHOOK-ID".to_owned(), "x".to_owned());
        assert_eq!(hash.header("webhook-id"), Some("x"));
        assert_eq!(HeaderSource::header(&&hash, "webhook-id"), Some("x"));
        let mut tree = BTreeMap::new();
        tree.insert("webhook-id", "y");
        assert_eq!(tree.header("Webhook-Id"), Some("y"));
        assert_eq!(tree.header("webhook-signature"), None);
    }
}
