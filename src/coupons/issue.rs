//! Issuing (发放) coupons from a quota to up to 100 resale customers in one action: a preview of
//! each customer's outcome first, then one transaction that writes every coupon, its records and
//! the quota's new balance with one statement per table.

use super::rules::{issue_plan, limits_within, quota_state, validity_within, Misfit};
use super::store::{self, NewCoupons, Operations, QuotaRecords, QuotaRow};
use super::{IssueBatch, IssueLine, Limits, QuotaState, ISSUE_LIMIT};
use crate::audit::service::{commit, record_many, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::error::{AppError, FieldError, Rule};
use crate::core::i18n::Msg;
use crate::core::ids::id_list;
use crate::core::money::Money;
use crate::core::permissions::Permission;
use crate::scope::{self, ScopedCustomer};
use crate::server::once::{self, Claim};
use crate::server::Call;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;
use uuid::Uuid;

/// What the issuer asks for. Unset validity ends and empty limits take the quota's.
#[derive(Clone, Debug)]
pub struct IssueTerms {
    pub quota: String,
    pub face_value: Money,
    pub valid_from: Option<DateTime<Utc>>,
    pub valid_until: Option<DateTime<Utc>>,
    pub limits: Limits,
    pub remark: String,
    pub customers: Vec<String>,
}

impl IssueTerms {
    fn fingerprint(&self) -> String {
        format!(
            "{}:{}:{:?}:{:?}:{:?}:{}:{}",
            self.quota,
            self.face_value,
            self.valid_from,
            self.valid_until,
            self.limits,
            self.remark,
            self.customers.join(",")
        )
    }
}

/// Field errors of terms that do not fit the quota.
pub fn misfits(misfits: Vec<Misfit>) -> AppError {
    AppError::Invalid(
        misfits
            .into_iter()
            .map(|m| FieldError {
                field: m.field.to_string(),
                text: m.text,
            })
            .collect(),
    )
}

/// The partner's quota, locked, if coupons may be issued from it now.
pub async fn issuable_quota(
    conn: &mut PgConnection,
    partner: Uuid,
    quota: &str,
    now: DateTime<Utc>,
) -> Result<QuotaRow, AppError> {
    let id = Uuid::parse_str(quota.trim()).map_err(|_| AppError::NotFound)?;
    let q = store::lock_quota(conn, partner, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if quota_state(q.status == "reclaimed", q.valid_until, now) != QuotaState::Normal {
        return Err(Rule::NotAllowedNow.refuse(Msg::ErrQuotaNotUsable));
    }
    Ok(q)
}

struct Prepared {
    quota: QuotaRow,
    limits: Limits,
    validity: (DateTime<Utc>, DateTime<Utc>),
    chosen: Vec<(Uuid, Option<ScopedCustomer>)>,
}

async fn prepare(
    conn: &mut PgConnection,
    call: &Call,
    terms: &IssueTerms,
) -> Result<Prepared, AppError> {
    let partner = call.actor.require(Permission::SalesCouponsIssue)?;
    let ids =
        id_list(&terms.customers, ISSUE_LIMIT).map_err(|t| AppError::field("customers", t))?;
    let now = call.now();
    // The customers first, their associations held until the issue commits (a disassociation
    // waits for it, then recalls what it made), then the quota: the one lock order.
    let mut found =
        scope::customers_held(conn, &call.actor, Permission::SalesCouponsIssue, &ids).await?;
    let quota = issuable_quota(conn, partner, &terms.quota, now).await?;
    let limits = limits_within(&terms.limits, &quota.limits()).map_err(misfits)?;
    let validity = validity_within(
        terms.valid_from,
        terms.valid_until,
        (quota.valid_from, quota.valid_until),
        now,
    )
    .map_err(misfits)?;
    let chosen = ids
        .into_iter()
        .map(|id| {
            let at = found.iter().position(|c| c.id == id);
            (id, at.map(|i| found.swap_remove(i)))
        })
        .collect();
    Ok(Prepared {
        quota,
        limits,
        validity,
        chosen,
    })
}

fn batch_of(
    p: &Prepared,
    face: Money,
    outcomes: &[Result<(), super::IssueRefusal>],
    left: Decimal,
) -> IssueBatch {
    let lines = p
        .chosen
        .iter()
        .zip(outcomes)
        .map(|((id, c), outcome)| IssueLine {
            id: id.to_string(),
            account_name: c
                .as_ref()
                .map(|c| c.account_name.clone())
                .unwrap_or_default(),
            refusal: outcome.err(),
            made_id: None,
        })
        .collect();
    IssueBatch {
        quota_id: p.quota.id.to_string(),
        kind: p.quota.kind(),
        face_value: face.amount(),
        lines,
        total: p.quota.balance - left,
        quota_balance_before: p.quota.balance,
        quota_balance_after: left,
        valid_from: p.validity.0,
        valid_until: p.validity.1,
        id: None,
        at: None,
    }
}

fn candidates(p: &Prepared) -> Vec<Option<bool>> {
    p.chosen
        .iter()
        .map(|(_, c)| c.as_ref().map(|c| c.resale))
        .collect()
}

/// What the issue would do, as things stand. Nothing is written (the quota's lock is released).
pub async fn preview(call: &Call, terms: &IssueTerms) -> Result<IssueBatch, AppError> {
    let mut tx = call.begin().await?;
    let p = prepare(&mut tx, call, terms).await?;
    let (outcomes, left) = issue_plan(terms.face_value, p.quota.balance, &candidates(&p));
    tx.rollback().await?;
    Ok(batch_of(&p, terms.face_value, &outcomes, left))
}

/// Issues the coupons: every customer in order gets one while the quota lasts; refusals are
/// recorded with their reason. One transaction.
pub async fn apply(call: &Call, terms: &IssueTerms) -> Result<IssueBatch, AppError> {
    let remark = crate::core::validate::parse_remark(&terms.remark)
        .map_err(|t| AppError::field("remark", t))?;
    let mut tx = call.begin().await?;
    if let Claim::Done(batch) =
        once::claim(&mut tx, call, "coupon_issue", &terms.fingerprint()).await?
    {
        return Ok(batch);
    }
    let p = prepare(&mut tx, call, terms).await?;
    let face = terms.face_value;
    let (outcomes, left) = issue_plan(face, p.quota.balance, &candidates(&p));
    let mut batch = batch_of(&p, face, &outcomes, left);
    let now = call.now();
    let actor = AuditActor::from(&call.actor);
    let (partner, quota, kind) = (p.quota.partner_id, p.quota.id, p.quota.kind());
    let mut coupons = Vec::new();
    let mut customers = Vec::new();
    let mut operations = Operations::default();
    let mut records = QuotaRecords::default();
    let mut audit = Vec::new();
    let mut balance = p.quota.balance;
    for (line, outcome) in batch.lines.iter_mut().zip(&outcomes) {
        let customer = Uuid::parse_str(&line.id).ok();
        match (outcome, customer) {
            (Ok(()), Some(customer)) => {
                let coupon = Uuid::new_v4();
                balance -= face.amount();
                coupons.push(coupon);
                customers.push(customer);
                operations.push(
                    partner,
                    quota,
                    kind,
                    Some(coupon),
                    Some(customer),
                    face.amount(),
                    None,
                );
                records
                    .push(quota, partner, "issue", face.amount(), balance)
                    .about_coupon(coupon, customer);
                audit.push((
                    format!("{} {} {coupon}", line.account_name, face),
                    Some(customer),
                ));
                line.made_id = Some(coupon.to_string());
            }
            (outcome, customer) => {
                let reason = outcome.err().map_or("not_found", |r| r.code());
                // Only customers of the caller's are named in its records.
                let named = customer.filter(|_| !line.account_name.is_empty());
                operations.push(
                    partner,
                    quota,
                    kind,
                    None,
                    named,
                    face.amount(),
                    Some(reason),
                );
            }
        }
    }
    if !coupons.is_empty() {
        store::insert_coupons(
            &mut tx,
            &NewCoupons {
                ids: &coupons,
                customers: &customers,
                partner_id: partner,
                quota_id: quota,
                kind,
                face_value: face.amount(),
                valid_from: p.validity.0,
                valid_until: p.validity.1,
                limits: &p.limits,
                remark: &remark,
                issued_by: &actor.name,
                at: now,
            },
        )
        .await?;
        store::insert_quota_records(&mut tx, &records, &remark, &actor.name, now).await?;
        store::set_quota(&mut tx, quota, balance, None, now).await?;
    }
    store::insert_operations(&mut tx, "issue", &operations, &remark, &actor.name, now).await?;
    record_many(
        &mut tx,
        &actor,
        call.source,
        AuditAction::CouponIssue,
        None,
        &audit,
    )
    .await?;
    let id = Uuid::new_v4();
    batch.id = Some(id.to_string());
    batch.at = Some(now);
    crate::server::batches::store(&mut tx, call, partner, "coupons", id, &batch).await?;
    once::complete(&mut tx, call, &batch).await?;
    let summary = format!("{} × {} {} ({quota})", coupons.len(), face, kind.code());
    commit(
        tx,
        call,
        AuditEntry::success(AuditAction::CouponIssue, summary),
    )
    .await?;
    Ok(batch)
}

/// A stored issue of the caller's.
pub async fn stored(call: &Call, id: &str) -> Result<IssueBatch, AppError> {
    let partner = call.actor.require(Permission::SalesCouponsView)?;
    let mut conn = call.pool().acquire().await?;
    crate::server::batches::load(&mut conn, call, partner, "coupons", id).await
}
