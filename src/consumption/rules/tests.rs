use super::*;
use chrono::TimeZone;

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

fn line(amounts: [&str; 5]) -> Vec<String> {
    let mut cells: Vec<String> = [
        "r-1",
        "6f1c2f7e-8a7b-4b8e-9d3c-2a1b0c9d8e7f",
        "2026-11-30T16:30:00Z",
        "hws.service.type.ec2",
        "hws.resource.type.vm",
        "i-1",
        "cn-north-4",
        "3",
        "12.5",
        "hour",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    cells.extend(amounts.iter().map(|s| s.to_string()));
    cells
}

fn parse(cells: &[String]) -> Result<NewRecord, FieldProblem> {
    let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
    parse_record(&refs)
}

#[test]
fn a_period_defaults_to_the_current_cycle() {
    let p = Period::parse(None, None, at(2026, 12, 6, 3)).unwrap();
    assert_eq!(p.from.to_string(), "2026-12");
    assert_eq!(p.to.to_string(), "2026-12");
}

#[test]
fn a_period_spans_at_most_twelve_months() {
    let now = at(2026, 12, 6, 3);
    assert!(Period::parse(Some("2026-01"), Some("2026-12"), now).is_ok());
    assert_eq!(
        Period::parse(Some("2025-12"), Some("2026-12"), now),
        Err(PeriodError::SpanTooLong)
    );
}

#[test]
fn a_period_reaches_eighteen_months_back_and_runs_forwards() {
    let now = at(2026, 12, 6, 3);
    assert_eq!(oldest_cycle(now).to_string(), "2025-07");
    assert!(Period::parse(Some("2025-07"), None, now).is_ok());
    assert!(matches!(
        Period::parse(Some("2025-06"), None, now),
        Err(PeriodError::Field("from", _))
    ));
    assert!(matches!(
        Period::parse(Some("2026-05"), Some("2026-04"), now),
        Err(PeriodError::Field("to", _))
    ));
    assert!(matches!(
        Period::parse(Some("2026-13"), None, now),
        Err(PeriodError::Field("from", _))
    ));
}

#[test]
fn a_trade_belongs_to_its_beijing_month() {
    // 16:30 UTC on 30 November is 00:30 on 1 December in Beijing.
    assert_eq!(
        cycle_of(at(2026, 11, 30, 16)),
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    );
    assert_eq!(
        cycle_of(at(2026, 11, 30, 15)),
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
    );
}

#[test]
fn a_record_whose_payments_add_up_is_taken() {
    let r = parse(&line(["100.00", "20.00", "10.00", "70.00", "0"])).unwrap();
    assert_eq!(r.list - r.discount, r.coupon + r.cash + r.debt);
    assert_eq!(r.charge_mode, ChargeMode::OnDemand);
    assert_eq!(r.usage, Decimal::new(125, 1));
}

#[test]
fn a_record_is_refused_field_by_field() {
    let refused = |cells: Vec<String>| parse(&cells).unwrap_err().0;
    assert_eq!(
        refused(line(["100", "20", "10", "70.01", "0"])),
        "cash_amount"
    );
    assert_eq!(
        refused(line(["100", "120", "0", "0", "0"])),
        "discount_amount"
    );
    assert_eq!(
        refused(line(["1.001", "0", "0", "1.001", "0"])),
        "list_amount"
    );
    assert_eq!(refused(line(["-1", "0", "0", "0", "0"])), "list_amount");
    assert_eq!(refused(line(["1e3", "0", "0", "0", "0"])), "list_amount");
    let mut cells = line(["1", "0", "0", "1", "0"]);
    cells[7] = "2".into();
    assert_eq!(refused(cells), "charge_mode");
    let mut cells = line(["1", "0", "0", "1", "0"]);
    cells[2] = "2026-11-30T16:30:00+08:00".into();
    assert_eq!(refused(cells), "trade_time");
    let mut cells = line(["1", "0", "0", "1", "0"]);
    cells[2] = "+262142-12-31T00:00:00Z".into();
    assert_eq!(refused(cells), "trade_time");
    let mut cells = line(["1", "0", "0", "1", "0"]);
    cells[0] = "a\tb".into();
    assert_eq!(refused(cells), "record_id");
    let mut cells = line(["1", "0", "0", "1", "0"]);
    cells[1] = "not-an-id".into();
    assert_eq!(refused(cells), "customer_id");
    let mut cells = line(["1", "0", "0", "1", "0"]);
    cells[2] = "1970-01-01T00:00:00Z".into();
    assert_eq!(refused(cells), "trade_time");
    // More places than a decimal keeps would be rounded: refused instead.
    assert_eq!(
        refused(line([
            "0.0099999999999999999999999999999",
            "0",
            "0",
            "0.01",
            "0"
        ])),
        "list_amount"
    );
    let mut cells = line(["1", "0", "0", "1", "0"]);
    cells.pop();
    assert_eq!(refused(cells), "record");
}
