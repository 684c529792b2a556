//! A deterministic generator of realistic fee records: the demo's months of spend, and larger
//! data sets for measuring. The same seed, customers and clock give the same records (and the
//! same record ids, so a second run adds nothing).

use super::load::{load, Loader};
use super::rules::NewRecord;
use super::{ChargeMode, LoadReport, SERVICE_TYPES};
use crate::audit::service::AuditActor;
use crate::core::error::AppError;
use crate::core::time::{BillingCycle, Day};
use crate::core::viewer::ActorKind;
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use sqlx::PgPool;
use uuid::Uuid;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    /// Months back from the current one, which is included (up to its present).
    pub months: u32,
    /// Records per customer and month.
    pub per_customer_month: u32,
    pub seed: u64,
}

/// Each service's resource type, unit and list price per unit (元, four places).
const PRICES: &[(&str, &str, i64)] = &[
    ("hws.resource.type.vm", "hour", 4_500),
    ("hws.resource.type.volume", "GB-month", 3_500),
    ("hws.resource.type.obs", "GB", 990),
    ("hws.resource.type.bandwidth", "Mbit/s-day", 23_000),
    ("hws.resource.type.rds", "hour", 12_800),
    ("hws.resource.type.cdn", "GB", 2_100),
];
const REGIONS: &[&str] = &["cn-north-4", "cn-east-3", "cn-south-1", "ap-southeast-1"];

fn cents(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// One record of `customer` traded at `at`.
fn record(rng: &mut StdRng, customer: Uuid, id: String, at: DateTime<Utc>) -> NewRecord {
    let service = rng.gen_range(0..SERVICE_TYPES.len());
    let (resource_type, unit, price) = PRICES[service];
    let charge_mode = match rng.gen_range(0..10) {
        0..=5 => ChargeMode::OnDemand,
        6..=8 => ChargeMode::Periodic,
        _ => ChargeMode::SavingsPlan,
    };
    let usage = Decimal::new(rng.gen_range(1..2_000_000), 3);
    let list = cents(usage * Decimal::new(price, 4));
    let discount = cents(list * Decimal::new(rng.gen_range(0..=20), 2));
    let due = list - discount;
    let coupon = if rng.gen_bool(0.2) {
        cents(due * Decimal::new(rng.gen_range(10..=50), 2))
    } else {
        Decimal::ZERO
    };
    let debt = if rng.gen_bool(0.05) {
        cents((due - coupon) / Decimal::TWO)
    } else {
        Decimal::ZERO
    };
    NewRecord {
        record_id: id,
        customer_id: customer,
        trade_time: at,
        service_type: SERVICE_TYPES[service].0.to_string(),
        resource_type: resource_type.to_string(),
        resource_id: format!(
            "res-{}-{}",
            &customer.simple().to_string()[..8],
            rng.gen_range(1..6)
        ),
        region: REGIONS[rng.gen_range(0..REGIONS.len())].to_string(),
        charge_mode,
        usage,
        usage_unit: unit.to_string(),
        list,
        discount,
        coupon,
        cash: due - coupon - debt,
        debt,
    }
}

/// The records of one month for `customers`, traded between the month's start and `now`.
pub fn month(
    plan: &Plan,
    cycle: BillingCycle,
    customers: &[Uuid],
    now: DateTime<Utc>,
) -> Vec<NewRecord> {
    let (start, next) = cycle.span();
    let end = next.min(now);
    if end <= start {
        return vec![];
    }
    let seconds = (end - start).num_seconds().max(1);
    let mut rng = StdRng::seed_from_u64(plan.seed ^ start.timestamp() as u64);
    let mut records = Vec::with_capacity(customers.len() * plan.per_customer_month as usize);
    for customer in customers {
        for k in 0..plan.per_customer_month {
            let at = start + Duration::seconds(rng.gen_range(0..seconds));
            let id = format!("gen-{cycle}-{}-{k}", customer.simple());
            records.push(record(&mut rng, *customer, id, at));
        }
    }
    records
}

/// Generates and loads `plan`'s months for `customers`, one load per month (each whole or
/// nothing), as the system. Returns what the loads added.
pub async fn fill(
    pool: &PgPool,
    customers: &[Uuid],
    plan: Plan,
    now: DateTime<Utc>,
) -> Result<LoadReport, AppError> {
    let loader = Loader {
        who: AuditActor {
            kind: ActorKind::System,
            id: None,
            name: "generator".into(),
            partner_id: None,
        },
        source: None,
        kind: "generated",
        file_name: None,
        tracked: None,
    };
    let mut cycle = BillingCycle::of(Day::of(now));
    let mut cycles = vec![cycle];
    for _ in 1..plan.months {
        cycle = cycle.previous();
        cycles.push(cycle);
    }
    let mut total = LoadReport {
        rows: 0,
        added: 0,
        problems: vec![],
    };
    for cycle in cycles.into_iter().rev() {
        let records: Vec<(u64, NewRecord)> = month(&plan, cycle, customers, now)
            .into_iter()
            .enumerate()
            .map(|(i, r)| (i as u64 + 1, r))
            .collect();
        if records.is_empty() {
            continue;
        }
        let (_, report) = load(pool, &loader, records, now).await?;
        total.rows += report.rows;
        total.added += report.added;
        total.problems.extend(report.problems);
    }
    Ok(total)
}
