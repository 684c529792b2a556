//! Request-level security: the client's address, the same-origin check for state-changing
//! requests, and protective response headers.

pub use crate::identity::portal::ClientAddr;
use crate::server::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, SocketAddr};

pub async fn client_addr(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let forwarded = forwarded_for(req.headers(), state.config.trusted_proxies);
    if let Some(addr) = forwarded.or(peer) {
        req.extensions_mut().insert(ClientAddr(addr));
    }
    next.run(req).await
}

/// The client as the nearest of `trusted` proxies saw it: each proxy appends the address it
/// received from, so the client is the `trusted`-th entry from the right of `X-Forwarded-For`
/// (every entry left of it is whatever the client chose to write). `None` with no proxy
/// trusted, or when the header is missing, malformed or shorter than the chain.
fn forwarded_for(headers: &HeaderMap, trusted: usize) -> Option<IpAddr> {
    if trusted == 0 {
        return None;
    }
    let mut hops: Vec<&str> = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        hops.extend(value.to_str().ok()?.split(',').map(str::trim));
    }
    hops.len()
        .checked_sub(trusted)
        .and_then(|i| hops.get(i))?
        .parse()
        .ok()
}

/// Refuses state-changing requests whose `Origin` (or, failing that, `Referer`) is another site.
/// SameSite=Lax cookies already stop most cross-site posts; this closes the rest.
pub async fn same_origin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let claimed = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| {
            headers
                .get(header::REFERER)
                .and_then(|v| v.to_str().ok())
                .and_then(origin_of_url)
        });
    let allowed = match &state.config.public_origin {
        Some(origin) => vec![origin.clone()],
        None => headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .map(|host| vec![format!("http://{host}"), format!("https://{host}")])
            .unwrap_or_default(),
    };
    match claimed {
        Some(origin) if !allowed.iter().any(|a| a.eq_ignore_ascii_case(&origin)) => {
            tracing::warn!(%origin, "cross-origin request refused");
            (StatusCode::FORBIDDEN, "cross-origin request refused").into_response()
        }
        _ => next.run(req).await,
    }
}

/// `scheme://host[:port]` of a URL.
fn origin_of_url(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    // Same-origin referrers stay whole: forms without JavaScript return to their page by them.
    headers.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_of_url_keeps_scheme_host_and_port() {
        assert_eq!(
            origin_of_url("http://127.0.0.1:3000/partner?x=1").as_deref(),
            Some("http://127.0.0.1:3000")
        );
        assert_eq!(
            origin_of_url("https://a.example").as_deref(),
            Some("https://a.example")
        );
        assert_eq!(origin_of_url("not a url"), None);
    }

    #[test]
    fn forwarded_for_counts_trusted_proxies_from_the_right() {
        let mut headers = HeaderMap::new();
        // The client wrote a fake first entry; our one proxy appended the real address.
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("198.51.100.66, 203.0.113.9"),
        );
        assert_eq!(forwarded_for(&headers, 0), None);
        assert_eq!(
            forwarded_for(&headers, 1),
            Some("203.0.113.9".parse().unwrap())
        );
        assert_eq!(
            forwarded_for(&headers, 2),
            Some("198.51.100.66".parse().unwrap())
        );
        assert_eq!(forwarded_for(&headers, 3), None);
        headers.append("x-forwarded-for", HeaderValue::from_static("10.0.0.2"));
        assert_eq!(
            forwarded_for(&headers, 1),
            Some("10.0.0.2".parse().unwrap())
        );
        headers.insert("x-forwarded-for", HeaderValue::from_static("not-an-ip"));
        assert_eq!(forwarded_for(&headers, 1), None);
    }
}
