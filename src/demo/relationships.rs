//! The demo's relationships: two versions of the association notice, knowledge recommendations,
//! invitation links in each state, and pending and answered authorization and disassociation
//! requests, so that every journey of the relationships work can be tried at once.

use super::{DemoLink, ManifestEntry};
use crate::agreements::rules::render_markdown;
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::Rng;
use sqlx::PgConnection;
use uuid::Uuid;

const NOTICE_V1: &str = "# 客户关联合作伙伴须知 Customer–Partner Association Notice\n\n\
1. 关联后，合作伙伴可查看您的账号名称、关联时间与消费概况。\n   After association the partner sees your account name, association date and spending summary.\n\
2. 代售模式下，合作伙伴为您的账号拨款并代付订单。\n   In resale mode the partner funds your account and pays your orders.\n\
3. 您可随时申请解除关联，每 3 个月一次。\n   You may ask to end the association, once every 3 months.\n";

const NOTICE_V2: &str = "# 客户关联合作伙伴须知 Customer–Partner Association Notice (2026)\n\n\
1. 关联后，合作伙伴可查看您的账号名称、关联时间与消费概况。\n   After association the partner sees your account name, association date and spending summary.\n\
2. 代售模式下，合作伙伴为您的账号拨款并代付订单；解除关联时剩余余额退回合作伙伴。\n   In resale mode the partner funds your account and pays your orders; on disassociation the remaining balance returns to the partner.\n\
3. 合作伙伴操作您的资源或订单前须取得您的**授权**，授权最长 2 年，可随时撤销。\n   The partner needs your **authorization** before acting on your resources or orders; it lasts at most 2 years and you may revoke it at any time.\n\
4. 您可随时申请解除关联，每 3 个月一次，由对方确认。\n   You may ask to end the association once every 3 months; the other side confirms.\n";

const KNOWLEDGE: &[(&str, &str, &str, &str)] = &[
    (
        "product",
        "弹性云服务器 ECS",
        "按需伸缩的计算资源，适合 Web 与企业应用。",
        "https://www.huaweicloud.com/product/ecs.html",
    ),
    (
        "product",
        "对象存储服务 OBS",
        "海量、安全、低成本的对象存储。",
        "https://www.huaweicloud.com/product/obs.html",
    ),
    (
        "industry_case",
        "制造业：设备数据上云",
        "某制造企业将产线数据接入云端，故障预测准确率提升。",
        "https://www.huaweicloud.com/cases/",
    ),
    (
        "industry_case",
        "零售：大促弹性扩容",
        "零售客户在大促期间分钟级扩容，平稳承接峰值流量。",
        "https://www.huaweicloud.com/cases/",
    ),
    (
        "solution",
        "中小企业上云方案",
        "从账号开通、网络规划到迁移上线的一站式方案。",
        "https://www.huaweicloud.com/solution/",
    ),
    (
        "solution",
        "数据湖分析方案",
        "统一存储与分析结构化和非结构化数据。",
        "https://www.huaweicloud.com/solution/",
    ),
];

/// A yunfan-tech customer the scenarios may use: (customer id, association id, resale, index of
/// its manifest entry).
pub struct DemoCustomer {
    pub id: Uuid,
    pub association: Uuid,
    pub resale: bool,
    pub entry: usize,
    pub associated_at: DateTime<Utc>,
}

