//! `/account/balance`: the signed-in customer's balance, credit line and debt, and each movement
//! with the balance after it.

use super::{BalanceFigures, EntryTable};
use crate::core::i18n::{t, Msg};
use crate::funds::{my_balance, BalancePage};
use crate::ui::{Pager, QueryPage};
use leptos::prelude::*;

#[component]
pub fn MyBalancePage() -> impl IntoView {
    view! {
        <h1>{t(Msg::NavBalance)}</h1>
        <QueryPage
            from_query=|q| q.get("page").and_then(|p| p.parse::<u32>().ok())
            load=my_balance
            render=|page, _| view! { <MyBalance page/> }.into_any()
        />
    }
}

#[component]
fn MyBalance(page: BalancePage) -> impl IntoView {
    let entries = page.entries;
    view! {
        <BalanceFigures account=page.account/>
        <h2>{t(Msg::Movements)}</h2>
        <EntryTable rows=entries.rows/>
        <Pager page=entries.page page_size=entries.page_size total=entries.total
            href=|p| format!("/account/balance?page={p}")/>
    }
}
