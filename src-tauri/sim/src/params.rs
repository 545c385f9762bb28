//! Request parameters and the vendor's value formats (dates, durations, money).
//!
//! Parameters come from the query string and, for POST, from a JSON object body whose values
//! override the query's. Values may be JSON strings or numbers; both read the same.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::Value;

use crate::error::ApiError;

/// The body was not a JSON object. The vendor answers form-encoded bodies this way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InvalidJson;

/// The parameters of one request.
#[derive(Debug, Clone, Default)]
pub(crate) struct Params {
    values: HashMap<String, Value>,
}

impl Params {
    /// Parameters of a URL query string (`None` when the URL has none).
    pub(crate) fn from_query(query: Option<&str>) -> Self {
        let values = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .map(|(key, value)| (key.into_owned(), Value::String(value.into_owned())))
            .collect();
        Self { values }
    }

    /// Adds the fields of a form-encoded body (OAuth2 endpoints), overriding the query's.
    pub(crate) fn merge_form(&mut self, body: &[u8]) {
        for (key, value) in url::form_urlencoded::parse(body) {
            self.values
                .insert(key.into_owned(), Value::String(value.into_owned()));
        }
    }

    /// Adds `other`'s parameters, overriding these.
    pub(crate) fn merge(&mut self, other: Params) {
        self.values.extend(other.values);
    }