/// Publishes v1 (long ago) and v2 (ten days ago) of the notice; returns their ids.
pub async fn notices(
    conn: &mut PgConnection,
    rng: &mut StdRng,
    operator: Uuid,
    now: DateTime<Utc>,
) -> Result<(Uuid, Uuid), sqlx::Error> {
    let mut ids = vec![];
    for (version, content, age) in [(1, NOTICE_V1, 700), (2, NOTICE_V2, 10)] {
        let id = Uuid::from_u128(rng.gen());
        sqlx::query(
            "insert into agreement_versions
                 (id, kind, version, title, content_md, content_html, published_at, published_by)
             values ($1, 'association_notice', $2, '客户关联合作伙伴须知', $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(version)
        .bind(content)
        .bind(render_markdown(content))
        .bind(now - Duration::days(age))
        .bind(operator)
        .execute(&mut *conn)
        .await?;
        ids.push(id);
    }
    for (category, title, summary, link) in KNOWLEDGE {
        sqlx::query(
            "insert into knowledge_items (id, category, title, summary, link, created_at)
             values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(Uuid::from_u128(rng.gen()))
        .bind(category)
        .bind(title)
        .bind(summary)
        .bind(link)
        .bind(now - Duration::days(30))
        .execute(&mut *conn)
        .await?;
    }
    Ok((ids[0], ids[1]))
}

/// Every associated customer signed v1 when it joined; four in five signed v2 as well.
pub async fn signature(
    conn: &mut PgConnection,
    customer: Uuid,
    associated_at: DateTime<Utc>,
    (v1, v2): (Uuid, Uuid),
    signs_latest: bool,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let mut signed = vec![(v1, associated_at)];
    if signs_latest {
        signed.push((v2, (now - Duration::days(5)).max(associated_at)));
    }
    for (agreement, at) in signed {
        sqlx::query(
            "insert into agreement_signatures (customer_id, agreement_id, signed_at)
             values ($1, $2, $3)",
        )
        .bind(customer)
        .bind(agreement)
        .bind(at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Invitation links of yunfan-tech in each state; returns them for the manifest.
pub async fn links(
    conn: &mut PgConnection,
    rng: &mut StdRng,
    partner: Uuid,
    manager: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<DemoLink>, sqlx::Error> {
    // (mode, made by the customer manager, valid days, max uses, uses, age in days, revoked)
    let specs = [
        ("resale", true, 30, None, 0, 1, false),
        ("consulting", false, 60, Some(50), 3, 2, false),
        ("resale", false, 7, None, 1, 20, false),
        ("consulting", false, 30, Some(5), 0, 3, true),
    ];
    let mut out = vec![];
    for (mode, by_manager, days, max_uses, uses, age, revoked) in specs {
        let token = format!("{:032x}", rng.gen::<u128>());
        let created = now - Duration::days(age);
        sqlx::query(
            "insert into invitation_links (id, partner_id, token, mode, expires_at, max_uses, uses,
                                           revoked_at, created_by_member, created_by_name, created_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(Uuid::from_u128(rng.gen()))
        .bind(partner)
        .bind(&token)
        .bind(mode)
        .bind(created + Duration::days(days))
        .bind(max_uses)
        .bind(uses)
        .bind(revoked.then_some(now - Duration::days(1)))
        .bind(by_manager.then_some(manager))
        .bind(if by_manager { "王客户经理" } else { "yunfan-tech" })
        .bind(created)
        .execute(&mut *conn)
        .await?;
        let state = if revoked {
            "revoked"
        } else if created + Duration::days(days) <= now {
            "expired"
        } else {
            "active"
        };
        out.push(DemoLink {
            partner: "yunfan-tech",
            mode,
            path: format!("/join/{token}"),
            state,
        });
    }
    Ok(out)
}

/// (status, scopes, requested days ago, decided days ago, scenario)
type AuthorizationSpec = (
    &'static str,
    &'static [&'static str],
    i64,
    Option<i64>,
    &'static str,
);

/// Pending and answered authorization requests and disassociation requests on yunfan-tech's
/// customers; each customer's manifest entry says what waits for it.
pub async fn requests(
    conn: &mut PgConnection,
    rng: &mut StdRng,
    partner: Uuid,
    customers: &[DemoCustomer],
    accounts: &mut [ManifestEntry],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let resale: Vec<&DemoCustomer> = customers.iter().filter(|c| c.resale).collect();
    let authorizations: [AuthorizationSpec; 4] = [
        (
            "pending",
            &["view_resources", "view_bills"],
            2,
            None,
            "authorization request pending: approve or reject it",
        ),
        (
            "pending",
            &["manage_orders"],
            5,
            None,
            "authorization request pending: approve or reject it",
        ),
        (
            "approved",
            &["view_resources", "manage_resources", "view_bills"],
            40,
            Some(39),
            "authorization approved: revoke it with a reason",
        ),
        (
            "rejected",
            &["manage_orders"],
            20,
            Some(19),
            "authorization rejected",
        ),
    ];
    for (c, (status, scopes, asked, decided, scenario)) in resale.iter().zip(authorizations) {
        sqlx::query(
            "insert into authorization_requests (id, partner_id, customer_id, scopes, ends_at,
                                                 status, requested_at, requested_by_name, decided_at)
             values ($1, $2, $3, $4, $5, $6, $7, '周主管', $8)",
        )
        .bind(Uuid::from_u128(rng.gen()))
        .bind(partner)
        .bind(c.id)
        .bind(scopes)
        .bind(now + Duration::days(365))
        .bind(status)
        .bind((now - Duration::days(asked)).max(c.associated_at))
        .bind(decided.map(|d| (now - Duration::days(d)).max(c.associated_at)))
        .execute(&mut *conn)
        .await?;
        accounts[c.entry].scenario = Some(scenario.into());
    }
    // One request from the partner, one from a customer: each waits for the other side.
    let waiting = [
        (
            "partner",
            "the partner asked to disassociate: confirm or decline in My Partners",
        ),
        (
            "customer",
            "asked to disassociate: the partner confirms it on the customer's page",
        ),
    ];
    for (c, (by, scenario)) in resale.iter().skip(4).zip(waiting) {
        sqlx::query(
            "insert into disassociation_requests
                 (id, association_id, customer_id, partner_id, requested_by, requested_at)
             values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(Uuid::from_u128(rng.gen()))
        .bind(c.association)
        .bind(c.id)
        .bind(partner)
        .bind(by)
        .bind(now - Duration::days(1))
        .execute(&mut *conn)
        .await?;
        accounts[c.entry].scenario = Some(scenario.into());
    }
    Ok(())
}
