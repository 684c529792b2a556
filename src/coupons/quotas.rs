//! Granting quota: the operator to any partner, and a tier-1 distributor from one of its quotas
//! to up to 100 of its tier-2 resellers at once (each reseller all or nothing), and reclaiming
//! what a reseller has not issued.

use super::issue::issuable_quota;
use super::rules::issue_plan;
use super::store::{self, NewQuota, QuotaRecords};
use super::{CouponKind, IssueBatch, IssueLine, IssueRefusal, Limits, ReclaimLine, ISSUE_LIMIT};
use crate::audit::service::{commit, record_many, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::Msg;
use crate::core::ids::id_list;
use crate::core::money::Money;
use crate::core::permissions::Permission;
use crate::server::once::{self, Claim};
use crate::server::Call;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

/// A quota the operator grants.
#[derive(Clone, Debug)]
pub struct QuotaTerms {
    pub partner: String,
    pub kind: CouponKind,
    pub amount: Money,
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    pub limits: Limits,
    pub remark: String,
}

/// The operator grants a partner a voucher or cash-coupon quota.
pub async fn grant(call: &Call, terms: &QuotaTerms) -> Result<Uuid, AppError> {
    call.actor.require_operator()?;
    let mut errors = FieldErrors::new();
    if terms.valid_until <= terms.valid_from {
        errors.add("valid_until", Msg::ErrEndBeforeStart);
    } else if terms.valid_until <= call.now() {
        errors.add("valid_until", Msg::ErrEndDateFuture);
    }
    let remark = errors.check("remark", crate::core::validate::parse_remark(&terms.remark));
    errors.into_result()?;
    let partner = Uuid::parse_str(terms.partner.trim())
        .map_err(|_| AppError::field("partner", Msg::ErrBadChoice))?;
    let mut tx = call.begin().await?;
    let fingerprint = format!(
        "{partner}:{}:{}:{}:{}:{:?}:{}",
        terms.kind.code(),
        terms.amount,
        terms.valid_from,
        terms.valid_until,
        terms.limits,
        terms.remark
    );
    if let Claim::Done(id) = once::claim(&mut tx, call, "quota_grant_partner", &fingerprint).await?
    {
        return Ok(id);
    }
    let name = crate::partners::store::account_name(&mut tx, partner)
        .await?
        .ok_or_else(|| AppError::field("partner", Msg::ErrBadChoice))?;
    let id = Uuid::new_v4();
    let now = call.now();
    let remark = remark.unwrap_or_default();
    store::insert_quota(
        &mut tx,
        &NewQuota {
            id,
            partner_id: partner,
            kind: terms.kind,
            parent_id: None,
            amount: terms.amount.amount(),
            valid_from: terms.valid_from,
            valid_until: terms.valid_until,
            limits: &terms.limits,
            remark: &remark,
            at: now,
        },
    )
    .await?;
    let mut records = QuotaRecords::default();
    records.push(
        id,
        partner,
        "grant",
        terms.amount.amount(),
        terms.amount.amount(),
    );
    store::insert_quota_records(&mut tx, &records, &remark, &call.actor.name, now).await?;
    once::complete(&mut tx, call, &id).await?;
    let target = format!("{name} {} {} {id}", terms.kind.code(), terms.amount);
    commit(
        tx,
        call,
        AuditEntry::success(AuditAction::QuotaGrant, target).for_partner(partner),
    )
    .await?;
    Ok(id)
}

fn distributor_of(call: &Call) -> Result<Uuid, AppError> {
    let partner = call.actor.require(Permission::SalesCouponsQuotas)?;
    // A customer manager's scope holds customers, never resellers.
    if call.actor.assigned_to().is_some() {
        return Err(AppError::Forbidden);
    }
    Ok(partner)
}

/// A distributor grants `amount` from its quota to each of up to 100 of its resellers: each
/// gets a quota of its own with the parent's validity and limits, in order, while the parent
/// lasts. Resellers not its own get nothing (`error_details` in the API).
pub async fn grant_to_resellers(
    call: &Call,
    quota: &str,
    resellers: &[String],
    amount: Money,
) -> Result<IssueBatch, AppError> {
    let distributor = distributor_of(call)?;
    let ids = id_list(resellers, ISSUE_LIMIT).map_err(|t| AppError::field("resellers", t))?;
    let mut tx = call.begin().await?;
    let fingerprint = format!("{quota}:{amount}:{}", resellers.join(","));
    if let Claim::Done(batch) = once::claim(&mut tx, call, "quota_grant", &fingerprint).await? {
        return Ok(batch);
    }
    let now = call.now();
    let parent = issuable_quota(&mut tx, distributor, quota, now).await?;
    let own = crate::partners::store::reseller_accounts(&mut tx, distributor).await?;
    let names: Vec<Option<String>> = ids
        .iter()
        .map(|id| {
            own.iter()
                .find(|(r, _)| r == id)
                .map(|(_, name)| name.clone())
        })
        .collect();
    let candidates: Vec<Option<bool>> = names.iter().map(|n| n.as_ref().map(|_| true)).collect();
    let (outcomes, left) = issue_plan(amount, parent.balance, &candidates);
    let limits = parent.limits();
    let actor = AuditActor::from(&call.actor);
    let mut records = QuotaRecords::default();
    let mut balance = parent.balance;
    let mut audit = Vec::new();
    let mut lines = Vec::with_capacity(ids.len());
    for ((reseller, name), outcome) in ids.iter().zip(&names).zip(&outcomes) {
        let mut line = IssueLine {
            id: reseller.to_string(),
            account_name: name.clone().unwrap_or_default(),
            refusal: outcome.err(),
            made_id: None,
        };
        if outcome.is_ok() {
            let child = Uuid::new_v4();
            store::insert_quota(
                &mut tx,
                &NewQuota {
                    id: child,
                    partner_id: *reseller,
                    kind: parent.kind(),
                    parent_id: Some(parent.id),
                    amount: amount.amount(),
                    valid_from: parent.valid_from,
                    valid_until: parent.valid_until,
                    limits: &limits,
                    remark: "",
                    at: now,
                },
            )
            .await?;
            balance -= amount.amount();
            records
                .push(
                    parent.id,
                    distributor,
                    "reseller_grant",
                    amount.amount(),
                    balance,
                )
                .about_reseller(child, *reseller);
            records
                .push(child, *reseller, "grant", amount.amount(), amount.amount())
                .about_reseller(parent.id, *reseller);
            audit.push((format!("{} {amount} {child}", line.account_name), None));
            line.made_id = Some(child.to_string());
        }
        lines.push(line);
    }
    store::set_quota(&mut tx, parent.id, balance, None, now).await?;
    store::insert_quota_records(&mut tx, &records, "", &actor.name, now).await?;
    record_many(
        &mut tx,
        &actor,
        call.source,
        AuditAction::QuotaResellerGrant,
        None,
        &audit,
    )
    .await?;
    let id = Uuid::new_v4();
    let batch = IssueBatch {
        quota_id: parent.id.to_string(),
        kind: parent.kind(),
        face_value: amount.amount(),
        lines,
        total: parent.balance - left,
        quota_balance_before: parent.balance,
        quota_balance_after: left,
        valid_from: parent.valid_from,
        valid_until: parent.valid_until,
        id: Some(id.to_string()),
        at: Some(now),
    };
    crate::server::batches::store(&mut tx, call, distributor, "quotas", id, &batch).await?;
    once::complete(&mut tx, call, &batch).await?;
    let summary = format!("{} × {amount} ({})", audit.len(), parent.id);
    commit(
        tx,
        call,
        AuditEntry::success(AuditAction::QuotaResellerGrant, summary),
    )
    .await?;
    Ok(batch)
}

/// A stored grant of the caller's.
pub async fn stored_grant(call: &Call, id: &str) -> Result<IssueBatch, AppError> {
    let partner = call.actor.require(Permission::SalesCouponsView)?;
    let mut conn = call.pool().acquire().await?;
    crate::server::batches::load(&mut conn, call, partner, "quotas", id).await
}

/// A distributor takes back what its resellers' quotas hold (all of each), into the quotas they
/// were granted from; the reseller quotas can issue no more. Quotas not granted by the caller
/// are refused line by line.
pub async fn reclaim_from_resellers(
    call: &Call,
    quotas: &[String],
    remark: &str,
) -> Result<Vec<ReclaimLine>, AppError> {
    let distributor = distributor_of(call)?;
    let remark =
        crate::core::validate::parse_remark(remark).map_err(|t| AppError::field("remark", t))?;
    let ids = id_list(quotas, ISSUE_LIMIT).map_err(|t| AppError::field("quota_ids", t))?;
    let mut tx = call.begin().await?;
    let fingerprint = format!("{}:{remark}", quotas.join(","));
    if let Claim::Done(lines) = once::claim(&mut tx, call, "quota_reclaim", &fingerprint).await? {
        return Ok(lines);
    }
    // Children first, then their parents, each in id order: the one lock order.
    let mut sorted = ids.clone();
    sorted.sort();
    let children: Vec<_> = store::lock_quotas(&mut tx, &sorted)
        .await?
        .into_iter()
        .filter(|q| q.parent_id.is_some())
        .collect();
    let mut parent_ids: Vec<Uuid> = children.iter().filter_map(|q| q.parent_id).collect();
    parent_ids.sort();
    parent_ids.dedup();
    let mut parents: Vec<_> = store::lock_quotas(&mut tx, &parent_ids)
        .await?
        .into_iter()
        .filter(|p| p.partner_id == distributor)
        .collect();
    let names = crate::partners::store::reseller_accounts(&mut tx, distributor).await?;
    let now = call.now();
    let mut records = QuotaRecords::default();
    let mut lines = Vec::with_capacity(ids.len());
    let mut audit = Vec::new();
    for id in &ids {
        let child = children.iter().find(|c| c.id == *id);
        let parent = child.and_then(|c| parents.iter_mut().find(|p| Some(p.id) == c.parent_id));
        let (Some(child), Some(parent)) = (child, parent) else {
            lines.push(ReclaimLine {
                quota_id: id.to_string(),
                reseller_account: String::new(),
                reclaimed: Decimal::ZERO,
                refusal: Some(IssueRefusal::NotFound),
            });
            continue;
        };
        let reseller = names
            .iter()
            .find(|(r, _)| *r == child.partner_id)
            .map(|(_, name)| name.clone())
            .unwrap_or_default();
        let back = child.balance;
        if back > Decimal::ZERO {
            parent.balance += back;
            records
                .push(child.id, child.partner_id, "reclaimed", back, Decimal::ZERO)
                .about_reseller(parent.id, child.partner_id);
            records
                .push(
                    parent.id,
                    distributor,
                    "reseller_reclaim",
                    back,
                    parent.balance,
                )
                .about_reseller(child.id, child.partner_id);
            store::set_quota(&mut tx, parent.id, parent.balance, None, now).await?;
        }
        store::set_quota(&mut tx, child.id, Decimal::ZERO, Some("reclaimed"), now).await?;
        audit.push((format!("{reseller} {back} {}", child.id), None));
        lines.push(ReclaimLine {
            quota_id: id.to_string(),
            reseller_account: reseller,
            reclaimed: back,
            refusal: None,
        });
    }
    store::insert_quota_records(&mut tx, &records, &remark, &call.actor.name, now).await?;
    let actor = AuditActor::from(&call.actor);
    record_many(
        &mut tx,
        &actor,
        call.source,
        AuditAction::QuotaResellerReclaim,
        None,
        &audit,
    )
    .await?;
    once::complete(&mut tx, call, &lines).await?;
    let summary = format!("{} quota(s)", audit.len());
    commit(
        tx,
        call,
        AuditEntry::success(AuditAction::QuotaResellerReclaim, summary),
    )
    .await?;
    Ok(lines)
}
