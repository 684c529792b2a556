//! `/partner/funds/batch?direction=…&amount=…&customers[0]=…`: what allocating to (or reclaiming
//! from) the chosen customers would do, line by line, and the form that applies it;
//! `/partner/funds/batches/{id}`: what it did.

use super::{direction_label, refusal_label};
use crate::core::error::AppError;
use crate::core::i18n::{t, use_lang, Msg, Text};
use crate::core::money::format_yuan;
use crate::core::time::format_local;
use crate::funds::rules::Direction;
use crate::funds::{fund_batch, preview_fund_batch, ApplyFundBatch, Batch, BatchLine};
use crate::ui::money::{hidden_list, indexed, MoneyFigure, TokenField};
use crate::ui::{error_of, ErrorPage, Field, FormMessage, QueryPage, SelectField};
use leptos::prelude::*;
use leptos_router::params::ParamsMap;

#[derive(Clone, Debug, PartialEq)]
struct BatchQuery {
    direction: String,
    amount: Option<String>,
    customers: Vec<String>,
}

fn query_of(q: &ParamsMap) -> BatchQuery {
    BatchQuery {
        direction: q.get("direction").unwrap_or_else(|| "allocate".into()),
        amount: q.get("amount").filter(|a| !a.trim().is_empty()),
        customers: indexed(q, "customers"),
    }
}

/// The preview once an amount is given; a refused field stays with the form, anything else
/// (no permission) is the page's error.
async fn load(q: BatchQuery) -> Result<Option<Result<Batch, AppError>>, AppError> {
    let Some(amount) = q.amount else {
        return Ok(None);
    };
    match preview_fund_batch(q.direction, amount, Some(q.customers)).await {
        Ok(batch) => Ok(Some(Ok(batch))),
        Err(e @ AppError::Invalid(_)) => Ok(Some(Err(e))),
        Err(e) => Err(e),
    }
}

#[component]
pub fn FundBatchPage() -> impl IntoView {
    view! {
        <p><a href="/partner/customers">"← "{t(Msg::NavCustomers)}</a></p>
        <h1>{t(Msg::BatchTitle)}</h1>
        <p class="lead">{t(Msg::BatchLead)}</p>
        <QueryPage
            from_query=query_of
            load
            render=|preview, q| view! { <BatchPreview preview q/> }.into_any()
        />
    }
}

#[component]
fn BatchPreview(preview: Option<Result<Batch, AppError>>, q: BatchQuery) -> impl IntoView {
    let lang = use_lang();
    let refused = preview.as_ref().and_then(|p| p.clone().err());
    let error = Signal::stored(refused.clone());
    let chosen_error = refused.and_then(|e| e.field_message("customers", lang));
    let options = [Direction::Allocate, Direction::Reclaim]
        .map(|d| {
            (
                d.code().to_string(),
                direction_label(d).text(lang).to_string(),
            )
        })
        .to_vec();
    let chosen = Text::new(Msg::ChosenCount)
        .arg("count", q.customers.len())
        .render(lang);
    let result = preview
        .and_then(|p| p.ok())
        .map(|batch| view! { <PreviewResult batch customers=q.customers.clone()/> });
    view! {
        <form method="get" action="/partner/funds/batch" class="form grid" data-testid="batch-terms">
            {hidden_list("customers", &q.customers)}
            <p>{chosen}{chosen_error.map(|m| view! { <br/><span class="field-error">{m}</span> })}</p>
            <SelectField label=Msg::Operation.into() name="direction" options error selected=q.direction.clone()/>
            <Field label=Msg::AmountYuan name="amount" error value=q.amount.clone().unwrap_or_default() required=true/>
            <button type="submit">{t(Msg::Preview)}</button>
        </form>
        {result}
    }
}

