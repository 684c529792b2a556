//! `/partner/coupons/issue?quota=…&customers[0]=…`: the terms of an issue (a GET form, so the
//! preview is a page of its own), what it would do to each customer, and the form that issues;
//! `/partner/coupons/issues/{id}`: what it did.

use super::IssueLines;
use crate::core::error::AppError;
use crate::core::i18n::{t, use_lang, Msg, Text};
use crate::core::money::format_yuan;
use crate::coupons::{
    coupon_issue_result, coupon_quotas, preview_coupon_issue, IssueBatch, IssueCoupons, IssueForm,
    QuotaState, QuotaView,
};
use crate::ui::money::{hidden_list, indexed, TokenField};
use crate::ui::{error_of, ErrorPage, Field, FormMessage, SelectField};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

/// The customers chosen (`customers[N]`, and the ids typed in `more`) and the terms so far.
fn form_of(q: &ParamsMap) -> IssueForm {
    let mut customers = indexed(q, "customers");
    for id in q
        .get("more")
        .unwrap_or_default()
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
    {
        if !customers.iter().any(|c| c == id) {
            customers.push(id.to_string());
        }
    }
    IssueForm {
        quota: q.get("quota").unwrap_or_default(),
        face_value: q.get("face_value").unwrap_or_default(),
        valid_from: q.get("valid_from"),
        valid_until: q.get("valid_until"),
        service_types: q.get("service_types"),
        products: q.get("products"),
        min_order_amount: q.get("min_order_amount"),
        selected_only: q.get("selected_only").filter(|v| !v.is_empty()),
        remark: q.get("remark"),
        customers: Some(customers),
    }
}

/// Once a face value is given: the preview, or why the terms were refused (anything else, such
/// as a missing permission, is the page's error).
async fn preview_of(form: IssueForm) -> Result<Option<Result<IssueBatch, AppError>>, AppError> {
    if form.face_value.trim().is_empty() {
        return Ok(None);
    }
    match preview_coupon_issue(form).await {
        Ok(batch) => Ok(Some(Ok(batch))),
        Err(e @ (AppError::Invalid(_) | AppError::Rule { .. } | AppError::Refused(_))) => {
            Ok(Some(Err(e)))
        }
        Err(e) => Err(e),
    }
}

