//! The demo's money, made through the same service functions users call, by the users who would
//! call them (the operator, finance and coupon members, distributors), on a clock that walks
//! the last six months: top-ups, quotas, a history of allocations and reclaims, funds and quota
//! passed to resellers, customers' spending (one of them into debt), and coupons in every state.

use super::{DemoError, ManifestEntry};
use crate::core::money::Money;
use crate::core::viewer::ActorKind;
use crate::coupons::issue::IssueTerms;
use crate::coupons::quotas::QuotaTerms;
use crate::coupons::{CouponKind, Limits};
use crate::funds::TransferKind;
use crate::server::clock::Clock;
use crate::server::config::Config;
use crate::server::passwords::Passwords;
use crate::server::{AppState, Call};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::Rng;
use sqlx::PgPool;
use std::collections::HashMap;
use uuid::Uuid;

/// An associated demo customer.
pub struct Customer {
    pub id: Uuid,
    pub partner: &'static str,
    pub resale: bool,
    /// Its line in the manifest.
    pub entry: usize,
}

/// Who the demo acts as.
pub struct Cast<'a> {
    pub operator: Uuid,
    pub partners: &'a HashMap<&'static str, Uuid>,
    pub members: &'a HashMap<&'static str, Uuid>,
}

pub(super) struct Demo {
    pub(super) state: AppState,
    pub(super) clock: Clock,
}

pub(super) fn m(amount: i64) -> Money {
    // Demo amounts are whole positive yuan well under the maximum.
    Money::from_decimal(amount.into()).unwrap_or_else(|_| unreachable!("demo amount {amount}"))
}

impl Demo {
    pub(super) async fn call(&self, kind: ActorKind, id: Uuid) -> Result<Call, DemoError> {
        let mut conn = self.state.pool.acquire().await?;
        let actor = crate::identity::store::load(&mut conn, kind, id)
            .await?
            .ok_or(DemoError::Step("a demo account did not load"))?
            .actor;
        Ok(Call {
            state: self.state.clone(),
            actor,
            source: None,
            origin: String::new(),
            token: None,
        })
    }

    pub(super) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}

pub(super) fn step<T>(
    what: &'static str,
    r: Result<T, crate::core::error::AppError>,
) -> Result<T, DemoError> {
    r.map_err(|e| {
        tracing::error!(error = ?e, what, "demo money step failed");
        DemoError::Step(what)
    })
}

/// Quotas valid for a year from six months ago, with limits to show.
fn quota(
    partner: Uuid,
    kind: CouponKind,
    amount: i64,
    from: DateTime<Utc>,
    days: i64,
) -> QuotaTerms {
    QuotaTerms {
        partner: partner.to_string(),
        kind,
        amount: m(amount),
        valid_from: from,
        valid_until: from + Duration::days(days),
        limits: Limits {
            service_types: match kind {
                CouponKind::Voucher => {
                    vec!["hws.service.type.ecs".into(), "hws.service.type.ebs".into()]
                }
                CouponKind::Cash => vec![],
            },
            products: vec![],
            min_order_amount: None,
            selected_only: false,
        },
        remark: "demo".into(),
    }
}

pub(super) fn issue(quota: Uuid, face: i64, customers: &[&Customer]) -> IssueTerms {
    IssueTerms {
        quota: quota.to_string(),
        face_value: m(face),
        valid_from: None,
        valid_until: None,
        limits: Limits::default(),
        remark: "demo campaign".into(),
        customers: customers.iter().map(|c| c.id.to_string()).collect(),
    }
}

