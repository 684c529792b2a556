//! The demo's access keys: one for every partner main account and member, and one for each
//! customer holding coupons (for `list_sub_customer_coupons`), each written into its manifest
//! line with the `domain_id` to give the SDK. Made through the store's own insert.

use super::{DemoError, ManifestEntry};
use crate::access_keys::service::new_pair;
use crate::access_keys::store::{insert, KeyOwner};
use crate::core::viewer::ActorKind;
use crate::server::sealer::Sealer;
use sqlx::{PgConnection, PgPool};
use std::collections::HashMap;
use uuid::Uuid;

/// A key for every partner main account and member in `accounts`, on the demo's transaction.
pub async fn for_partner_users(
    conn: &mut PgConnection,
    sealer: &Sealer,
    accounts: &mut [ManifestEntry],
    partner_ids: &HashMap<&'static str, Uuid>,
) -> Result<(), DemoError> {
    for entry in accounts.iter_mut() {
        let owner = if entry.kind == ActorKind::PartnerMain.code() {
            KeyOwner::Partner {
                partner: entry.id,
                member: None,
            }
        } else if entry.kind == ActorKind::Member.code() {
            let partner = partner_ids
                .get(entry.account_name.as_str())
                .copied()
                .ok_or(DemoError::Step("a demo member's partner"))?;
            KeyOwner::Partner {
                partner,
                member: Some(entry.id),
            }
        } else {
            continue;
        };
        give(conn, sealer, entry, owner).await?;
    }
    Ok(())
}

/// A key for each customer at the manifest lines `holders`, in one transaction.
pub async fn for_customers(
    pool: &PgPool,
    sealer: &Sealer,
    accounts: &mut [ManifestEntry],
    holders: &[usize],
) -> Result<(), DemoError> {
    let mut tx = pool.begin().await?;
    for &line in holders {
        let entry = accounts
            .get_mut(line)
            .ok_or(DemoError::Step("a coupon holder's manifest line"))?;
        let owner = KeyOwner::Customer(entry.id);
        give(&mut tx, sealer, entry, owner).await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn give(
    conn: &mut PgConnection,
    sealer: &Sealer,
    entry: &mut ManifestEntry,
    owner: KeyOwner,
) -> Result<(), DemoError> {
    let (ak, sk) = new_pair();
    let sealed = sealer.seal(sk.as_bytes()).ok_or(DemoError::Seal)?;
    insert(conn, &ak, &sealed, owner, "demo").await?;
    entry.access_key = Some(ak);
    entry.secret_key = Some(sk);
    entry.domain_id = Some(owner.domain_id());
    Ok(())
}
