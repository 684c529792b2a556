//! What comes in to be loaded, checked line by line before anything is stored: the operator's
//! CSV file and the operator API's batches of records. Both pass every line through one check
//! ([`Intake::admit`]), so a record the import refuses the API refuses too, with the same words.

use super::rules::{parse_record, NewRecord};
use super::{LineProblem, CSV_HEADER};
use crate::core::i18n::{Msg, Text};
use chrono::{DateTime, Duration, Utc};
use std::collections::{BTreeMap, HashSet};

/// At most this many records in one file (about 40 MB of CSV).
pub const MAX_ROWS: usize = 200_000;
/// At most this many records in one API batch: a request answers within seconds, and a caller
/// with more sends several batches (loads are idempotent, so a batch that failed is sent again).
pub const MAX_BATCH: usize = 10_000;
/// At most this many problems are reported: the first ones are what a person fixes first.
pub const MAX_PROBLEMS: usize = 100;
/// A trade later than this past the server's clock is refused: records report what happened.
const FUTURE_SLACK_MINUTES: i64 = 5;

pub fn problem(line: u64, field: &str, text: impl Into<Text>) -> LineProblem {
    LineProblem {
        line,
        field: field.to_string(),
        text: text.into(),
    }
}

/// One record of an API batch: the CSV's columns as keys, each value a string or a number.
pub type BatchRecord = BTreeMap<String, serde_json::Value>;

/// The checks every line goes through, and what was found so far.
struct Intake {
    latest: DateTime<Utc>,
    oldest: DateTime<Utc>,
    seen: HashSet<String>,
    records: Vec<(u64, NewRecord)>,
    problems: Vec<LineProblem>,
}

