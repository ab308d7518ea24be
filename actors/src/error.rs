//! Bad input, named by the JSON path where it was found. The pure modules use
//! this instead of the runtime's `Error` so they build without tokio or ractor;
//! the actor shells turn it into `Error::validation(path, message)`.

use serde::de::DeserializeOwned;
use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// JSON path of the offending value (`treatment_plan[0].dosage`), empty for the whole document.
    pub path: String,
    pub message: String,
}

impl InputError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }

    /// Prefixes the path, for a value decoded inside a larger document.
    pub fn at(mut self, prefix: &str) -> Self {
        self.path = join(prefix, &self.path);
        self
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for InputError {}

/// Joins JSON path segments: `join("a", "b[0]")` is `a.b[0]`, `join("a", "[0]")` is `a[0]`.
pub fn join(prefix: &str, rest: &str) -> String {
    match (prefix.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_string(),
        (_, true) => prefix.to_string(),
        _ if rest.starts_with('[') => format!("{prefix}{rest}"),
        _ => format!("{prefix}.{rest}"),
    }
}

/// How one message type's body becomes an actor's request.
pub type Decoder<T> = fn(Value) -> Result<T, InputError>;

/// The message types of a decoder table, in its order: an actor's `TYPES`
/// is derived from the table that decodes them, so the two cannot drift.
pub const fn type_names<T, const N: usize>(
    table: &[(&'static str, Decoder<T>); N],
) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = table[i].0;
        i += 1;
    }
    out
}

/// Decodes a `{"type": ..., ...}` message with the table's decoder for its
/// type; an unknown type names the ones the table has.
pub fn dispatch<T>(value: Value, table: &[(&'static str, Decoder<T>)]) -> Result<T, InputError> {
    let (tag, body) = tagged(value)?;
    match table.iter().find(|(name, _)| *name == tag) {
        Some((_, decoder)) => decoder(body),
        None => Err(unknown_type(
            &tag,
            &table.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
        )),
    }
}

/// An unknown message `type`, naming the ones the actor takes.
pub fn unknown_type(tag: &str, types: &[&str]) -> InputError {
    InputError::new(
        "type",
        format!(
            "unknown message type {tag:?}; expected one of: {}",
            types.join(", ")
        ),
    )
}

/// Bad input as the runtime's `validation` error, keeping its path (for the
/// actor shells).
#[cfg(feature = "runtime")]
pub fn invalid(e: InputError) -> hms_runtime::Error {
    hms_runtime::Error::validation(e.path, e.message)
}

/// Decodes `T` from a JSON value; the error names the path that failed.
pub fn decode<T: DeserializeOwned>(value: Value) -> Result<T, InputError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = clean_path(&e.path().to_string());
        InputError::new(path, e.into_inner().to_string())
    })
}

/// Decodes `T` from JSON text: syntax errors give line and column, the rest the path.
pub fn decode_str<T: DeserializeOwned>(text: &str) -> Result<T, InputError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = clean_path(&e.path().to_string());
        InputError::new(path, e.into_inner().to_string())
    })?;
    de.end()
        .map_err(|e| InputError::new("", format!("trailing characters: {e}")))?;
    Ok(value)
}

// serde_path_to_error writes the root as "." (and "?" where a syntax error
// left no position); we write both as "".
fn clean_path(path: &str) -> String {
    if path == "." || path == "?" {
        String::new()
    } else {
        path.to_string()
    }
}

/// Splits an internally tagged message (`{"type": "x", ...}`) into its tag and body.
pub fn tagged(value: Value) -> Result<(String, Value), InputError> {
    let Value::Object(mut map) = value else {
        return Err(InputError::new(
            "",
            "expected a JSON object with a \"type\" field",
        ));
    };
    match map.remove("type") {
        Some(Value::String(tag)) => Ok((tag, Value::Object(map))),
        Some(_) => Err(InputError::new("type", "expected a string")),
        None => Err(InputError::new("type", "missing field")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Outer {
        #[allow(dead_code)]
        items: Vec<Inner>,
    }
    #[derive(Debug, serde::Deserialize)]
    struct Inner {
        #[allow(dead_code)]
        n: u32,
    }

    #[test]
    fn decode_names_the_path() {
        let err =
            decode::<Outer>(serde_json::json!({"items": [{"n": 1}, {"n": "x"}]})).unwrap_err();
        assert_eq!(err.path, "items[1].n");
        let err = decode_str::<Outer>(r#"{"items": [{"m": 1}]}"#).unwrap_err();
        assert_eq!(err.path, "items[0]");
        assert!(err.message.contains("missing field `n`"), "{err}");
    }

    #[test]
    fn tagged_wants_a_type() {
        assert_eq!(
            tagged(serde_json::json!({"a": 1})).unwrap_err().path,
            "type"
        );
        let (tag, body) = tagged(serde_json::json!({"type": "x", "a": 1})).unwrap();
        assert_eq!(tag, "x");
        assert_eq!(body, serde_json::json!({"a": 1}));
    }
}
