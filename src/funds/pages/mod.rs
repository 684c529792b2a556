//! Funds pages: the partner's Funds page, a batch's preview and result, adjustment records and
//! the account's changes, the customer's own Balance page, and the pieces the customer overview
//! and the operator console show. Every form that moves money posts to its server function with
//! a one-time token.

mod balance;
mod batch;
mod customer;
mod home;
mod records;

pub use balance::MyBalancePage;
pub use batch::{FundBatchPage, FundBatchResultPage};
pub use customer::CustomerFunds;
pub use home::FundsPage;
pub use records::{AccountEntriesPage, AdjustmentRecordsPage};

use super::rules::{Direction, Refusal};
use super::{AdjustmentRow, Balance, EntryRow, TopUpPartner, TransferDone};
use crate::core::error::AppError;
use crate::core::i18n::{t, use_lang, Msg, Text};
use crate::core::money::format_yuan;
use crate::core::time::format_local;
use crate::ui::money::{DoneMessage, MoneyFigure, SubmittedBy, TokenField};
use crate::ui::{entered_lang, error_of, Field, FormMessage, SelectField};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// "Done: transaction …; balance …" after a movement of `action` succeeded.
fn transfer_done<S>(action: ServerAction<S>, msg: Msg) -> Signal<Option<String>>
where
    S: ServerFn<Output = TransferDone, Error = AppError> + Clone + Send + Sync + 'static,
{
    let lang = use_lang();
    Signal::derive(move || {
        action.value().get().and_then(|r| r.ok()).map(|d| {
            Text::new(msg)
                .arg("trans_id", d.trans_id)
                .arg("balance", format_yuan(d.partner_balance))
                .render(lang)
        })
    })
}

pub fn direction_label(d: Direction) -> Msg {
    match d {
        Direction::Allocate => Msg::DoAllocate,
        Direction::Reclaim => Msg::DoReclaim,
    }
}

pub fn refusal_label(r: Refusal) -> Msg {
    match r {
        Refusal::NotFound => Msg::RefusalNotFound,
        Refusal::NotResale => Msg::RefusalNotResale,
        Refusal::PartnerBalance => Msg::RefusalPartnerBalance,
        Refusal::CustomerBalance => Msg::RefusalCustomerBalance,
        Refusal::Busy => Msg::RefusalBusy,
    }
}

/// The directions the caller may take, as select options.
fn directions(can_allocate: bool, can_reclaim: bool) -> Vec<(String, String)> {
    let lang = use_lang();
    [
        (can_allocate, Direction::Allocate),
        (can_reclaim, Direction::Reclaim),
    ]
    .into_iter()
    .filter(|(can, _)| *can)
    .map(|(_, d)| {
        (
            d.code().to_string(),
            direction_label(d).text(lang).to_string(),
        )
    })
    .collect()
}

/// The fields of a movement to or from one customer or reseller (`target` names the hidden or
/// typed field the server function takes): direction, amount, token, messages and `button`.
fn move_fields(
    error: Signal<Option<AppError>>,
    done: Signal<Option<String>>,
    version: Signal<usize>,
    options: Vec<(String, String)>,
    target: impl IntoView,
    button: impl IntoView,
) -> impl IntoView {
    view! {
        <FormMessage error/>
        <DoneMessage text=done/>
        {target}
        <SelectField label=Msg::Operation.into() name="direction" options error/>
        <Field label=Msg::AmountYuan name="amount" error required=true/>
        <TokenField version/>
        {button}
    }
}

/// Allocate to or reclaim from one resale customer: `customer` fixed (its overview) or typed.
#[component]
pub fn MoveForm(
    action: ServerAction<super::MoveCustomerFunds>,
    #[prop(optional)] customer: Option<String>,
    can_allocate: bool,
    can_reclaim: bool,
) -> impl IntoView {
    let error = error_of(action);
    let target = match customer {
        Some(id) => view! { <input type="hidden" name="customer" value=id/> }.into_any(),
        None => {
            view! { <Field label=Msg::CustomerId name="customer" error required=true/> }.into_any()
        }
    };
    let fields = move_fields(
        error,
        transfer_done(action, Msg::TransferDone),
        action.version().into(),
        directions(can_allocate, can_reclaim),
        target,
        view! { <button type="submit" class="primary">{t(Msg::Confirm)}</button> },
    );
    view! {
        <div data-testid="move-funds">
            <ActionForm action attr:class="form grid">{fields}</ActionForm>
        </div>
    }
}

