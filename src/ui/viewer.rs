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

/// The user as read for one visit of a path: the page the server rendered is visit 0, each
/// navigation in the browser the next one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Seen {
    path: String,
    visit: u64,
    viewer: Result<Option<Viewer>, AppError>,
}

#[derive(Clone, Copy)]
struct KnownViewer {
    seen: RwSignal<Seen>,
    visit: RwSignal<u64>,
}

/// What a page knows of its user now.
#[derive(Clone, Debug, PartialEq)]
pub enum ViewerNow {
    /// Read for this page.
    Known(Result<Option<Viewer>, AppError>),
    /// Being read again after a navigation; the user read for an earlier page, if any.
    Checking(Option<Viewer>),
}

/// Provides the user to every page of the router: the request's own on the server and while the
/// browser takes the page over; read again after each navigation in the browser.
pub fn provide_viewer() {
    let location = use_location();
    let first = SharedValue::new(|| first_seen(location.pathname.get_untracked())).into_inner();
    let seen = RwSignal::new(first);
    let visit = RwSignal::new(0);
    // Effects run in the browser only: the first run is the page as the server rendered it.
    Effect::new(move |ran: Option<()>| {
        let path = location.pathname.get();
        if ran.is_some() {
            visit.update(|v| *v += 1);
        } else if seen.with_untracked(|s| s.path == path) {
            return;
        }
        let this = visit.get_untracked();
        leptos::task::spawn_local(async move {
            let viewer = crate::auth::current_viewer().await;
            // An answer for a visit already left is not this page's user.
            if visit.get_untracked() == this {
                seen.set(Seen {
                    path,
                    visit: this,
                    viewer,
                });
            }
        });
    });
    provide_context(KnownViewer { seen, visit });
}

/// The user of the current page, changing only when what is known of it changes. The path is
/// compared too: a page made by a navigation renders before the visit is counted.
pub fn use_viewer() -> Memo<ViewerNow> {
    let known = expect_context::<KnownViewer>();
    let location = use_location();
    Memo::new(move |_| {
        let path = location.pathname.get();
        let visit = known.visit.get();
        known.seen.with(|s| {
            if s.path == path && s.visit == visit {
                ViewerNow::Known(s.viewer.clone())
            } else {
                ViewerNow::Checking(s.viewer.clone().ok().flatten())
            }
        })
    })
}

#[cfg(feature = "ssr")]
fn first_seen(path: String) -> Seen {
    let viewer = crate::identity::portal::resolved_actor()
        .map(|actor| actor.map(|a| a.viewer()))
        .ok_or(AppError::Internal);
    Seen {
        path,
        visit: 0,
        viewer,
    }
}

/// The browser reads the server's value while taking a page over; should it be missing, the
/// value names no path, so the page waits while the user is read.
#[cfg(not(feature = "ssr"))]
fn first_seen(_path: String) -> Seen {
    Seen {
        path: String::new(),
        visit: 0,
        viewer: Ok(None),
    }
}
