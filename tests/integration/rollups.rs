//! Whichever kept table answers a summary (the sums, the rollup per customer and month, the
//! rollup per product and month), every grouping under every filter equals the records, after
//! loads of one chunk and of several.

use crate::consumption::{put, rec};
use crate::harness::*;
use chrono::Duration;
use partner_centre::consumption::query::{self, Detail, Reach, Search};
use partner_centre::consumption::{ChargeMode, Figures, Grouping};
use partner_centre::core::time::{BillingCycle, Day};
use rust_decimal::Decimal;
use sqlx::PgPool;
use std::collections::BTreeMap;

/// The summary of `s` computed from the records themselves: rows by key, and their count.
async fn from_records(pool: &PgPool, s: &Search, group: Grouping) -> BTreeMap<String, Figures> {
    let key = match group {
        Grouping::Customer => "customer_id::text",
        Grouping::Product => "service_type",
        Grouping::Month => "to_char(cycle, 'YYYY-MM')",
    };
    let rows: Vec<(String, i64, Decimal, Decimal, Decimal, Decimal, Decimal)> =
        sqlx::query_as(&format!(
            "select {key}, count(*), sum(list_amount), sum(discount_amount), sum(coupon_amount),
                    sum(cash_amount), sum(debt_amount)
               from consumption_records
              where partner_id = $1 and cycle between $2 and $3
                and ($4::uuid is null or customer_id = $4)
                and ($5::text is null or association_mode = $5)
                and ($6::text is null or service_type = $6)
                and ($7::int2[] is null or charge_mode = any($7))
              group by 1 having not $8 or sum(list_amount) <> 0"
        ))
        .bind(s.reach.partner)
        .bind(s.cycles.0)
        .bind(s.cycles.1)
        .bind(s.customer)
        .bind(&s.mode)
        .bind(&s.service_type)
        .bind(&s.charge_modes)
        .bind(s.hide_zero)
        .fetch_all(pool)
        .await
        .unwrap();
    rows.into_iter()
        .map(|(k, records, list, discount, coupon, cash, debt)| {
            let figures = Figures {
                records,
                list,
                discount,
                coupon,
                cash,
                debt,
            };
            (k, figures)
        })
        .collect()
}

#[sqlx::test]
async fn every_summary_equals_its_records_whichever_kept_table_answers_it(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let now = app.clock.now();
    let p = partner(&pool, "rolled", "solution_provider", None).await;
    let mut customers = vec![];
    for (i, mode) in ["resale", "consulting", "resale"].iter().enumerate() {
        let c = customer(&pool, &format!("rolled-{i}")).await;
        associate(&pool, c, p, mode, None).await;
        customers.push(c);
    }
    sqlx::query("update associations set associated_at = associated_at - interval '400 days'")
        .execute(&pool)
        .await
        .unwrap();
    // Two months, three services, three billing modes, some records of no list price.
    let services = [
        "hws.service.type.ec2",
        "hws.service.type.obs",
        "hws.service.type.rds",
    ];
    let modes = [
        ChargeMode::OnDemand,
        ChargeMode::Periodic,
        ChargeMode::SavingsPlan,
    ];
    let records = (0..90)
        .map(|i| {
            let at = now - Duration::days(i as i64 % 40) - Duration::minutes(i as i64);
            let list = if i % 11 == 0 {
                "0".to_string()
            } else {
                format!("{}.{:02}", i % 13, i % 100)
            };
            let mut r = rec(&format!("rolled-{i}"), customers[i % 3], at, &list);
            r.service_type = services[i % 5 % 3].into();
            r.charge_mode = modes[i % 7 % 3];
            r
        })
        .collect();
    assert_eq!(put(&app, records).await, 90);
    // A load of several chunks (5,000 records each), with records of a customer of no partner.
    let lonely = customer(&pool, "rolled-lonely").await;
    let many = (0..6_000)
        .map(|i| {
            let at = now - Duration::days(i as i64 % 30) - Duration::seconds(i as i64);
            let who = if i % 10 == 0 {
                lonely
            } else {
                customers[i % 3]
            };
            let mut r = rec(&format!("rolled-many-{i}"), who, at, "0.01");
            r.service_type = services[i % 3].into();
            r
        })
        .collect();
    assert_eq!(put(&app, many).await, 6_000);
    let lonely_rows: i64 = sqlx::query_scalar(
        "select (select count(*) from consumption_customer_months where customer_id = $1)
              + (select count(*) from consumption_sums where customer_id = $1)",
    )
    .bind(lonely)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        lonely_rows, 0,
        "records of no partner are in no partner's figures"
    );

    let first_of = |days: i64| {
        BillingCycle::of(Day::of(now - Duration::days(days)))
            .first_day()
            .date()
    };
    let base = Search {
        reach: Reach {
            partner: p,
            manager: None,
        },
        cycles: (first_of(45), first_of(0)),
        customer: None,
        mode: None,
        service_type: None,
        charge_modes: None,
        hide_zero: true,
        detail: Detail::default(),
        billed: false,
    };
    let searches = [
        base.clone(),
        Search {
            hide_zero: false,
            ..base.clone()
        },
        Search {
            customer: Some(customers[1]),
            ..base.clone()
        },
        Search {
            mode: Some("resale".into()),
            ..base.clone()
        },
        Search {
            service_type: Some(services[1].into()),
            ..base.clone()
        },
        Search {
            charge_modes: Some(vec![modes[1].code(), modes[2].code()]),
            ..base.clone()
        },
        Search {
            customer: Some(customers[0]),
            service_type: Some(services[0].into()),
            ..base.clone()
        },
        Search {
            cycles: (base.cycles.1, base.cycles.1),
            ..base.clone()
        },
    ];
    let mut conn = pool.acquire().await.unwrap();
    for s in &searches {
        for group in Grouping::ALL {
            let expected = from_records(&pool, s, group).await;
            let (rows, totals, count) = query::summary(&mut conn, s, group, 1000, 0).await.unwrap();
            let got: BTreeMap<String, Figures> =
                rows.into_iter().map(|r| (r.key, r.figures)).collect();
            assert_eq!(got, expected, "{group:?} of {s:?}");
            assert_eq!(count, expected.len() as i64, "{group:?} of {s:?}");
            let mut sum = Figures::default();
            expected.values().for_each(|f| sum.add(f));
            assert_eq!(totals, sum, "{group:?} of {s:?}");
        }
    }
    assert!(!from_records(&pool, &base, Grouping::Product)
        .await
        .is_empty());
}