/// A distributor's movement to or from one of its resellers: one form per reseller, all posting
/// to one action, so `by` tells which one its messages belong to.
#[component]
fn ResellerMoveForm(
    action: ServerAction<super::MoveResellerFunds>,
    by: SubmittedBy,
    reseller: String,
    can_allocate: bool,
    can_reclaim: bool,
) -> impl IntoView {
    let key = Some(reseller.clone());
    let button = view! {
        <button type="submit" class="primary" on:click=by.mark(reseller.clone())>{t(Msg::Confirm)}</button>
    };
    let error = by.only(key.clone(), error_of(action));
    let done = by.only(key, transfer_done(action, Msg::TransferDone));
    let fields = move_fields(
        error,
        done,
        action.version().into(),
        directions(can_allocate, can_reclaim),
        view! { <input type="hidden" name="reseller" value=reseller/> },
        button,
    );
    let open = move || error.get().is_some() || done.get().is_some();
    view! {
        <details class="row-actions" open=open>
            <summary>{t(Msg::AllocateOrReclaim)}</summary>
            <div class="row-actions-body">
                <ActionForm action attr:class="form">{fields}</ActionForm>
            </div>
        </details>
    }
}

/// The operator's top-up of one partner's account (one form per partner, see `by`).
#[component]
pub fn TopUpForm(
    action: ServerAction<TopUpPartner>,
    by: SubmittedBy,
    partner: String,
) -> impl IntoView {
    let error = by.only(Some(partner.clone()), error_of(action));
    view! {
        <details class="row-actions" open=move || error.get().is_some()>
            <summary>{t(Msg::TopUp)}</summary>
            <div class="row-actions-body">
                <ActionForm action attr:class="form">
                    <FormMessage error/>
                    <input type="hidden" name="partner" value=partner.clone()/>
                    <Field label=Msg::AmountYuan name="amount" error required=true/>
                    <Field label=Msg::Remark name="remark" error/>
                    <TokenField version=action.version()/>
                    <button type="submit" class="primary" on:click=by.mark(partner)>{t(Msg::TopUp)}</button>
                </ActionForm>
            </div>
        </details>
    }
}

/// The message after a top-up, for the page that holds the partners' forms.
pub fn top_up_done(action: ServerAction<TopUpPartner>) -> Signal<Option<String>> {
    transfer_done(action, Msg::TopUpDone)
}

/// A customer's balance, credit line and debt.
#[component]
pub fn BalanceFigures(account: Balance) -> impl IntoView {
    view! {
        <div class="figures" data-testid="balance-figures">
            <MoneyFigure label=Msg::Balance value=account.balance testid="balance"/>
            <MoneyFigure label=Msg::CreditLimit value=account.credit_limit/>
            <MoneyFigure label=Msg::Debt value=account.debt testid="debt"/>
        </div>
    }
}

/// Adjustment records (调账记录): movements between the partner and its customers or resellers.
#[component]
pub fn AdjustmentTable(rows: Vec<AdjustmentRow>) -> impl IntoView {
    let empty = rows
        .is_empty()
        .then(|| view! { <p class="empty">{t(Msg::NoRecords)}</p> });
    let rows = rows
        .into_iter()
        .map(|r| {
            let key = r.trans_id.clone();
            view! {
                <tr data-trans=key>
                    <td>{format_local(r.at)}</td>
                    <td><code>{r.trans_id}</code></td>
                    <td>{t(r.kind.label())}</td>
                    <td>{r.counterpart_account}<br/><small lang=entered_lang(&r.counterpart_name)>{r.counterpart_name.clone()}</small></td>
                    <td class="num">{format_yuan(r.change)}</td>
                    <td>{r.actor_name}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap"><table data-testid="adjustments">
            <thead><tr>
                <th>{t(Msg::AuditTime)}</th><th>{t(Msg::TransId)}</th><th>{t(Msg::RecordType)}</th>
                <th>{t(Msg::Counterpart)}</th><th class="num">{t(Msg::ChangeYuan)}</th><th>{t(Msg::AuditActor)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
        {empty}
    }
}

/// An account's changes, each with the balance (and debt) after it.
#[component]
pub fn EntryTable(rows: Vec<EntryRow>) -> impl IntoView {
    let empty = rows
        .is_empty()
        .then(|| view! { <p class="empty">{t(Msg::NoMovements)}</p> });
    let rows = rows
        .into_iter()
        .map(|r| {
            let other = r.counterpart.unwrap_or_default();
            let key = r.trans_id.clone();
            view! {
                <tr data-trans=key>
                    <td>{format_local(r.at)}</td>
                    <td><code>{r.trans_id}</code></td>
                    <td>{t(r.kind.label())}</td>
                    <td lang=entered_lang(&other)>{other.clone()}</td>
                    <td class="num">{format_yuan(r.change)}</td>
                    <td class="num balance-after">{format_yuan(r.balance_after)}</td>
                    <td class="num">{format_yuan(r.debt_after)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap"><table data-testid="entries">
            <thead><tr>
                <th>{t(Msg::AuditTime)}</th><th>{t(Msg::TransId)}</th><th>{t(Msg::RecordType)}</th>
                <th>{t(Msg::OtherParty)}</th><th class="num">{t(Msg::ChangeYuan)}</th>
                <th class="num">{t(Msg::BalanceAfter)}</th><th class="num">{t(Msg::DebtAfter)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
        {empty}
    }
}
