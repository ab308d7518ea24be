//! Reading FHIR R4 datatypes out of JSON: codings, quantities, dates,
//! references. Lenient by design: a value of the wrong shape reads as absent,
//! and the caller lists the element as not mapped.

use serde_json::Value;

use crate::clinical::date::Date;

/// `(system, code, display)` of every coding of a CodeableConcept.
pub fn codings(concept: &Value) -> impl Iterator<Item = (&str, &str, Option<&str>)> {
    concept["coding"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| {
            Some((
                c["system"].as_str().unwrap_or(""),
                c["code"].as_str()?,
                c["display"].as_str(),
            ))
        })
}

/// Whether `concept` has a coding of `system` with one of `codes`.
pub fn has_code(concept: &Value, system: &str, codes: &[&str]) -> bool {
    codings(concept).any(|(s, c, _)| s == system && codes.contains(&c))
}

/// The first code of `system` in `concept`.
pub fn code_in<'a>(concept: &'a Value, system: &str) -> Option<&'a str> {
    codings(concept)
        .find(|(s, _, _)| *s == system)
        .map(|(_, c, _)| c)
}

/// The words a person would read: `text`, else the first coding's display.
pub fn text(concept: &Value) -> Option<&str> {
    concept["text"]
        .as_str()
        .or_else(|| codings(concept).find_map(|(_, _, d)| d))
        .filter(|t| !t.trim().is_empty())
}

/// A Quantity's value and unit (`code` when UCUM gives one, else `unit`).
pub fn quantity(q: &Value) -> Option<(f64, Option<&str>)> {
    let value = q["value"].as_f64()?;
    let unit = q["code"].as_str().or_else(|| q["unit"].as_str());
    Some((value, unit))
}

/// The date part of a FHIR date or dateTime.
pub fn date(v: &Value) -> Option<Date> {
    v.as_str().and_then(|t| Date::parse(t).ok())
}

/// When an Observation or event happened: `effectiveDateTime`, the start of
/// `effectivePeriod`, `issued`, or (for events) `occurrenceDateTime`.
pub fn when(resource: &Value) -> Option<Date> {
    date(&resource["effectiveDateTime"])
        .or_else(|| date(&resource["effectivePeriod"]["start"]))
        .or_else(|| date(&resource["occurrenceDateTime"]))
        .or_else(|| date(&resource["issued"]))
}

/// `Type/id` of a resource, or its type alone.
pub fn reference(resource: &Value) -> String {
    let kind = resource["resourceType"].as_str().unwrap_or("?");
    match resource["id"].as_str() {
        Some(id) => format!("{kind}/{id}"),
        None => kind.to_string(),
    }
}

/// A clinicalStatus / verificationStatus code (`active`, `resolved`, `refuted`, ...).
pub fn status_code<'a>(resource: &'a Value, element: &str) -> Option<&'a str> {
    codings(&resource[element]).next().map(|(_, c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn datatypes() {
        let c = json!({"coding": [{"system": "http://loinc.org", "code": "718-7", "display": "Hemoglobin"}]});
        assert!(has_code(&c, "http://loinc.org", &["718-7"]));
        assert_eq!(code_in(&c, "http://loinc.org"), Some("718-7"));
        assert_eq!(text(&c), Some("Hemoglobin"));
        assert_eq!(
            quantity(&json!({"value": 13.2, "unit": "g/dL", "code": "g/dL"})),
            Some((13.2, Some("g/dL")))
        );
        assert_eq!(quantity(&json!({"unit": "g/dL"})), None);
        let o = json!({"resourceType": "Observation", "id": "x", "effectiveDateTime": "2026-10-01T08:00:00Z"});
        assert_eq!(when(&o), Date::parse("2026-10-01").ok());
        assert_eq!(reference(&o), "Observation/x");
    }
}
