//! The Funds pages' reading side: the overview, adjustment records (with their CSV), the
//! partner's account entries, a customer's own Balance page, and balances of customers.

use super::ledger::{self, Account, AdjustmentSearch, EntrySearch};
use super::{
    AdjustmentFilter, AdjustmentPage, Balance, BalancePage, EntryPage, FundsHome, ResellerFunds,
    TransferKind, RECORDS_PAGE_SIZE,
};
use crate::core::error::{AppError, FieldErrors};
use crate::core::export::{Cell, CsvWriter};
use crate::core::i18n::Msg;
use crate::core::ids::ExternalId;
use crate::core::permissions::Permission;
use crate::core::time::Day;
use crate::core::viewer::PartnerType;
use crate::server::Call;
use sqlx::PgConnection;
use uuid::Uuid;

/// At most this many rows go into one export.
pub const EXPORT_LIMIT: i64 = 100_000;

pub async fn overview(call: &Call) -> Result<FundsHome, AppError> {
    let partner = call.actor.require(Permission::SalesFundsView)?;
    let mut conn = call.pool().acquire().await?;
    let balance = super::store::partner_balance(&mut conn, partner).await?;
    let assigned = call.actor.assigned_to();
    let (customers_balance, customers_debt) =
        ledger::customers_totals(&mut conn, partner, assigned).await?;
    let resellers =
        if call.actor.partner_type == Some(PartnerType::Distributor) && assigned.is_none() {
            ledger::resellers(&mut conn, partner)
                .await?
                .into_iter()
                .map(|(id, account_name, display_name, balance)| ResellerFunds {
                    id: id.to_string(),
                    account_name,
                    display_name,
                    balance,
                })
                .collect()
        } else {
            vec![]
        };
    let (recent, _) = ledger::adjustments(
        &mut conn,
        &AdjustmentSearch {
            partner,
            counterpart: None,
            kinds: TransferKind::ADJUSTMENTS.iter().map(|k| k.code()).collect(),
            from: None,
            until: None,
            trans_id: None,
            assigned_to: assigned,
            limit: 5,
            offset: 0,
        },
    )
    .await?;
    Ok(FundsHome {
        balance,
        customers_balance,
        customers_debt,
        can_allocate: call.actor.holds(Permission::SalesFundsAllocate),
        can_reclaim: call.actor.holds(Permission::SalesFundsReclaim),
        own_account: assigned.is_none(),
        resellers,
        recent,
    })
}

/// A customer or reseller named by id or account name, among the partner's.
async fn counterpart(
    conn: &mut PgConnection,
    partner: Uuid,
    text: &str,
) -> Result<Option<Uuid>, AppError> {
    if let Ok(id) = Uuid::parse_str(text) {
        return Ok(Some(id));
    }
    Ok(crate::partners::store::counterpart_by_name(conn, partner, text).await?)
}

/// The filters parsed into a search (the page and its CSV share it).
async fn search(
    conn: &mut PgConnection,
    call: &Call,
    filter: &AdjustmentFilter,
    limit: i64,
    offset: i64,
) -> Result<AdjustmentSearch, AppError> {
    let partner = call.actor.require(Permission::SalesFundsView)?;
    let mut errors = FieldErrors::new();
    let from = errors.check("from", Day::parse_optional(filter.from.as_deref()));
    let to = errors.check("to", Day::parse_optional(filter.to.as_deref()));
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let kinds: Vec<&'static str> = match given(&filter.kind) {
        None => TransferKind::ADJUSTMENTS.iter().map(|k| k.code()).collect(),
        Some(code) => {
            match TransferKind::from_code(&code).filter(|k| TransferKind::ADJUSTMENTS.contains(k)) {
                Some(k) => vec![k.code()],
                None => {
                    errors.add("kind", Msg::ErrBadChoice);
                    vec![]
                }
            }
        }
    };
    let trans_id = match given(&filter.trans_id) {
        None => None,
        Some(t) => errors.check("trans_id", ExternalId::parse(&t)),
    };
    let customer = given(&filter.customer);
    if customer
        .as_deref()
        .is_some_and(|c| c.chars().count() > 64 || c.chars().any(char::is_control))
    {
        errors.add("customer", Msg::ErrBadId);
    }
    errors.into_result()?;
    // A name that matches nobody matches no record.
    let counterpart = match customer {
        None => None,
        Some(text) => Some(
            counterpart(conn, partner, &text)
                .await?
                .unwrap_or(Uuid::nil()),
        ),
    };
    Ok(AdjustmentSearch {
        partner,
        counterpart,
        kinds,
        from: from.flatten().map(Day::start),
        until: to.flatten().map(Day::end),
        trans_id: trans_id.map(|t| t.as_str().to_string()),
        assigned_to: call.actor.assigned_to(),
        limit,
        offset,
    })
}

