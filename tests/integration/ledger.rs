//! Money fixtures and the invariants every money test ends on: each account equals the sum of
//! its entries, each quota the sum of its records, and the whole system holds exactly what the
//! operator put in (less what customers spent, plus what they owe).

use crate::harness::*;
use axum::http::StatusCode;
use partner_centre::coupons::GrantQuota;
use partner_centre::funds::TopUpPartner;
use rust_decimal::Decimal;
use sqlx::PgPool;
use std::str::FromStr;
use uuid::Uuid;

pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Tops a partner up as the operator `ops` (made if missing).
pub async fn top_up(app: &TestApp, pool: &PgPool, partner: Uuid, amount: &str) {
    let mut op = operator_client(app, pool).await;
    let res = op
        .call::<TopUpPartner>(&[
            ("partner", &partner.to_string()),
            ("amount", amount),
            ("remark", "test"),
        ])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

/// Grants a quota valid from yesterday for 90 days (Beijing days); returns its id.
pub async fn grant_quota(
    app: &TestApp,
    pool: &PgPool,
    partner: Uuid,
    kind: &str,
    amount: &str,
) -> Uuid {
    let mut op = operator_client(app, pool).await;
    let today = partner_centre::core::time::Day::of(app.clock.now());
    let from = today.minus_days(1).to_string();
    let until = (today.date() + chrono::Duration::days(90)).to_string();
    let res = op
        .call::<GrantQuota>(&[
            ("form[partner]", &partner.to_string()),
            ("form[kind]", kind),
            ("form[amount]", amount),
            ("form[valid_from]", &from),
            ("form[valid_until]", &until),
        ])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // The clock stands still in tests: find the quota by what it is, not by when.
    sqlx::query_scalar(
        "select id from coupon_quotas where partner_id = $1 and kind = $2 and amount = $3::numeric
          order by created_at desc limit 1",
    )
    .bind(partner)
    .bind(kind)
    .bind(amount)
    .fetch_one(pool)
    .await
    .unwrap()
}

pub async fn operator_client<'a>(app: &'a TestApp, pool: &PgPool) -> Client<'a> {
    let exists: bool =
        sqlx::query_scalar("select exists (select 1 from operators where account_name = 'ops')")
            .fetch_one(pool)
            .await
            .unwrap();
    if !exists {
        operator(pool, "ops").await;
    }
    let mut c = app.client();
    assert_eq!(c.sign_in_operator("ops").await.status, StatusCode::OK);
    c
}

pub async fn partner_balance(pool: &PgPool, partner: Uuid) -> Decimal {
    sqlx::query_scalar(
        "select coalesce((select balance from partner_accounts where partner_id = $1), 0)",
    )
    .bind(partner)
    .fetch_one(pool)
    .await
    .unwrap()
}

pub async fn customer_balance(pool: &PgPool, customer: Uuid) -> (Decimal, Decimal) {
    sqlx::query_as(
        "select coalesce(balance, 0), coalesce(debt, 0)
           from (select 1) one left join customer_accounts on customer_id = $1",
    )
    .bind(customer)
    .fetch_one(pool)
    .await
    .unwrap()
}

pub async fn quota_balance(pool: &PgPool, quota: Uuid) -> Decimal {
    sqlx::query_scalar("select balance from coupon_quotas where id = $1")
        .bind(quota)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Fails the test unless every invariant of money holds.
pub async fn assert_conserved(pool: &PgPool) {
    let bad_partners: i64 = sqlx::query_scalar(
        "select count(*) from partner_accounts a
          where balance <> coalesce((select sum(balance_change) from account_entries e
                                      where e.partner_id = a.partner_id), 0)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(
        bad_partners, 0,
        "a partner account differs from its entries"
    );
    let bad_customers: i64 = sqlx::query_scalar(
        "select count(*) from customer_accounts a
          where balance <> coalesce((select sum(balance_change) from account_entries e
                                      where e.customer_id = a.customer_id), 0)
             or debt <> coalesce((select sum(debt_change) from account_entries e
                                   where e.customer_id = a.customer_id), 0)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(
        bad_customers, 0,
        "a customer account differs from its entries"
    );
    // Money enters only by top-ups and leaves only by charges; debt is money spent not yet had.
    let (topped, charged, held, owed): (Decimal, Decimal, Decimal, Decimal) = sqlx::query_as(
        "select coalesce((select sum(amount) from fund_transfers where kind = 'top_up'), 0),
                coalesce((select sum(amount) from fund_transfers where kind = 'charge'), 0),
                coalesce((select sum(balance) from partner_accounts), 0)
                  + coalesce((select sum(balance) from customer_accounts), 0),
                coalesce((select sum(debt) from customer_accounts), 0)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(held, topped - charged + owed, "money was made or lost");
    let bad_quotas: i64 = sqlx::query_scalar(
        "select count(*) from coupon_quotas q
          where balance <> coalesce((select sum(case when kind in ('grant', 'recall',
                      'expiry_return', 'reseller_reclaim') then amount else -amount end)
                                      from quota_records r where r.quota_id = q.id), 0)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(bad_quotas, 0, "a quota differs from its records");
    // A recalled or used coupon holds nothing; a usable one at most its face value.
    let bad_coupons: i64 = sqlx::query_scalar(
        "select count(*) from coupons where (status in ('recalled', 'used') and balance <> 0)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(bad_coupons, 0, "an ended coupon still holds money");
}