/// One server function per resource: a loader that awaited two would call the second outside
/// the request's context on the server.
#[component]
pub fn IssuePage() -> impl IntoView {
    let query = use_query_map();
    let form = move || query.with(form_of);
    let quotas = Resource::new(|| (), |_| coupon_quotas());
    let preview = Resource::new(form, preview_of);
    view! {
        <p><a href="/partner/coupons">"← "{t(Msg::NavCoupons)}</a></p>
        <h1>{t(Msg::IssueTitle)}</h1>
        <p class="lead">{t(Msg::IssueLead)}</p>
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || {
                let form = form();
                Suspend::new(async move {
                    match (quotas.await, preview.await) {
                        (Err(e), _) | (_, Err(e)) => view! { <ErrorPage error=e/> }.into_any(),
                        (Ok(overview), Ok(preview)) => {
                            let quotas = overview
                                .quotas
                                .into_iter()
                                .filter(|q| q.state == QuotaState::Normal)
                                .collect();
                            view! { <IssueTerms quotas preview form/> }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn IssueTerms(
    quotas: Vec<QuotaView>,
    preview: Option<Result<IssueBatch, AppError>>,
    form: IssueForm,
) -> impl IntoView {
    let lang = use_lang();
    let refused = preview.as_ref().and_then(|p| p.clone().err());
    let error = Signal::stored(refused.clone());
    let customers = form.customers.clone().unwrap_or_default();
    let chosen_error = refused.and_then(|e| e.field_message("customers", lang));
    let chosen = Text::new(Msg::ChosenCount)
        .arg("count", customers.len())
        .render(lang);
    let options: Vec<(String, String)> = quotas
        .iter()
        .map(|q| {
            let label = format!(
                "{} · {} · {}",
                q.kind.quota_label().text(lang),
                format_yuan(q.balance),
                &q.id[..8]
            );
            (q.id.clone(), label)
        })
        .collect();
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    let result = preview.and_then(|p| p.ok()).map(|batch| {
        view! { <IssuePreview batch form=form.clone()/> }
    });
    view! {
        <form method="get" action="/partner/coupons/issue" class="form grid" data-testid="issue-terms">
            {hidden_list("customers", &customers)}
            <p>{chosen}{chosen_error.map(|m| view! { <br/><span class="field-error">{m}</span> })}</p>
            <FormMessage error/>
            <SelectField label=Msg::FromQuota.into() name="quota" options error selected=form.quota.clone()/>
            <Field label=Msg::FaceValue name="face_value" error value=form.face_value.clone() required=true/>
            <Field label=Msg::ValidFrom name="valid_from" kind="date" error value=value(&form.valid_from)/>
            <Field label=Msg::ValidUntil name="valid_until" kind="date" error value=value(&form.valid_until)/>
            <Field label=Msg::ServiceTypes name="service_types" error value=value(&form.service_types)/>
            <Field label=Msg::Products name="products" error value=value(&form.products)/>
            <Field label=Msg::MinOrderAmount name="min_order_amount" error value=value(&form.min_order_amount)/>
            <label class="check">
                <input type="checkbox" name="selected_only" value="on" checked=form.selected_only.is_some()/>
                <span>{t(Msg::SelectedOnly)}</span>
            </label>
            <p class="note">{t(Msg::ItemsHint)}</p>
            <Field label=Msg::IssueRemark name="remark" error value=value(&form.remark)/>
            <label class="field">
                <span class="field-label">{t(Msg::MoreCustomers)}</span>
                <textarea name="more" rows="2"></textarea>
            </label>
            <div><button type="submit">{t(Msg::Preview)}</button></div>
        </form>
        {result}
    }
}

/// The terms again as the issuing server function takes them (`form[…]`).
fn hidden_terms(form: &IssueForm) -> impl IntoView {
    let pairs = [
        ("quota", Some(form.quota.clone())),
        ("face_value", Some(form.face_value.clone())),
        ("valid_from", form.valid_from.clone()),
        ("valid_until", form.valid_until.clone()),
        ("service_types", form.service_types.clone()),
        ("products", form.products.clone()),
        ("min_order_amount", form.min_order_amount.clone()),
        ("selected_only", form.selected_only.clone()),
        ("remark", form.remark.clone()),
    ];
    let fields = pairs
        .into_iter()
        .filter_map(|(k, v)| v.filter(|v| !v.is_empty()).map(|v| (k, v)))
        .map(|(k, v)| view! { <input type="hidden" name=format!("form[{k}]") value=v/> })
        .collect_view();
    let customers = form.customers.clone().unwrap_or_default();
    view! {
        {fields}
        {hidden_list("form[customers]", &customers)}
    }
}

#[component]
fn IssuePreview(batch: IssueBatch, form: IssueForm) -> impl IntoView {
    let issue = ServerAction::<IssueCoupons>::new();
    let error = error_of(issue);
    let confirm = batch.lines.iter().any(|l| l.refusal.is_none()).then(|| {
        view! {
            <ActionForm action=issue attr:class="form">
                <FormMessage error/>
                {hidden_terms(&form)}
                <TokenField version=issue.version()/>
                <div><button type="submit" class="primary">{t(Msg::ConfirmBatch)}</button></div>
            </ActionForm>
        }
    });
    let nothing = confirm.is_none().then(|| {
        view! { <p class="form-error" role="alert">{t(Msg::NothingWouldSucceed)}</p> }
    });
    view! {
        <h2>{t(Msg::PreviewTitle)}</h2>
        <IssueLines batch applied=false/>
        {confirm}
        {nothing}
    }
}

#[component]
pub fn IssueResultPage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let batch = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        coupon_issue_result,
    );
    view! {
        <p><a href="/partner/coupons">"← "{t(Msg::NavCoupons)}</a></p>
        <h1>{t(Msg::IssueResultTitle)}</h1>
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match batch.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(b) => {
                        let issued = format!("/partner/coupons/issued?quota={}", b.quota_id);
                        view! {
                            <IssueLines batch=b applied=true/>
                            <p><a href=issued>{t(Msg::IssuedCoupons)}</a></p>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
