//! Files in and out that server functions do not carry: the operator's CSV import of
//! consumption records, and the files of finished exports. The import is a plain multipart form,
//! sent back to its page with the load's id, where the result (or each refused line) is shown:
//! it works the same without JavaScript.

use crate::core::error::AppError;
use crate::core::i18n::Msg;
use crate::server::AppState;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

/// The largest file taken: comfortably above [`crate::consumption::load::MAX_ROWS`] lines.
const MAX_UPLOAD: usize = 64 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/operator/import/consumption",
            post(import_consumption).layer(DefaultBodyLimit::max(MAX_UPLOAD)),
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
    let (id, _) = crate::consumption::load::import(&call, &name, &bytes).await?;
    Ok(Redirect::to(&format!("/operator/import?load={id}")).into_response())
}
