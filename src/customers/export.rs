//! The filtered customer list as CSV, through the one safe writer.

use super::search::offset_page;
use super::CustomerFilter;
use crate::core::error::AppError;
use crate::core::export::{Cell, CsvWriter};
use crate::server::Call;

/// At most this many rows go into one CSV file.
pub const EXPORT_LIMIT: i64 = 100_000;

/// `unmasked`: the caller may and asked to (`sales.data.unmask`), checked by the caller.
pub async fn export_csv(
    call: &Call,
    filter: &CustomerFilter,
    unmasked: bool,
) -> Result<Vec<u8>, AppError> {
    let (mut q, _, _) = super::service::parse(call, filter)?;
    let mut conn = call.pool().acquire().await?;
    q.apply_indirect(&mut conn).await?;
    let rows = offset_page(&mut conn, &q, EXPORT_LIMIT, 0).await?;
    let mut out = CsvWriter::new(&[
        "customer_id",
        "account_name",
        "display_name",
        "kind",
        "association_mode",
        "associated_at_utc",
        "customer_manager",
    ])?
    .unmasked(unmasked);
    for r in rows {
        let associated = r.associated_at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        out.row(&[
            Cell::Text(&r.id),
            Cell::Personal(&r.account_name),
            Cell::Personal(&r.display_name),
            Cell::Text(if r.enterprise {
                "enterprise"
            } else {
                "individual"
            }),
            Cell::Text(if r.resale { "resale" } else { "consulting" }),
            Cell::Text(&associated),
            Cell::Personal(r.manager.as_deref().unwrap_or_default()),
        ])?;
    }
    out.finish()
}
