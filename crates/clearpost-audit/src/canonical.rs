//! Canonical JSON: the one byte form of a value that hashes and signatures
//! cover. Object keys are sorted by their UTF-8 bytes at every depth, there is
//! no insignificant whitespace, and strings and numbers use serde_json's
//! escaping. Keys are sorted here explicitly rather than relying on
//! `serde_json::Map` being a `BTreeMap`: another crate in the build enabling
//! serde_json's `preserve_order` feature would silently change that.

use serde::Serialize;
use serde_json::Value;

/// Serialises `value` to canonical JSON bytes.
pub fn to_canonical_bytes<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let value = serde_json::to_value(value)?;
    let mut out = Vec::with_capacity(128);
    write_value(&value, &mut out)?;
    Ok(out)
}

/// Serialises `value` to a canonical JSON string.
pub fn to_canonical_string<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let bytes = to_canonical_bytes(value)?;
    // Only serde_json output and ASCII punctuation were written: valid UTF-8.
    Ok(String::from_utf8(bytes).expect("serde_json writes UTF-8"))
}

/// True when `text` is exactly the canonical form of the JSON it holds.
pub fn is_canonical(text: &str) -> bool {
    match serde_json::from_str::<Value>(text) {
        Ok(value) => to_canonical_string(&value).is_ok_and(|c| c == text),
        Err(_) => false,
    }
}

fn write_value(value: &Value, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push(b'{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut *out, key)?;
                out.push(b':');
                write_value(item, out)?;
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(item, out)?;
            }
            out.push(b']');
        }
        scalar => serde_json::to_writer(&mut *out, scalar)?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorts_keys_at_every_depth_without_whitespace() {
        let value = json!({"b": 1, "a": {"z": [3, {"y": true, "x": null}], "c": "é\n"}});
        assert_eq!(
            to_canonical_string(&value).unwrap(),
            r#"{"a":{"c":"é\n","z":[3,{"x":null,"y":true}]},"b":1}"#
        );
    }

    #[test]
    fn same_value_in_different_key_order_gives_same_bytes() {
        let one: Value = serde_json::from_str(r#"{"x": 1, "y": [1,2]}"#).unwrap();
        let two: Value = serde_json::from_str(r#"{ "y":[1, 2] ,"x":1}"#).unwrap();
        assert_eq!(
            to_canonical_bytes(&one).unwrap(),
            to_canonical_bytes(&two).unwrap()
        );
    }

    #[test]
    fn recognises_non_canonical_text() {
        assert!(is_canonical(r#"{"a":1,"b":2}"#));
        assert!(!is_canonical(r#"{"b":2,"a":1}"#));
        assert!(!is_canonical(r#"{"a": 1}"#));
        assert!(!is_canonical("not json"));
    }
}
