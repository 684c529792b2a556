//! File uploads, which server functions do not take: the operator's CSV import of consumption
//! records. A plain multipart form posts here and is sent back to its page with the load's id,
//! where the result (or each refused line) is shown: it works the same without JavaScript.

use crate::core::error::AppError;
use crate::core::i18n::Msg;
use crate::server::AppState;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;

/// The largest file taken: comfortably above [`crate::consumption::load::MAX_ROWS`] lines.
const MAX_UPLOAD: usize = 64 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/operator/import/consumption",
        post(import_consumption).layer(DefaultBodyLimit::max(MAX_UPLOAD)),
    )
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
