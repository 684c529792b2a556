//! Account Centre pages: home and My Partners.

use super::{my_account, AccountOverview, PartnerLink};
use crate::core::i18n::{t, Msg};
use crate::core::time::format_local;
use crate::ui::ErrorPage;
use leptos::prelude::*;

fn mode_label(link: &PartnerLink) -> Msg {
    if link.resale {
        Msg::ModeResale
    } else {
        Msg::ModeConsulting
    }
}

/// Loads the overview and renders `body` with it.
#[component]
fn WithAccount(body: fn(AccountOverview) -> AnyView) -> impl IntoView {
    let account = Resource::new(|| (), |_| my_account());
    view! {
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(a) => body(a),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CurrentPartner(partner: Option<PartnerLink>) -> impl IntoView {
    match partner {
        None => {
            view! { <p class="empty" data-testid="no-partner">{t(Msg::NoPartner)}</p> }.into_any()
        }
        Some(p) => view! {
            <dl class="facts" data-testid="current-partner">
                <dt>{t(Msg::PartnerName)}</dt><dd>{p.partner_name.clone()}</dd>
                <dt>{t(Msg::AssociationMode)}</dt><dd>{t(mode_label(&p))}</dd>
                <dt>{t(Msg::AssociatedSince)}</dt><dd>{format_local(p.since)}</dd>
            </dl>
        }
        .into_any(),
    }
}

#[component]
pub fn AccountHome() -> impl IntoView {
    view! {
        <WithAccount body=|a| view! {
            <h1>{t(Msg::CustomerHomeTitle)}</h1>
            <dl class="facts">
                <dt>{t(Msg::AccountName)}</dt><dd>{a.account_name.clone()}</dd>
                <dt>{t(Msg::DisplayName)}</dt><dd>{a.display_name.clone()}</dd>
                <dt>{t(Msg::CustomerKind)}</dt>
                <dd>{t(if a.enterprise { Msg::KindEnterprise } else { Msg::KindIndividual })}</dd>
                <dt>{t(Msg::RegisteredAt)}</dt><dd>{format_local(a.registered_at)}</dd>
            </dl>
            <h2>{t(Msg::NavMyPartners)}</h2>
            <CurrentPartner partner=a.partner/>
        }.into_any()/>
    }
}

#[component]
pub fn MyPartners() -> impl IntoView {
    view! {
        <WithAccount body=|a| view! {
            <h1>{t(Msg::MyPartnersTitle)}</h1>
            <CurrentPartner partner=a.partner/>
            {(!a.past_partners.is_empty()).then(|| view! {
                <h2>{t(Msg::PastPartners)}</h2>
                <div class="table-wrap">
                    <table>
                        <thead><tr>
                            <th>{t(Msg::PartnerName)}</th><th>{t(Msg::AssociationMode)}</th>
                            <th>{t(Msg::AssociatedSince)}</th><th>{t(Msg::AssociationEnded)}</th>
                        </tr></thead>
                        <tbody>
                            {a.past_partners.into_iter().map(|p| view! {
                                <tr>
                                    <td>{p.partner_name.clone()}</td>
                                    <td>{t(mode_label(&p))}</td>
                                    <td>{format_local(p.since)}</td>
                                    <td>{p.ended.map(format_local)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        }.into_any()/>
    }
}