    /// Adds the fields of a JSON object body, overriding the query's. A blank body adds
    /// nothing; anything that is not a JSON object is refused.
    pub(crate) fn merge_json_body(&mut self, body: &[u8]) -> Result<(), InvalidJson> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(fields)) => {
                self.values.extend(fields);
                Ok(())
            }
            _ => Err(InvalidJson),
        }
    }

    /// The parameter names, sorted, without `action` (for the request log).
    /// Whether any parameter's value contains `text` (as a firewall reads a request).
    pub(crate) fn contains_text(&self, text: &str) -> bool {
        self.values.values().any(|value| match value {
            Value::String(value) => value.contains(text),
            other => other.to_string().contains(text),
        })
    }

    pub(crate) fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .values
            .keys()
            .filter(|name| name.as_str() != "action")
            .cloned()
            .collect();
        names.sort_unstable();
        names
    }

    /// The raw JSON value of a parameter.
    pub(crate) fn raw(&self, key: &str) -> Option<&Value> {
        self.values.get(key)
    }

    /// A parameter as text: strings trimmed, numbers and booleans in their JSON spelling.
    /// Empty strings and `null` count as absent.
    pub(crate) fn text(&self, key: &str) -> Option<String> {
        let text = match self.values.get(key)? {
            Value::String(text) => text.trim().to_owned(),
            Value::Number(number) => number.to_string(),
            Value::Bool(flag) => if *flag { "1" } else { "0" }.to_owned(),
            Value::Null | Value::Array(_) | Value::Object(_) => return None,
        };
        (!text.is_empty()).then_some(text)
    }

    /// Like [`Params::text`] but keeps surrounding whitespace (comments) and empty strings.
    pub(crate) fn verbatim(&self, key: &str) -> Option<String> {
        match self.values.get(key)? {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        }
    }

    pub(crate) fn has(&self, key: &str) -> bool {
        self.text(key).is_some()
    }

    /// A `1`/`0` style flag; anything but `1`/`true` is false.
    pub(crate) fn flag(&self, key: &str) -> bool {
        matches!(self.text(key).as_deref(), Some("1" | "true"))
    }

    /// A comma-separated list (`extra=text,files`), lower-cased, without blanks.
    pub(crate) fn list(&self, key: &str) -> Vec<String> {
        self.text(key)
            .map(|text| {
                text.split(',')
                    .map(|item| item.trim().to_lowercase())
                    .filter(|item| !item.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A numeric id parameter: `Ok(None)` when absent, `Err(invalid)` when not a number.
    pub(crate) fn id(&self, key: &str, invalid: fn() -> ApiError) -> Result<Option<u64>, ApiError> {
        match self.text(key) {
            None => Ok(None),
            Some(text) => text.parse().map(Some).map_err(|_| invalid()),
        }
    }

    /// A required numeric id: code 10 when absent, `invalid()` when not a number.
    pub(crate) fn required_id(
        &self,
        key: &str,
        invalid: fn() -> ApiError,
    ) -> Result<u64, ApiError> {
        self.id(key, invalid)?
            .ok_or_else(|| ApiError::required(key))
    }

    /// An optional `DD.MM.YYYY` date parameter.
    pub(crate) fn date(&self, key: &str) -> Result<Option<NaiveDate>, ApiError> {
        self.text(key)
            .map(|text| {
                parse_request_date(&text)
                    .ok_or_else(|| ApiError::invalid_field(key, "expected a date DD.MM.YYYY"))
            })
            .transpose()
    }
}

/// A request date, `DD.MM.YYYY` (the only form the vendor documents for requests).
pub(crate) fn parse_request_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%d.%m.%Y").ok()
}

/// A schedule date: `DD.MM.YYYY` or `YYYY-MM-DD`.
pub(crate) fn parse_schedule_date(text: &str) -> Option<NaiveDate> {
    parse_request_date(text).or_else(|| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok())
}

/// A duration in minutes from the vendor's formats: decimal hours `0.15` / `0,15` / `2`, or
/// `H:MM` (`0:09`). Negative or unparsable values are refused.
pub(crate) fn parse_duration_minutes(text: &str) -> Option<u32> {
    let text = text.trim();
    if let Some((hours, minutes)) = text.split_once(':') {
        let hours: u32 = hours.trim().parse().ok()?;
        let minutes: u32 = minutes.trim().parse().ok()?;
        if minutes >= 60 {
            return None;
        }
        return hours.checked_mul(60)?.checked_add(minutes);
    }
    let hours: f64 = text.replace(',', ".").parse().ok()?;
    let minutes = (hours * 60.0).round();
    (hours.is_finite() && (0.0..=f64::from(u32::MAX)).contains(&minutes)).then_some(minutes as u32)
}

/// Money in cents from `12`, `12.5`, `12,50`, `-3.10`.
pub(crate) fn parse_money_cents(text: &str) -> Option<i64> {
    let amount: f64 = text.trim().replace(',', ".").parse().ok()?;
    let cents = (amount * 100.0).round();
    (amount.is_finite() && cents.abs() < 1e15).then_some(cents as i64)
}

/// `YYYY-MM-DD HH:MM`, the vendor's timestamp format.
pub(crate) fn format_timestamp(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

/// `H:MM`; hours may exceed 24.
pub(crate) fn format_minutes(minutes: u64) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// `12.00`, `-0.50`.
pub(crate) fn format_money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}{}.{:02}", cents / 100, cents % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_every_vendor_format() {
        assert_eq!(parse_duration_minutes("0.15"), Some(9));
        assert_eq!(parse_duration_minutes("0,15"), Some(9));
        assert_eq!(parse_duration_minutes("0:09"), Some(9));
        assert_eq!(parse_duration_minutes("2"), Some(120));
        assert_eq!(parse_duration_minutes("1:30"), Some(90));
        assert_eq!(parse_duration_minutes("1:75"), None);
        assert_eq!(parse_duration_minutes("-1"), None);
        assert_eq!(parse_duration_minutes("abc"), None);
        assert_eq!(parse_duration_minutes("1e300"), None);
    }

    #[test]
    fn money_and_time_formatting() {
        assert_eq!(format_minutes(6219), "103:39");
        assert_eq!(format_minutes(9), "0:09");
        assert_eq!(format_money(543600), "5436.00");
        assert_eq!(format_money(-50), "-0.50");
        assert_eq!(parse_money_cents("75,17"), Some(7517));
    }

    #[test]
    fn json_body_overrides_query_and_form_bodies_are_refused() {
        let mut params = Params::from_query(Some("action=add_costs&time=1"));
        params
            .merge_json_body(br#"{"time": 0.5, "id_task": 331402}"#)
            .expect("valid JSON");
        assert_eq!(params.text("time").as_deref(), Some("0.5"));
        assert_eq!(params.text("id_task").as_deref(), Some("331402"));
        assert_eq!(
            params.merge_json_body(b"id_task=1&time=2"),
            Err(InvalidJson)
        );
        assert_eq!(params.merge_json_body(b"[1]"), Err(InvalidJson));
    }
}
