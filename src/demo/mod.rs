//! The deterministic demo data set, and its manifest of every sign-in it creates.
//!
//! Loaded only into an empty database. The same seed gives the same partners, members, customers
//! and passwords every time, so scripts and tests can rely on the manifest.

mod cast;
mod coupons;
mod keys;
mod manifest;
mod money;
mod relationships;
mod spend;

use cast::*;
pub use manifest::{DemoLink, Manifest, ManifestEntry};

use crate::audit::service::{record, AuditActor, AuditEntry};
use crate::audit::AuditAction;
use crate::core::permissions::BuiltinRole;
use crate::core::viewer::ActorKind;
use crate::server::passwords::Passwords;
use crate::server::sealer::Sealer;
use chrono::{Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the database already holds accounts; demo data loads only into an empty database")]
    NotEmpty,
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("an access key's secret could not be sealed")]
    Seal,
    #[error("a step of the demo's money failed: {0}")]
    Step(&'static str),
    #[error("the demo's consumption could not be loaded: {0}")]
    Consumption(String),
}

pub async fn is_empty(pool: &PgPool) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "select not exists (select 1 from operators) and not exists (select 1 from partners)",
    )
    .fetch_one(pool)
    .await
}

/// Loads the demo data in one transaction and returns its manifest.
pub async fn load(
    pool: &PgPool,
    passwords: &Passwords,
    sealer: &Sealer,
) -> Result<Manifest, DemoError> {
    if !is_empty(pool).await? {
        return Err(DemoError::NotEmpty);
    }
    let mut rng = StdRng::seed_from_u64(SEED);
    let mut accounts = Vec::new();
    let now = Utc::now();
    let mut tx = pool.begin().await?;

    // Stable ids: the same seed yields the same ids.
    let mut next_id = || Uuid::from_u128(rng.gen());
    let operator_id = next_id();
    let operator_hash = passwords.hash(OPERATOR_PASSWORD.into()).await;
    sqlx::query("insert into operators (id, account_name, display_name, password_hash) values ($1, 'operator', '平台运营 Operator', $2)")
        .bind(operator_id)
        .bind(&operator_hash)
        .execute(&mut *tx)
        .await?;
    accounts.push(ManifestEntry {
        kind: ActorKind::Operator.code(),
        role: "operator".into(),
        id: operator_id,
        account_name: "operator".into(),
        user_name: None,
        password: OPERATOR_PASSWORD.into(),
        sign_in: "/signin/operator",
        partner: None,
        partner_type: None,
        scenario: None,
        access_key: None,
        secret_key: None,
        domain_id: None,
        mode: None,
    });
    let operator = AuditActor {
        kind: ActorKind::Operator,
        id: Some(operator_id),
        name: "operator".into(),
        partner_id: None,
    };

    let partner_hash = passwords.hash(PARTNER_PASSWORD.into()).await;
    let mut partner_ids = std::collections::HashMap::new();
    for spec in PARTNERS {
        let id = next_id();
        partner_ids.insert(spec.account, id);
        let distributor = spec.distributor.map(|d| partner_ids[d]);
        sqlx::query(
            "insert into partners (id, account_name, display_name, partner_type, distributor_id, password_hash, created_at)
             values ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(spec.account)
        .bind(spec.name)
        .bind(spec.kind.code())
        .bind(distributor)
        .bind(&partner_hash)
        .bind(now - Duration::days(600))
        .execute(&mut *tx)
        .await?;
        record(
            &mut tx,
            &operator,
            None,
            &AuditEntry::success(AuditAction::PartnerCreate, spec.account).for_partner(id),
        )
        .await?;
        accounts.push(ManifestEntry {
            kind: ActorKind::PartnerMain.code(),
            role: format!("{} main account", spec.kind.code()),
            id,
            account_name: spec.account.into(),
            user_name: None,
            password: PARTNER_PASSWORD.into(),
            sign_in: "/signin/partner",
            partner: None,
            partner_type: Some(spec.kind.code()),
            scenario: None,
            access_key: None,
            secret_key: None,
            domain_id: None,
            mode: None,
        });
    }

    let (role_partner, role_name, role_items) = CUSTOM_ROLE;
    let custom_role_id = next_id();
    sqlx::query("insert into custom_roles (id, partner_id, name) values ($1, $2, $3)")
        .bind(custom_role_id)
        .bind(partner_ids[role_partner])
        .bind(role_name)
        .execute(&mut *tx)
        .await?;
    for item in role_items {
        sqlx::query("insert into custom_role_permissions (role_id, permission) values ($1, $2)")
            .bind(custom_role_id)
            .bind(item.code())
            .execute(&mut *tx)
            .await?;
    }

    let member_hash = passwords.hash(MEMBER_PASSWORD.into()).await;
    let mut member_ids = std::collections::HashMap::new();
    for (partner, user, display, roles) in MEMBERS {
        let id = next_id();
        let partner_id = partner_ids[partner];
        member_ids.insert(*user, id);
        sqlx::query("insert into members (id, partner_id, user_name, display_name, password_hash) values ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(partner_id)
            .bind(user)
            .bind(display)
            .bind(&member_hash)
            .execute(&mut *tx)
            .await?;
        for role in *roles {
            let builtin = BuiltinRole::from_key(role).map(|r| r.key());
            let custom = builtin.is_none().then_some(custom_role_id);
            sqlx::query("insert into member_roles (member_id, builtin_role, custom_role_id) values ($1, $2, $3)")
                .bind(id)
                .bind(builtin)
                .bind(custom)
                .execute(&mut *tx)
                .await?;
        }
        let main = AuditActor {
            kind: ActorKind::PartnerMain,
            id: Some(partner_id),
            name: partner.to_string(),
            partner_id: Some(partner_id),
        };
        record(
            &mut tx,
            &main,
            None,
            &AuditEntry::success(AuditAction::MemberCreate, *user),
        )
        .await?;
        accounts.push(ManifestEntry {
            kind: ActorKind::Member.code(),
            role: roles.join("+"),
            id,
            account_name: partner.to_string(),
            user_name: Some(user.to_string()),
            password: MEMBER_PASSWORD.into(),
            sign_in: "/signin/iam",
            partner: Some(partner.to_string()),
            partner_type: None,
            scenario: None,
            access_key: None,
            secret_key: None,
            domain_id: None,
            mode: None,
        });
    }

    keys::for_partner_users(&mut tx, sealer, &mut accounts, &partner_ids).await?;
    let notices = relationships::notices(&mut tx, &mut rng, operator_id, now).await?;
    let customer_hash = passwords.hash(CUSTOMER_PASSWORD.into()).await;
    let mut n = 0usize;
    let mut yunfan = vec![];
    let mut associated = vec![];
    for spec in PARTNERS {
        for i in 0..spec.customers {
            n += 1;
            let associated_at = now - Duration::minutes(rng.gen_range(60..(540 * 24 * 60)));
            let registered_at = associated_at - Duration::minutes(rng.gen_range(10..(6 * 24 * 60)));
            let resale = !i.is_multiple_of(3);
            // The customer manager of yunfan-tech looks after every fourth of its customers.
            let manager = (spec.account == "yunfan-tech" && i.is_multiple_of(4))
                .then(|| member_ids["wang.manager"]);
            let customer =
                insert_customer(&mut tx, &mut rng, n, registered_at, &customer_hash).await?;
            let association = Uuid::from_u128(rng.gen());
            sqlx::query(
                "insert into associations (id, customer_id, partner_id, mode, associated_at, manager_member_id, manager_assigned_at,
                                           customer_kind, customer_account)
                 select $1, c.id, $3, $4, $5, $6, $7, c.kind, lower(c.account_name) from customers c where c.id = $2",
            )
            .bind(association)
            .bind(customer.0)
            .bind(partner_ids[spec.account])
            .bind(if resale { "resale" } else { "consulting" })
            .bind(associated_at)
            .bind(manager)
            .bind(manager.map(|_| associated_at + Duration::days(1)))
            .execute(&mut *tx)
            .await?;
            let signs_latest = i % 5 != 4;
            relationships::signature(
                &mut tx,
                customer.0,
                associated_at,
                notices,
                signs_latest,
                now,
            )
            .await?;
            if spec.account == "yunfan-tech" && !i.is_multiple_of(4) {
                yunfan.push(relationships::DemoCustomer {
                    id: customer.0,
                    association,
                    resale,
                    entry: accounts.len(),
                    associated_at,
                });
            }
            associated.push(money::Customer {
                id: customer.0,
                partner: spec.account,
                resale,
                entry: accounts.len(),
            });
            let mut entry = customer_entry(customer, Some(spec.account));
            entry.mode = Some(if resale { "resale" } else { "consulting" });
            if !signs_latest {
                entry.scenario = Some(
                    "has not signed the latest association notice: sign it in Agreements".into(),
                );
            }
            accounts.push(entry);
        }
    }
    let yunfan_id = partner_ids["yunfan-tech"];
    let links = relationships::links(
        &mut tx,
        &mut rng,
        yunfan_id,
        member_ids["wang.manager"],
        now,
    )
    .await?;
    // Customers with a pending request all sign the latest notice, so that nothing else waits.
    yunfan.retain(|c| accounts[c.entry].scenario.is_none());
    relationships::requests(&mut tx, &mut rng, yunfan_id, &yunfan, &mut accounts, now).await?;
    for _ in 0..FREE_CUSTOMERS {
        n += 1;
        let registered_at = now - Duration::hours(rng.gen_range(1..72));
        let customer = insert_customer(&mut tx, &mut rng, n, registered_at, &customer_hash).await?;
        accounts.push(customer_entry(customer, None));
    }
    tx.commit().await?;
    let cast = money::Cast {
        operator: operator_id,
        partners: &partner_ids,
        members: &member_ids,
    };
    let coupon_holders = money::load(
        pool,
        passwords,
        &cast,
        &associated,
        &mut accounts,
        &mut rng,
        now,
    )
    .await?;
    keys::for_customers(pool, sealer, &mut accounts, &coupon_holders).await?;
    let spenders: Vec<Uuid> = associated.iter().map(|c| c.id).collect();
    spend::load(pool, &spenders, now).await?;
    // Statistics for what was just loaded in bulk, before the first request: autovacuum would
    // gather them a minute or two later, but a kept statement first planned without them can
    // stay on a plan made again at every run (0.3 ms a page of customers, seen in the log).
    sqlx::query("analyze").execute(pool).await?;
    Ok(Manifest {
        note: "Demo sign-ins. Members sign in on /signin/iam with account_name (the partner), user_name and password. Links are paths on the portal's address.",
        accounts,
        links,
    })
}

async fn insert_customer(
    conn: &mut PgConnection,
    rng: &mut StdRng,
    n: usize,
    registered_at: chrono::DateTime<Utc>,
    hash: &str,
) -> Result<(Uuid, String, bool), sqlx::Error> {
    let id = Uuid::from_u128(rng.gen());
    let enterprise = n.is_multiple_of(2);
    let surname = SURNAMES[rng.gen_range(0..SURNAMES.len())];
    let account = format!("{}-{:03}", if enterprise { "corp" } else { surname }, n);
    let display = if enterprise {
        format!(
            "{}科技有限公司 {n:03}",
            COMPANIES[rng.gen_range(0..COMPANIES.len())]
        )
    } else {
        format!("{surname} {n:03}")
    };
    sqlx::query(
        "insert into customers (id, account_name, display_name, kind, password_hash, registered_at)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(&account)
    .bind(&display)
    .bind(if enterprise {
        "enterprise"
    } else {
        "individual"
    })
    .bind(hash)
    .bind(registered_at)
    .execute(conn)
    .await?;
    Ok((id, account, enterprise))
}

fn customer_entry(
    (id, account, enterprise): (Uuid, String, bool),
    partner: Option<&str>,
) -> ManifestEntry {
    ManifestEntry {
        kind: ActorKind::Customer.code(),
        role: format!(
            "{} customer{}",
            if enterprise {
                "enterprise"
            } else {
                "individual"
            },
            if partner.is_some() {
                ""
            } else {
                " without a partner"
            }
        ),
        id,
        account_name: account,
        user_name: None,
        password: CUSTOMER_PASSWORD.into(),
        sign_in: "/signin/customer",
        partner: partner.map(str::to_string),
        partner_type: None,
        scenario: None,
        access_key: None,
        secret_key: None,
        domain_id: None,
        mode: None,
    }
}
