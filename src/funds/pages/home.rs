//! `/partner/funds`: the partner account's balance, its customers' balances and debts, a
//! movement to or from one customer, a distributor's resellers with theirs, and recent records.

use super::{AdjustmentTable, MoveForm, ResellerMoveForm};
use crate::core::i18n::{t, Msg};
use crate::core::money::format_yuan;
use crate::funds::{funds_overview, FundsHome, MoveCustomerFunds, MoveResellerFunds};
use crate::ui::money::{ErrorSummary, MoneyFigure, SubmittedBy};
use crate::ui::{entered_lang, error_of, ErrorPage};
use leptos::prelude::*;

#[component]
pub fn FundsPage() -> impl IntoView {
    let move_one = ServerAction::<MoveCustomerFunds>::new();
    let move_reseller = ServerAction::<MoveResellerFunds>::new();
    // Outside the list, which loads again after each movement: the messages stay with their row.
    let by = SubmittedBy::default();
    let home = Resource::new(
        move || (move_one.version().get(), move_reseller.version().get()),
        |_| funds_overview(),
    );
    view! {
        <h1>{t(Msg::NavFunds)}</h1>
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match home.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(h) => view! { <FundsHomeView h move_one move_reseller by/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn FundsHomeView(
    h: FundsHome,
    move_one: ServerAction<MoveCustomerFunds>,
    move_reseller: ServerAction<MoveResellerFunds>,
    by: SubmittedBy,
) -> impl IntoView {
    let (can_allocate, can_reclaim) = (h.can_allocate, h.can_reclaim);
    let can_move = can_allocate || can_reclaim;
    let entries = h.own_account.then(|| {
        view! { " · "<a href="/partner/funds/entries">{t(Msg::AccountEntries)}</a> }
    });
    let move_form = can_move.then(|| {
        view! {
            <section class="panel" aria-labelledby="move-funds-title">
                <h2 id="move-funds-title">{t(Msg::MoveFunds)}</h2>
                <p class="note">{t(Msg::MoveFundsLead)}" "<a href="/partner/customers?mode=resale">{t(Msg::PickFromCustomers)}</a></p>
                <MoveForm action=move_one can_allocate can_reclaim/>
                <p class="note">{t(Msg::BatchHint)}</p>
            </section>
        }
    });
    let resellers = (!h.resellers.is_empty()).then(|| {
        let rows = h
            .resellers
            .into_iter()
            .map(|r| {
                let form = can_move.then(|| {
                    view! { <td><ResellerMoveForm action=move_reseller by reseller=r.id.clone() can_allocate can_reclaim/></td> }
                });
                let key = r.account_name.clone();
                view! {
                    <tr data-reseller=key>
                        <td>{r.account_name}</td>
                        <td lang=entered_lang(&r.display_name)>{r.display_name.clone()}</td>
                        <td class="num balance">{format_yuan(r.balance)}</td>
                        {form}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <h2>{t(Msg::ResellersFunds)}</h2>
            <ErrorSummary error=by.only(None, error_of(move_reseller))/>
            <div class="table-wrap"><table data-testid="reseller-funds">
                <thead><tr>
                    <th>{t(Msg::AccountName)}</th><th>{t(Msg::DisplayName)}</th><th class="num">{t(Msg::Balance)}</th>
                    {can_move.then(|| view! { <th>{t(Msg::Actions)}</th> })}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        }
    });
    view! {
        <div class="figures" data-testid="funds-figures">
            <MoneyFigure label=Msg::PartnerBalance value=h.balance testid="partner-balance"/>
            <MoneyFigure label=Msg::CustomersBalance value=h.customers_balance/>
            <MoneyFigure label=Msg::CustomersDebt value=h.customers_debt/>
        </div>
        {move_form}
        {resellers}
        <h2>{t(Msg::RecentAdjustments)}</h2>
        <AdjustmentTable rows=h.recent/>
        <p><a href="/partner/funds/records">{t(Msg::AdjustmentRecords)}</a>{entries}</p>
    }
}