#[component]
fn PreviewResult(batch: Batch, customers: Vec<String>) -> impl IntoView {
    let apply = ServerAction::<ApplyFundBatch>::new();
    let error = error_of(apply);
    let any = batch.lines.iter().any(|l| l.refusal.is_none());
    let confirm = if any {
        view! {
            <ActionForm action=apply attr:class="form">
                <FormMessage error/>
                <input type="hidden" name="direction" value=batch.direction.code()/>
                <input type="hidden" name="amount" value=batch.amount.to_string()/>
                {hidden_list("customers", &customers)}
                <TokenField version=apply.version()/>
                <div><button type="submit" class="primary">{t(Msg::ConfirmBatch)}</button></div>
            </ActionForm>
        }
        .into_any()
    } else {
        view! { <p class="form-error" role="alert">{t(Msg::NothingWouldSucceed)}</p> }.into_any()
    };
    view! {
        <h2>{t(Msg::PreviewTitle)}</h2>
        <BatchSummary batch=batch.clone()/>
        <BatchLines lines=batch.lines applied=false/>
        {confirm}
    }
}

/// The batch's direction, amount and totals, and the partner's balance before and after.
#[component]
fn BatchSummary(batch: Batch) -> impl IntoView {
    view! {
        <p class="subtitle">
            {t(direction_label(batch.direction))}" · "{t(Msg::AmountYuan)}" "{format_yuan(batch.amount)}
            {batch.at.map(|at| view! { " · "{t(Msg::AppliedAt)}" "{format_local(at)} })}
        </p>
        <div class="figures" data-testid="batch-figures">
            <MoneyFigure label=Msg::TotalYuan value=batch.moved testid="batch-total"/>
            <MoneyFigure label=Msg::PartnerBalanceBefore value=batch.partner_balance_before/>
            <MoneyFigure label=Msg::PartnerBalanceAfter value=batch.partner_balance_after testid="batch-after"/>
        </div>
    }
}

/// Each customer's line: before, whether it would succeed and its balance now, or why not;
/// after, its movement and balance then.
#[component]
fn BatchLines(lines: Vec<BatchLine>, applied: bool) -> impl IntoView {
    let rows = lines
        .into_iter()
        .map(|l| {
            let ok = l.refusal.is_none();
            let outcome = match l.refusal {
                Some(r) => {
                    view! { <span class="badge off">{t(refusal_label(r))}</span> }.into_any()
                }
                None => {
                    let label = if applied {
                        Msg::Succeeded
                    } else {
                        Msg::WouldSucceed
                    };
                    view! { <span class="badge ok">{t(label)}</span> }.into_any()
                }
            };
            let key = l.customer_id.clone();
            view! {
                <tr data-customer=key data-ok=ok.to_string()>
                    <td>{l.account_name}<br/><code>{l.customer_id}</code></td>
                    <td>{outcome}</td>
                    <td class="num">{l.balance.map(format_yuan)}</td>
                    {applied.then(|| view! { <td><code>{l.trans_id}</code></td> })}
                </tr>
            }
        })
        .collect_view();
    let balance = if applied {
        Msg::BalanceThen
    } else {
        Msg::BalanceNow
    };
    view! {
        <div class="table-wrap"><table data-testid="batch-lines">
            <thead><tr>
                <th>{t(Msg::AccountName)}</th><th>{t(Msg::Outcome)}</th><th class="num">{t(balance)}</th>
                {applied.then(|| view! { <th>{t(Msg::TransId)}</th> })}
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
    }
}

#[component]
pub fn FundBatchResultPage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let batch = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        fund_batch,
    );
    view! {
        <p><a href="/partner/funds">"← "{t(Msg::NavFunds)}</a></p>
        <h1>{t(Msg::BatchResultTitle)}</h1>
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match batch.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(b) => view! {
                        <BatchSummary batch=b.clone()/>
                        <BatchLines lines=b.lines applied=true/>
                        <p><a href="/partner/funds/records">{t(Msg::AdjustmentRecords)}</a></p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
