//! The signed-in user as pages know it. The server resolves it before it renders a page
//! (`identity::portal::resolve_before_render`) and sends it with the page, so neither the server
//! nor the browser waits for it while rendering; after each navigation in the browser it is read
//! again (`current_viewer`), so that menus follow role changes and a sign-in or sign-out counts.
//!
//! Not waiting matters on the server: a page frame that awaited the user inside a `Suspense` was
//! built again each time Leptos checked that boundary for pending loads, and every build started
//! the page's loads anew (each page's queries ran three times).

use crate::core::error::AppError;
use crate::core::viewer::Viewer;
use leptos::prelude::*;
use leptos::server::SharedValue;
use leptos_router::hooks::use_location;
use serde::{Deserialize, Serialize};

/// The user as read for one path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Seen {
    path: String,
    viewer: Result<Option<Viewer>, AppError>,
}

#[derive(Clone, Copy)]
struct KnownViewer(RwSignal<Seen>);

/// What a page knows of its user now.
#[derive(Clone, Debug, PartialEq)]
pub enum ViewerNow {
    /// Read for this page.
    Known(Result<Option<Viewer>, AppError>),
    /// Being read again after a navigation; the user read for the previous page, if any.
    Checking(Option<Viewer>),
}

/// Provides the user to every page of the router: the request's own on the server and while the
/// browser takes the page over; read again after each navigation in the browser.
pub fn provide_viewer() {
    let location = use_location();
    let first = SharedValue::new(|| Seen {
        path: location.pathname.get_untracked(),
        viewer: of_request(),
    })
    .into_inner();
    let seen = RwSignal::new(first);
    // Effects run in the browser only.
    Effect::new(move |_| {
        let path = location.pathname.get();
        if seen.with_untracked(|s| s.path == path) {
            return;
        }
        leptos::task::spawn_local(async move {
            let viewer = crate::auth::current_viewer().await;
            // An answer for a page already left is not this page's user.
            if location.pathname.get_untracked() == path {
                seen.set(Seen { path, viewer });
            }
        });
    });
    provide_context(KnownViewer(seen));
}

/// The user of the current page, changing only when what is known of it changes.
pub fn use_viewer() -> Memo<ViewerNow> {
    let seen = expect_context::<KnownViewer>().0;
    let location = use_location();
    Memo::new(move |_| {
        let path = location.pathname.get();
        seen.with(|s| {
            if s.path == path {
                ViewerNow::Known(s.viewer.clone())
            } else {
                ViewerNow::Checking(s.viewer.clone().ok().flatten())
            }
        })
    })
}

#[cfg(feature = "ssr")]
fn of_request() -> Result<Option<Viewer>, AppError> {
    crate::identity::portal::resolved_actor()
        .map(|actor| actor.map(|a| a.viewer()))
        .ok_or(AppError::Internal)
}

/// The browser reads the server's value while taking a page over; made in the browser at any
/// other time, it names no path, so the user is read at once.
#[cfg(not(feature = "ssr"))]
fn of_request() -> Result<Option<Viewer>, AppError> {
    Ok(None)
}