/// Makes the demo's money; returns the manifest lines of the customers holding coupons.
pub async fn load(
    pool: &PgPool,
    passwords: &Passwords,
    cast: &Cast<'_>,
    customers: &[Customer],
    accounts: &mut [ManifestEntry],
    rng: &mut StdRng,
    now: DateTime<Utc>,
) -> Result<Vec<usize>, DemoError> {
    let start = now - Duration::days(180);
    let clock = Clock::fixed(start);
    // A state for the demo's own calls: its pool and its walking clock are what services use.
    let leptos = leptos::config::LeptosOptions::builder()
        .output_name("partner_centre")
        .build();
    let state = AppState::new(
        pool.clone(),
        Config::for_tests(),
        leptos,
        passwords.clone(),
        clock.clone(),
        [0; 32],
    );
    let demo = Demo { state, clock };
    let p = |name: &str| cast.partners[name];
    let operator = demo.call(ActorKind::Operator, cast.operator).await?;

    // The operator funds the partners and grants their quotas.
    for (partner, amount) in [
        ("yunfan-tech", 500_000),
        ("huadong-dist", 1_000_000),
        ("lanhai-solutions", 80_000),
    ] {
        step(
            "top-up",
            crate::funds::operator::top_up(&operator, &p(partner).to_string(), m(amount), "demo")
                .await,
        )?;
    }
    let grant = |terms: QuotaTerms| {
        let operator = operator.clone();
        async move {
            step(
                "quota",
                crate::coupons::quotas::grant(&operator, &terms).await,
            )
        }
    };
    let yunfan_voucher = grant(quota(
        p("yunfan-tech"),
        CouponKind::Voucher,
        100_000,
        start,
        365,
    ))
    .await?;
    let yunfan_cash = grant(quota(
        p("yunfan-tech"),
        CouponKind::Cash,
        50_000,
        start,
        365,
    ))
    .await?;
    // A spring campaign's quota: it ended three weeks ago, and so did its coupons.
    let yunfan_spring = grant(quota(
        p("yunfan-tech"),
        CouponKind::Voucher,
        10_000,
        start,
        159,
    ))
    .await?;
    let huadong_voucher = grant(quota(
        p("huadong-dist"),
        CouponKind::Voucher,
        200_000,
        start,
        365,
    ))
    .await?;
    grant(quota(
        p("huadong-dist"),
        CouponKind::Cash,
        60_000,
        start,
        365,
    ))
    .await?;

    // The distributor passes funds and quota to its resellers.
    demo.clock.advance(Duration::days(10));
    let huadong = demo.call(ActorKind::PartnerMain, p("huadong-dist")).await?;
    for (reseller, amount) in [("jiangsu-reseller", 50_000), ("zhejiang-reseller", 30_000)] {
        step(
            "reseller funds",
            crate::funds::resellers::move_reseller(
                &huadong,
                TransferKind::ResellerAllocate,
                &p(reseller).to_string(),
                m(amount),
            )
            .await,
        )?;
    }
    let resellers = [
        p("jiangsu-reseller").to_string(),
        p("zhejiang-reseller").to_string(),
    ];
    let granted = step(
        "reseller quota",
        crate::coupons::quotas::grant_to_resellers(
            &huadong,
            &huadong_voucher.to_string(),
            &resellers,
            m(20_000),
        )
        .await,
    )?;

    // Six months of allocations and reclaims by the partners' finance people.
    let finance = demo
        .call(ActorKind::Member, cast.members["zhao.finance"])
        .await?;
    let jiangsu = demo
        .call(ActorKind::PartnerMain, p("jiangsu-reseller"))
        .await?;
    let resale_of = |partner: &str| -> Vec<&Customer> {
        customers
            .iter()
            .filter(|c| c.partner == partner && c.resale)
            .collect()
    };
    let (yunfan_resale, huadong_resale, jiangsu_resale) = (
        resale_of("yunfan-tech"),
        resale_of("huadong-dist"),
        resale_of("jiangsu-reseller"),
    );
    // Customers with a journey of their own (a pending request, an unsigned notice) keep clear of money.
    let plain = |c: &&Customer| accounts[c.entry].scenario.is_none();
    let funded: Vec<&Customer> = yunfan_resale
        .iter()
        .copied()
        .filter(plain)
        .take(14)
        .collect();
    for round in 0..12 {
        demo.clock.advance(Duration::days(10));
        // A reseller works with smaller sums than the solution provider and the distributor.
        for (who, list, unit) in [
            (&finance, &funded, 100),
            (&huadong, &huadong_resale, 100),
            (&jiangsu, &jiangsu_resale, 10),
        ] {
            for j in 0..3 {
                let Some(c) = list.get((round * 3 + j) % list.len().max(1)) else {
                    continue;
                };
                let amount = rng.gen_range(10..200) * unit;
                step(
                    "allocate",
                    crate::funds::service::move_one(
                        who,
                        TransferKind::Allocate,
                        &c.id.to_string(),
                        m(amount),
                    )
                    .await,
                )?;
            }
        }
        if round % 4 == 3 {
            // The customer funded first this round gives some back.
            let c = funded[(round * 3) % funded.len()];
            step(
                "reclaim",
                crate::funds::service::move_one(
                    &finance,
                    TransferKind::Reclaim,
                    &c.id.to_string(),
                    m(500),
                )
                .await,
            )?;
        }
    }

    // Customers spend; the last one spends beyond its balance and owes the rest.
    let spenders: Vec<&Customer> = funded.iter().copied().take(5).collect();
    {
        let mut tx = pool.begin().await?;
        let system = crate::audit::service::AuditActor {
            kind: ActorKind::System,
            id: None,
            name: "consumption".into(),
            partner_id: None,
        };
        for (i, c) in spenders.iter().enumerate() {
            let figures = crate::funds::store::customer_figures(&mut tx, &[c.id]).await?;
            let balance = figures.first().map_or(0.into(), |(_, f)| f.balance);
            let amount = if i == spenders.len() - 1 {
                balance + rust_decimal::Decimal::from(1_234)
            } else {
                (balance / rust_decimal::Decimal::from(3)).round_dp(2)
            };
            if let Ok(amount) = Money::from_decimal(amount) {
                step(
                    "charge",
                    crate::funds::service::charge(
                        &mut tx,
                        &system,
                        c.id,
                        amount,
                        "ECS monthly usage",
                        demo.now(),
                    )
                    .await,
                )?;
            }
        }
        tx.commit().await?;
    }
    if let Some(debtor) = spenders.last() {
        accounts[debtor.entry].scenario =
            Some("in debt (owes 1,234.00 yuan): disassociation is refused until the partner's allocation settles it".into());
    }

    let quotas = super::coupons::Quotas {
        spring: yunfan_spring,
        voucher: yunfan_voucher,
        cash: yunfan_cash,
        jiangsu: granted
            .lines
            .first()
            .and_then(|l| l.made_id.as_deref())
            .and_then(|id| Uuid::parse_str(id).ok()),
    };
    super::coupons::issue_and_use(&demo, cast, &quotas, &funded, (&jiangsu, &jiangsu_resale))
        .await?;
    let pick = |from: usize, n: usize| -> Vec<&Customer> {
        funded.iter().copied().skip(from).take(n).collect()
    };
    // Their coupons are of both kinds and in different states (usable, used, expired); the last
    // of them is also the debtor.
    let holders: Vec<usize> = pick(2, 3).iter().map(|c| c.entry).collect();
    for entry in &holders {
        accounts[*entry].scenario.get_or_insert_with(|| {
            "holds coupons: see Account Centre › Coupons, or list them with list_sub_customer_coupons and its access_key".into()
        });
    }

    // A credit line for two customers.
    for c in funded.iter().rev().take(2) {
        step(
            "credit",
            crate::funds::operator::set_credit_limit(&operator, &c.id.to_string(), "5000").await,
        )?;
    }
    // Coupons whose end passed are expired, as the job would have done on its rounds.
    step(
        "expiry",
        crate::coupons::expiry::expire_due(pool, now).await,
    )?;
    Ok(holders)
}
