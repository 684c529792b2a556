//! The audit log's SQL. Records are only ever inserted; the database refuses anything else.

use crate::core::viewer::ActorKind;
use chrono::{DateTime, Utc};
use sqlx::types::ipnetwork::IpNetwork;
use sqlx::PgConnection;
use std::net::IpAddr;
use uuid::Uuid;

/// A record as stored.
pub struct NewRecord<'a> {
    pub partner_id: Option<Uuid>,
    pub actor_kind: ActorKind,
    pub actor_id: Option<Uuid>,
    pub actor_name: &'a str,
    pub action: &'a str,
    pub target: &'a str,
    pub success: bool,
    pub source: Option<IpAddr>,
    pub customer_id: Option<Uuid>,
}

pub async fn insert(conn: &mut PgConnection, r: &NewRecord<'_>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into audit_log
             (partner_id, actor_kind, actor_id, actor_name, action, target, outcome, source_ip,
              customer_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        r.partner_id,
        r.actor_kind.code(),
        r.actor_id,
        r.actor_name,
        r.action,
        r.target,
        if r.success { "success" } else { "failure" },
        r.source.map(IpNetwork::from),
        r.customer_id,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes one successful record per (target, customer) of the same action by the same actor, in
/// one statement: a batch of 100 coupons costs one round trip, not 100.
pub async fn insert_many(
    conn: &mut PgConnection,
    r: &NewRecord<'_>,
    items: &[(String, Option<Uuid>)],
) -> Result<(), sqlx::Error> {
    let targets: Vec<&str> = items.iter().map(|(t, _)| t.as_str()).collect();
    let customers: Vec<Option<Uuid>> = items.iter().map(|(_, c)| *c).collect();
    sqlx::query!(
        "insert into audit_log
             (partner_id, actor_kind, actor_id, actor_name, action, target, outcome, source_ip,
              customer_id)
         select $1, $2, $3, $4, $5, t.target, 'success', $6, t.customer
           from unnest($7::text[], $8::uuid[]) as t (target, customer)",
        r.partner_id,
        r.actor_kind.code(),
        r.actor_id,
        r.actor_name,
        r.action,
        r.source.map(IpNetwork::from),
        &targets as &[&str],
        &customers as &[Option<Uuid>],
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// What the Audit page (and its export) asks for; `None` filters are not applied. Kept with an
/// export job, so it is plain data.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Search {
    pub partner: Uuid,
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub actor_kind: Option<String>,
    pub actor_id: Option<Uuid>,
    pub action: Option<String>,
}

pub struct Row {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_name: String,
    pub actor_kind: String,
    pub action: String,
    pub target: String,
    pub outcome: String,
    pub source: Option<String>,
    pub total: i64,
}

/// One page of a partner's records, newest first, each row carrying the total.
pub async fn search(
    conn: &mut PgConnection,
    s: &Search,
    (limit, offset): (i64, i64),
) -> Result<Vec<Row>, sqlx::Error> {
    sqlx::query_as!(
        Row,
        r#"select id, at as "at: DateTime<Utc>", actor_name, actor_kind, action, target, outcome,
                  host(source_ip) as source, count(*) over () as "total!"
             from audit_log
            where partner_id = $1
              and at >= $2 and at < $3
              and ($4::text is null or actor_kind = $4)
              and ($5::uuid is null or actor_id = $5)
              and ($6::text is null or action = $6)
            order by at desc, id desc
            limit $7 offset $8"#,
        s.partner,
        s.from as _,
        s.until as _,
        s.actor_kind,
        s.actor_id,
        s.action,
        limit,
        offset,
    )
    .fetch_all(conn)
    .await
}

/// A record as an export writes it.
pub struct Line {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_kind: String,
    pub actor_name: String,
    pub action: String,
    pub target: String,
    pub outcome: String,
    pub source: Option<String>,
}

/// How many records an export of `s` writes.
pub async fn count(conn: &mut PgConnection, s: &Search) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from audit_log
            where partner_id = $1 and at >= $2 and at < $3
              and ($4::text is null or actor_kind = $4)
              and ($5::uuid is null or actor_id = $5)
              and ($6::text is null or action = $6)"#,
        s.partner,
        s.from as _,
        s.until as _,
        s.actor_kind,
        s.actor_id,
        s.action,
    )
    .fetch_one(conn)
    .await
}

/// Every record `s` selects, newest first, as a stream: an export holds one row at a time.
pub fn stream<'a>(
    conn: &'a mut PgConnection,
    s: &'a Search,
) -> impl futures_util::Stream<Item = Result<Line, sqlx::Error>> + Send + 'a {
    sqlx::query_as!(
        Line,
        r#"select id, at as "at: DateTime<Utc>", actor_kind, actor_name, action, target, outcome,
                  host(source_ip) as source
             from audit_log
            where partner_id = $1
              and at >= $2 and at < $3
              and ($4::text is null or actor_kind = $4)
              and ($5::uuid is null or actor_id = $5)
              and ($6::text is null or action = $6)
            order by at desc, id desc"#,
        s.partner,
        s.from as _,
        s.until as _,
        s.actor_kind,
        s.actor_id,
        s.action,
    )
    .fetch(conn)
}

/// The partner's members, (id, user name, display name), for the actor filter.
pub async fn members(
    conn: &mut PgConnection,
    partner: Uuid,
) -> Result<Vec<(Uuid, String, String)>, sqlx::Error> {
    Ok(sqlx::query!(
        "select id, user_name, display_name from members where partner_id = $1
          order by lower(user_name)",
        partner
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| (r.id, r.user_name, r.display_name))
    .collect())
}

/// One entry of an activity list: when, who, what, on what.
pub struct ActivityRow {
    pub at: DateTime<Utc>,
    pub actor_name: String,
    pub action: String,
    pub target: String,
}

/// The latest records about a customer, by anyone.
pub async fn about_customer(
    conn: &mut PgConnection,
    customer: Uuid,
    limit: i64,
) -> Result<Vec<ActivityRow>, sqlx::Error> {
    sqlx::query_as!(
        ActivityRow,
        r#"select at as "at: DateTime<Utc>", actor_name, action, target from audit_log
            where customer_id = $1 order by at desc, id desc limit $2"#,
        customer,
        limit
    )
    .fetch_all(conn)
    .await
}

/// What a partner's users did about a customer between two instants (an authorization's life).
pub async fn partner_activity(
    conn: &mut PgConnection,
    customer: Uuid,
    partner: Uuid,
    (from, until): (DateTime<Utc>, DateTime<Utc>),
    limit: i64,
) -> Result<Vec<ActivityRow>, sqlx::Error> {
    sqlx::query_as!(
        ActivityRow,
        r#"select at as "at: DateTime<Utc>", actor_name, action, target from audit_log
            where customer_id = $1 and partner_id = $2
              and actor_kind in ('partner_main', 'member')
              and at >= $3 and at <= $4
            order by at desc, id desc limit $5"#,
        customer,
        partner,
        from as _,
        until as _,
        limit
    )
    .fetch_all(conn)
    .await
}