pub async fn adjustments(
    call: &Call,
    filter: &AdjustmentFilter,
) -> Result<AdjustmentPage, AppError> {
    let page = filter.page.unwrap_or(1).clamp(1, 10_000);
    let mut conn = call.pool().acquire().await?;
    let s = search(
        &mut conn,
        call,
        filter,
        RECORDS_PAGE_SIZE as i64,
        ((page - 1) * RECORDS_PAGE_SIZE) as i64,
    )
    .await?;
    let (rows, total) = ledger::adjustments(&mut conn, &s).await?;
    Ok(AdjustmentPage {
        rows,
        total,
        page,
        page_size: RECORDS_PAGE_SIZE,
    })
}

/// The filtered adjustment records as CSV, through the one safe writer (like the customer
/// list's: field names and UTC times, for machines as much as for people).
pub async fn adjustments_csv(
    call: &Call,
    filter: &AdjustmentFilter,
    unmasked: bool,
) -> Result<Vec<u8>, AppError> {
    let mut conn = call.pool().acquire().await?;
    let s = search(&mut conn, call, filter, EXPORT_LIMIT, 0).await?;
    let (rows, _) = ledger::adjustments(&mut conn, &s).await?;
    let mut csv = CsvWriter::new(&[
        "trans_id",
        "operation_type",
        "counterpart_id",
        "account_name",
        "display_name",
        "amount",
        "operation_time_utc",
        "operator",
    ])?
    .unmasked(unmasked);
    for r in &rows {
        let at = r.at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        csv.row(&[
            Cell::Text(&r.trans_id),
            Cell::Text(r.kind.code()),
            Cell::Text(&r.counterpart_id),
            Cell::Personal(&r.counterpart_account),
            Cell::Personal(&r.counterpart_name),
            Cell::Number(r.change),
            Cell::Text(&at),
            Cell::Personal(&r.actor_name),
        ])?;
    }
    csv.finish()
}

/// Page `page` of an account's entries, in Beijing dates `from`..`to`.
pub async fn entry_page(
    conn: &mut PgConnection,
    account: Account,
    kinds: Vec<&'static str>,
    (from, to): (Option<Day>, Option<Day>),
    page: u32,
) -> Result<EntryPage, AppError> {
    let page = page.clamp(1, 10_000);
    let (rows, total) = ledger::entries(
        conn,
        &EntrySearch {
            account,
            kinds,
            from: from.map(Day::start),
            until: to.map(Day::end),
            limit: RECORDS_PAGE_SIZE as i64,
            offset: ((page - 1) * RECORDS_PAGE_SIZE) as i64,
        },
    )
    .await?;
    Ok(EntryPage {
        rows,
        total,
        page,
        page_size: RECORDS_PAGE_SIZE,
    })
}

fn all_kinds() -> Vec<&'static str> {
    TransferKind::ALL.iter().map(|k| k.code()).collect()
}

/// The partner's own account entries (收支明细). A customer manager sees none: they are the
/// whole partner's.
pub async fn partner_entries(
    call: &Call,
    from: Option<&str>,
    to: Option<&str>,
    page: u32,
) -> Result<EntryPage, AppError> {
    let partner = call.actor.require(Permission::SalesFundsView)?;
    if call.actor.assigned_to().is_some() {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::new();
    let from = errors.check("from", Day::parse_optional(from)).flatten();
    let to = errors.check("to", Day::parse_optional(to)).flatten();
    errors.into_result()?;
    let mut conn = call.pool().acquire().await?;
    entry_page(
        &mut conn,
        Account::Partner(partner),
        all_kinds(),
        (from, to),
        page,
    )
    .await
}

/// The signed-in customer's Balance page.
pub async fn my_balance(call: &Call, page: u32) -> Result<BalancePage, AppError> {
    let customer = call.actor.require_customer()?;
    let mut conn = call.pool().acquire().await?;
    let account = balances(&mut conn, &[customer])
        .await?
        .pop()
        .map(|(_, b)| b)
        .unwrap_or_default();
    let entries = entry_page(
        &mut conn,
        Account::Customer(customer),
        all_kinds(),
        (None, None),
        page,
    )
    .await?;
    Ok(BalancePage { account, entries })
}

/// Balances of several customers (zeros for those without an account yet).
pub async fn balances(
    conn: &mut PgConnection,
    customers: &[Uuid],
) -> Result<Vec<(Uuid, Balance)>, AppError> {
    Ok(super::store::customer_figures(conn, customers)
        .await?
        .into_iter()
        .map(|(id, f)| {
            (
                id,
                Balance {
                    balance: f.balance,
                    credit_limit: f.credit_limit,
                    debt: f.debt,
                },
            )
        })
        .collect())
}
