//! The Partner Centre home page.

use super::home_figures;
use crate::core::i18n::{t, Msg};
use crate::core::time::format_local;
use crate::ui::{entered_lang, ErrorPage};
use leptos::prelude::*;

#[component]
fn Figure(label: Msg, value: i64) -> impl IntoView {
    view! {
        <div class="figure">
            <span class="figure-value">{value}</span>
            <span class="figure-label">{t(label)}</span>
        </div>
    }
}

#[component]
pub fn PartnerHome() -> impl IntoView {
    let figures = Resource::new(|| (), |_| home_figures());
    view! {
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match figures.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(f) => {
                        let customers = f.customers.map(|c| view! {
                            {c.assigned_only.then(|| view! { <p class="note">{t(Msg::FigScopeNote)}</p> })}
                            <div class="figures" data-testid="customer-figures">
                                <Figure label=Msg::FigCustomers value=c.total/>
                                <Figure label=Msg::FigResale value=c.resale/>
                                <Figure label=Msg::FigConsulting value=c.consulting/>
                                <Figure label=Msg::FigNewCustomers30 value=c.new_last_30_days/>
                            </div>
                        });
                        let resellers = f.resellers.map(|r| view! {
                            <div class="figures">
                                <Figure label=Msg::FigResellers value=r.resellers/>
                                <Figure label=Msg::FigResellerCustomers value=r.their_customers/>
                            </div>
                        });
                        let members = f.members.map(|m| view! {
                            <div class="figures"><Figure label=Msg::FigMembers value=m/></div>
                        });
                        view! {
                            <h1 lang=entered_lang(&f.partner_name)>{f.partner_name.clone()}</h1>
                            <p class="subtitle">
                                {t(f.partner_type.label())}
                                {f.distributor_name.map(|d| view! {
                                    " · "{t(Msg::Distributor)}" "<span lang=entered_lang(&d)>{d.clone()}</span>
                                })}
                            </p>
                            {customers}
                            {resellers}
                            {members}
                            <p class="as-of">{t(Msg::DataAsOf)}" "{format_local(f.as_of)}</p>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
