//! Operator console › Partners.

use super::{list_associations, list_partners, AssociationRow, CreatePartner};
use crate::core::i18n::{t, use_lang, Msg};
use crate::core::money::format_yuan;
use crate::core::time::format_local;
use crate::core::viewer::PartnerType;
use crate::funds::pages::{top_up_done, TopUpForm};
use crate::funds::TopUpPartner;
use crate::ui::money::{DoneMessage, ErrorSummary, SubmittedBy};
use crate::ui::{entered_lang, error_of, ErrorPage, Field, FormMessage, QueryPage, SelectField};
use leptos::prelude::*;

#[component]
pub fn PartnersPage() -> impl IntoView {
    let create = ServerAction::<CreatePartner>::new();
    let top_up = ServerAction::<TopUpPartner>::new();
    let partners = Resource::new(
        move || (create.version().get(), top_up.version().get()),
        |_| list_partners(),
    );
    let error = error_of(create);
    let by = SubmittedBy::default();
    let lang = use_lang();
    view! {
        <h1>{t(Msg::PartnersTitle)}</h1>
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match partners.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(list) => {
                        let types: Vec<(String, String)> = PartnerType::ALL
                            .iter()
                            .map(|p| (p.code().to_string(), p.label().text(lang).to_string()))
                            .collect();
                        let mut distributors = vec![(String::new(), Msg::NoDistributor.text(lang).to_string())];
                        distributors.extend(
                            list.iter()
                                .filter(|p| p.partner_type == PartnerType::Distributor)
                                .map(|p| (p.id.clone(), p.display_name.clone())),
                        );
                        let empty = list.is_empty().then(|| view! { <p class="empty">{t(Msg::NoPartners)}</p> });
                        view! {
                            <details class="panel" open=error.get().is_some()>
                                <summary>{t(Msg::CreatePartner)}</summary>
                                <ActionForm action=create attr:class="form grid">
                                    <FormMessage error/>
                                    <Field label=Msg::AccountName name="account_name" error required=true/>
                                    <Field label=Msg::DisplayName name="display_name" error required=true/>
                                    <SelectField label=Msg::PartnerType.into() name="partner_type" options=types error/>
                                    <SelectField label=Msg::Distributor.into() name="distributor_id" options=distributors error/>
                                    <Field label=Msg::Password name="password" kind="password" error autocomplete="new-password" required=true/>
                                    <button type="submit" class="primary">{t(Msg::Create)}</button>
                                </ActionForm>
                            </details>
                            <DoneMessage text=top_up_done(top_up)/>
                            <ErrorSummary error=by.only(None, error_of(top_up))/>
                            <div class="table-wrap">
                                <table data-testid="partners">
                                    <thead>
                                        <tr>
                                            <th>{t(Msg::AccountName)}</th>
                                            <th>{t(Msg::DisplayName)}</th>
                                            <th>{t(Msg::PartnerType)}</th>
                                            <th>{t(Msg::Distributor)}</th>
                                            <th>{t(Msg::Customers)}</th>
                                            <th>{t(Msg::MemberCount)}</th>
                                            <th class="num">{t(Msg::PartnerBalance)}</th>
                                            <th>{t(Msg::TopUp)}</th>
                                            <th>{t(Msg::CreatedAt)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list.into_iter().map(|p| { let key = p.account_name.clone(); view! {
                                            <tr data-partner=key>
                                                <td>{p.account_name}</td>
                                                <td lang=entered_lang(&p.display_name)>{p.display_name.clone()}</td>
                                                <td>{t(p.partner_type.label())}</td>
                                                {
                                                    let d = p.distributor_name.unwrap_or_else(|| "—".into());
                                                    view! { <td lang=entered_lang(&d)>{d.clone()}</td> }
                                                }
                                                <td>{p.customers}</td>
                                                <td>{p.members}</td>
                                                <td class="num balance">{format_yuan(p.balance)}</td>
                                                <td><TopUpForm action=top_up by partner=p.id.clone()/></td>
                                                <td>{format_local(p.created_at)}</td>
                                            </tr>
                                        }}).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {empty}
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Operator console › Associations: who is associated with whom, newest changes first.
#[component]
pub fn AssociationsPage() -> impl IntoView {
    view! {
        <h1>{t(Msg::NavAssociations)}</h1>
        <QueryPage
            from_query=|q| q.get("q")
            load=list_associations
            render=|rows, q| view! { <AssociationTable rows q/> }.into_any()
        />
    }
}

#[component]
fn AssociationTable(rows: Vec<AssociationRow>, q: Option<String>) -> impl IntoView {
    let empty = rows
        .is_empty()
        .then(|| view! { <p class="empty">{t(Msg::NoRecords)}</p> });
    view! {
        <form method="get" action="/operator/associations" class="filters">
            <label class="field"><span class="field-label">{t(Msg::SearchPartnerOrCustomer)}</span>
                <input type="search" name="q" value=q/>
            </label>
            <button type="submit">{t(Msg::Filter)}</button>
        </form>
        <div class="table-wrap"><table data-testid="associations">
            <thead><tr>
                <th>{t(Msg::PartnerName)}</th><th>{t(Msg::AccountName)}</th><th>{t(Msg::AssociationMode)}</th>
                <th>{t(Msg::AssociatedSince)}</th><th>{t(Msg::AssociationEnded)}</th>
            </tr></thead>
            <tbody>{rows.into_iter().map(|r| view! {
                <tr>
                    <td lang=entered_lang(&r.partner_name)>{r.partner_name.clone()}</td>
                    <td>{r.customer_account}</td>
                    <td>{t(if r.resale { Msg::ModeResale } else { Msg::ModeConsulting })}</td>
                    <td>{format_local(r.associated_at)}</td>
                    <td>{r.ended_at.map(format_local)}</td>
                </tr>
            }).collect_view()}</tbody>
        </table></div>
        {empty}
    }
}
