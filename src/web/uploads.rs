//! What server functions do not carry: the operator's CSV import of consumption records and its
//! API for batches of them, and the files of finished exports. The import is a plain multipart
//! form, sent back at once to its page with the load's id, where its progress and then the result
//! (or each refused line) is shown: it works the same without JavaScript.

use crate::consumption::intake::{BatchRecord, MAX_BATCH};
use crate::core::error::AppError;
use crate::core::i18n::{Lang, Msg};
use crate::server::AppState;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

/// The largest file taken: comfortably above [`crate::consumption::load::MAX_ROWS`] lines.
const MAX_UPLOAD: usize = 64 * 1024 * 1024;
/// The largest batch taken: [`MAX_BATCH`] records of generous size.
const MAX_BATCH_BODY: usize = MAX_BATCH * 2048;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/operator/import/consumption",
            post(import_consumption).layer(DefaultBodyLimit::max(MAX_UPLOAD)),
        )
        .route(
            "/api/operator/fee-records",
            post(ingest_fee_records).layer(DefaultBodyLimit::max(MAX_BATCH_BODY)),
        )
        .route("/partner/exports/{id}/{part}", get(export_file))
}

/// `GET /partner/exports/{id}/{part}`: a file of the caller's own finished export, streamed
/// from disk (another user's export, or one not finished, is not found).
async fn export_file(
    State(state): State<AppState>,
    Path((id, part)): Path<(String, String)>,
    req: Request,
) -> Result<Response, AppError> {
    let (parts, body) = req.into_parts();
    let call = crate::identity::Door::from_parts(state, &parts)?
        .call()
        .await?;
    let (path, name) = crate::exports::service::file(&call, &id, &part).await?;
    let req = Request::from_parts(parts, body);
    let mut res = tower::ServiceExt::oneshot(tower_http::services::ServeFile::new(path), req)
        .await
        .map_err(|_| AppError::NotFound)?
        .into_response();
    if let Ok(value) = http::HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        res.headers_mut()
            .insert(http::header::CONTENT_DISPOSITION, value);
    }
    Ok(res)
}

/// `POST /operator/import/consumption` (multipart, field `file`).
async fn import_consumption(
    State(state): State<AppState>,
    req: Request,
) -> Result<Response, AppError> {
    let (parts, body) = req.into_parts();
    let call = crate::identity::Door::from_parts(state.clone(), &parts)?
        .call()
        .await?;
    call.actor.require_operator()?;
    let bad_file = || AppError::field("file", Msg::ErrCsvLine);
    let mut form = Multipart::from_request(Request::from_parts(parts, body), &state)
        .await
        .map_err(|_| bad_file())?;
    let mut file = None;
    while let Some(field) = form.next_field().await.map_err(|_| bad_file())? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("upload.csv").to_string();
            let bytes = field.bytes().await.map_err(|_| bad_file())?;
            file = Some((name, bytes));
        }
    }
    let (name, bytes) = file.ok_or_else(|| AppError::field("file", Msg::ErrRequired))?;
    let id = crate::consumption::import::start_import(&call, &name, bytes).await?;
    Ok(Redirect::to(&format!("/operator/import?load={id}")).into_response())
}

#[derive(Deserialize)]
struct Batch {
    records: Vec<BatchRecord>,
}

/// `POST /api/operator/fee-records` (JSON `{"records": [{column: value, ...}, ...]}`, the CSV's
/// columns as keys), for the metering system: the operator's session, as every operator
/// endpoint. Answers JSON: the load's id and counts, or with 400 each refused record's index
/// (from 1), field and reason; nothing is loaded then.
async fn ingest_fee_records(State(state): State<AppState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let refused = |status: u16, text: String| {
        let status = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::BAD_REQUEST);
        (status, Json(json!({ "error_msg": text }))).into_response()
    };
    let call = match crate::identity::Door::from_parts(state.clone(), &parts) {
        Ok(door) => door.call().await,
        Err(e) => Err(e),
    };
    let call = match call.and_then(|c| c.actor.require_operator().map(|_| c)) {
        Ok(call) => call,
        Err(e) => return refused(e.status(), said(&e)),
    };
    let bytes = match axum::body::to_bytes(body, MAX_BATCH_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => return refused(413, format!("at most {MAX_BATCH_BODY} bytes")),
    };
    let batch: Batch = match serde_json::from_slice(&bytes) {
        Ok(batch) => batch,
        Err(e) => return refused(400, format!("not a batch of records: {e}")),
    };
    match crate::consumption::load::ingest(&call, &batch.records).await {
        Ok((id, report)) => {
            let problems: Vec<_> = report
                .problems
                .iter()
                .map(|p| {
                    json!({ "index": p.line, "field": p.field, "message": p.text.render(Lang::En) })
                })
                .collect();
            let status = if problems.is_empty() {
                http::StatusCode::OK
            } else {
                http::StatusCode::BAD_REQUEST
            };
            let answer = json!({
                "load_id": id, "rows": report.rows, "added": report.added, "problems": problems,
            });
            (status, Json(answer)).into_response()
        }
        Err(e) => refused(e.status(), said(&e)),
    }
}

/// An error as an API caller reads it.
fn said(e: &AppError) -> String {
    e.form_message(Lang::En).unwrap_or_else(|| e.to_string())
}
