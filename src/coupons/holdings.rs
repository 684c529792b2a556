//! The quotas as the Coupons pages show them: the partner's own and, for a distributor, those it
//! granted its resellers; a quota with its records; every partner's for the operator.

use super::rules::quota_state;
use super::store::{self, QuotaRow};
use super::{QuotaDetail, QuotaOverview, QuotaView};
use crate::core::error::AppError;
use crate::core::permissions::Permission;
use crate::core::viewer::PartnerType;
use crate::server::Call;
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// What a quota's page lists of its records.
const QUOTA_RECORDS: i64 = 200;

pub fn quota_view(q: QuotaRow, holder: Option<String>, now: DateTime<Utc>) -> QuotaView {
    QuotaView {
        id: q.id.to_string(),
        kind: q.kind(),
        amount: q.amount,
        balance: q.balance,
        state: quota_state(q.status == "reclaimed", q.valid_until, now),
        valid_from: q.valid_from,
        valid_until: q.valid_until,
        limits: q.limits(),
        parent_id: q.parent_id.map(|p| p.to_string()),
        holder,
        remark: q.remark,
        created_at: q.created_at,
        updated_at: q.updated_at,
    }
}

fn is_distributor(call: &Call) -> bool {
    call.actor.partner_type == Some(PartnerType::Distributor) && call.actor.assigned_to().is_none()
}

pub async fn overview(call: &Call) -> Result<QuotaOverview, AppError> {
    let partner = call.actor.require(Permission::SalesCouponsView)?;
    let mut conn = call.pool().acquire().await?;
    let now = call.now();
    let views = |rows: Vec<(QuotaRow, Option<String>)>, holder: bool| -> Vec<QuotaView> {
        rows.into_iter()
            .map(|(q, h)| quota_view(q, h.filter(|_| holder), now))
            .collect()
    };
    let quotas = views(store::quotas(&mut conn, Some(partner), None).await?, false);
    let distributor = is_distributor(call);
    let (granted, resellers) = if distributor {
        let granted = views(store::quotas(&mut conn, None, Some(partner)).await?, true);
        let resellers = crate::partners::store::reseller_accounts(&mut conn, partner)
            .await?
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect();
        (granted, resellers)
    } else {
        (vec![], vec![])
    };
    Ok(QuotaOverview {
        quotas,
        granted,
        resellers,
        can_issue: call.actor.holds(Permission::SalesCouponsIssue),
        can_grant: distributor && call.actor.holds(Permission::SalesCouponsQuotas),
    })
}

/// Every partner's quotas with their holders, for the operator.
pub async fn all_quotas(call: &Call) -> Result<Vec<QuotaView>, AppError> {
    call.actor.require_operator()?;
    let mut conn = call.pool().acquire().await?;
    let now = call.now();
    Ok(store::all_quotas(&mut conn)
        .await?
        .into_iter()
        .map(|(q, holder)| quota_view(q, holder, now))
        .collect())
}

/// A quota the caller holds, or granted to one of its resellers, with its records.
pub async fn quota_detail(call: &Call, id: &str) -> Result<QuotaDetail, AppError> {
    let partner = call.actor.require(Permission::SalesCouponsView)?;
    let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let mut conn = call.pool().acquire().await?;
    let now = call.now();
    let held = store::quotas(&mut conn, Some(partner), None).await?;
    let granted = if is_distributor(call) {
        store::quotas(&mut conn, None, Some(partner)).await?
    } else {
        vec![]
    };
    let (quota, holder) = held
        .into_iter()
        .map(|(q, _)| (q, None))
        .chain(granted)
        .find(|(q, _)| q.id == id)
        .ok_or(AppError::NotFound)?;
    let kinds = [
        "grant",
        "issue",
        "recall",
        "expiry_return",
        "reseller_grant",
        "reseller_reclaim",
        "reclaimed",
    ];
    let search = store::QuotaRecordSearch {
        partner: quota.partner_id,
        quota: Some(quota.id),
        other_quota: None,
        reseller: None,
        kinds: &kinds,
        from: None,
        until: None,
        // A customer manager reads the records of its own customers' coupons only.
        assigned_to: call.actor.assigned_to(),
        limit: QUOTA_RECORDS,
        offset: 0,
    };
    let (records, _) = store::quota_records(&mut conn, &search).await?;
    let issued_count = records.iter().filter(|r| r.kind == "issue").count() as i64;
    let own = quota.partner_id == partner;
    let view = quota_view(quota, holder, now);
    Ok(QuotaDetail {
        can_issue: own
            && view.state == super::QuotaState::Normal
            && call.actor.holds(Permission::SalesCouponsIssue),
        quota: view,
        records,
        issued_count,
    })
}