impl Intake {
    fn new(now: DateTime<Utc>) -> Self {
        Intake {
            latest: now + Duration::minutes(FUTURE_SLACK_MINUTES),
            // Older than the months partners may query: nobody could read it.
            oldest: super::rules::oldest_cycle(now).first_day().start(),
            seen: HashSet::new(),
            records: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Whether to stop reading: enough problems to fix first.
    fn full(&self) -> bool {
        self.problems.len() >= MAX_PROBLEMS
    }

    fn admit(&mut self, line: u64, cells: &[&str]) {
        match parse_record(cells) {
            Err((field, text)) => self.problems.push(problem(line, field, text)),
            Ok(r) if r.trade_time > self.latest => {
                self.problems
                    .push(problem(line, "trade_time", Msg::ErrTradeInFuture))
            }
            Ok(r) if r.trade_time < self.oldest => {
                self.problems
                    .push(problem(line, "trade_time", Msg::ErrTradeTooOld))
            }
            Ok(r) if !self.seen.insert(r.record_id.clone()) => {
                self.problems
                    .push(problem(line, "record_id", Msg::ErrDuplicateRecord))
            }
            Ok(r) => self.records.push((line, r)),
        }
    }

    fn refuse(&mut self, line: u64, field: &str, text: impl Into<Text>) {
        self.problems.push(problem(line, field, text));
    }

    fn finish(self) -> Result<Vec<(u64, NewRecord)>, Vec<LineProblem>> {
        if self.problems.is_empty() {
            Ok(self.records)
        } else {
            Err(self.problems)
        }
    }
}

/// Parses a CSV file with [`CSV_HEADER`]'s columns into records, or every problem found (up to
/// [`MAX_PROBLEMS`]). Lines are numbered as an editor shows them, the header being line 1.
pub fn parse_csv(
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<Vec<(u64, NewRecord)>, Vec<LineProblem>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let header_ok = reader.headers().is_ok_and(|h| {
        h.len() == CSV_HEADER.len() && h.iter().zip(CSV_HEADER).all(|(a, b)| a == b)
    });
    if !header_ok {
        return Err(vec![problem(
            1,
            "header",
            Text::new(Msg::ErrCsvHeader).arg("columns", CSV_HEADER.join(",")),
        )]);
    }
    let mut intake = Intake::new(now);
    for (i, row) in reader.records().enumerate() {
        let line = row
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map_or(i as u64 + 2, |p| p.line());
        if intake.full() {
            break;
        }
        if i >= MAX_ROWS {
            intake.refuse(
                line,
                "record",
                Text::new(Msg::ErrTooManyRows).arg("max", MAX_ROWS),
            );
            break;
        }
        match row {
            Ok(row) => intake.admit(line, &row.iter().collect::<Vec<_>>()),
            Err(_) => intake.refuse(line, "record", Msg::ErrCsvLine),
        }
    }
    intake.finish()
}

/// Checks an API batch: each record is numbered from 1 in the batch's order, and a key that is
/// not one of [`CSV_HEADER`]'s columns is refused rather than ignored (a misspelt column would
/// otherwise read as an empty value and be reported under the right name, puzzlingly).
pub fn parse_batch(
    batch: &[BatchRecord],
    now: DateTime<Utc>,
) -> Result<Vec<(u64, NewRecord)>, Vec<LineProblem>> {
    let mut intake = Intake::new(now);
    if batch.len() > MAX_BATCH {
        intake.refuse(
            MAX_BATCH as u64 + 1,
            "record",
            Text::new(Msg::ErrTooManyRows).arg("max", MAX_BATCH),
        );
        return intake.finish();
    }
    for (i, record) in batch.iter().enumerate() {
        let line = i as u64 + 1;
        if intake.full() {
            break;
        }
        if let Some(key) = record.keys().find(|k| !CSV_HEADER.contains(&k.as_str())) {
            intake.refuse(line, key, Msg::ErrBadChoice);
            continue;
        }
        let values: Vec<String> = CSV_HEADER
            .iter()
            .map(|column| match record.get(*column) {
                Some(serde_json::Value::String(s)) => s.trim().to_string(),
                Some(serde_json::Value::Number(n)) => n.to_string(),
                // Null, absent, or a value of another kind: read as empty, reported by its check.
                _ => String::new(),
            })
            .collect();
        intake.admit(line, &values.iter().map(String::as_str).collect::<Vec<_>>());
    }
    intake.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(id: &str) -> BatchRecord {
        let value = json!({
            "record_id": id, "customer_id": "6f0c8a39-5a43-4a4e-9d7e-8d0b9b8f1e2a",
            "trade_time": "2026-12-01T08:00:00Z", "service_type": "hws.service.type.ec2",
            "resource_type": "vm", "resource_id": "i-1", "region": "cn-north-4",
            "charge_mode": 3, "usage": 2, "usage_unit": "hour", "list_amount": 10.5,
            "discount_amount": "0.50", "coupon_amount": "0", "cash_amount": "10", "debt_amount": 0,
        });
        serde_json::from_value(value).unwrap()
    }

    fn now() -> DateTime<Utc> {
        "2026-12-06T08:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_batch_reads_numbers_and_text_alike() {
        let records = parse_batch(&[record("a"), record("b")], now()).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].0, 2);
        assert_eq!(records[0].1.list, "10.5".parse().unwrap());
    }

    #[test]
    fn a_batch_names_each_refused_record() {
        let mut misspelt = record("b");
        misspelt.insert("regoin".into(), json!("x"));
        let mut missing = record("c");
        missing.remove("region");
        let mut wrong_kind = record("d");
        wrong_kind.insert("usage".into(), json!([1]));
        let problems = parse_batch(
            &[record("a"), misspelt, missing, wrong_kind, record("a")],
            now(),
        )
        .unwrap_err();
        let named: Vec<(u64, &str)> = problems
            .iter()
            .map(|p| (p.line, p.field.as_str()))
            .collect();
        assert_eq!(
            named,
            [(2, "regoin"), (3, "region"), (4, "usage"), (5, "record_id")]
        );
    }

    #[test]
    fn a_batch_past_the_limit_is_refused_whole() {
        let batch = vec![record("a"); MAX_BATCH + 1];
        let problems = parse_batch(&batch, now()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "record");
    }
}
