//! The funds part of a customer's overview: its balance, credit line and debt, and (for a
//! resale customer of the caller's own) the form that allocates to or reclaims from it.

use super::{BalanceFigures, MoveForm};
use crate::core::i18n::{t, Msg};
use crate::funds::{Balance, MoveCustomerFunds};
use leptos::prelude::*;

#[component]
pub fn CustomerFunds(
    customer: String,
    account: Balance,
    action: ServerAction<MoveCustomerFunds>,
    can_allocate: bool,
    can_reclaim: bool,
) -> impl IntoView {
    let form = (can_allocate || can_reclaim).then(|| {
        view! {
            <details class="panel" open=true>
                <summary>{t(Msg::MoveFunds)}</summary>
                <MoveForm action customer can_allocate can_reclaim/>
            </details>
        }
    });
    view! {
        <h2>{t(Msg::NavFunds)}</h2>
        <BalanceFigures account/>
        {form}
    }
}
