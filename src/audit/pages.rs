//! Partner Centre › Audit log: the last 7 days by default, filtered by a GET form so that links and
//! the back button keep the filters.

use super::{list_audit, AuditAction, AuditFilter, AuditPage};
use crate::core::i18n::{t, use_lang, Lang, Msg};
use crate::core::time::format_local;
use crate::ui::{Pager, QueryPage};
use leptos::prelude::*;
use leptos_router::params::ParamsMap;

fn action_label(code: &str, lang: Lang) -> String {
    AuditAction::from_code(code)
        .map(|a| a.label().text(lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

fn actor_label(kind: &str, name: &str, lang: Lang) -> String {
    if kind == "partner_main" {
        format!("{} ({})", Msg::AuditMainAccount.text(lang), name)
    } else {
        name.to_string()
    }
}

fn filter_of(q: &ParamsMap) -> AuditFilter {
    AuditFilter {
        actor: q.get("actor"),
        action: q.get("action"),
        from: q.get("from"),
        to: q.get("to"),
        page: q.get("page").and_then(|p| p.parse().ok()),
    }
}

#[component]
pub fn AuditLog() -> impl IntoView {
    view! {
        <h1>{t(Msg::AuditTitle)}</h1>
        <p class="note">{t(Msg::DefaultLast7Days)}</p>
        <QueryPage
            from_query=filter_of
            load=list_audit
            render=|page, filter| view! { <AuditResults page filter/> }.into_any()
        />
    }
}

#[component]
fn AuditResults(page: AuditPage, filter: AuditFilter) -> impl IntoView {
    let lang = use_lang();
    let actor = filter.actor.clone().unwrap_or_default();
    let action = filter.action.clone().unwrap_or_default();
    let actor_options = page
        .actors
        .iter()
        .map(|a| {
            let label = if a.value == "main" {
                Msg::AuditMainAccount.text(lang).to_string()
            } else {
                a.label.clone()
            };
            let selected = a.value == actor;
            view! { <option value=a.value.clone() selected=selected>{label}</option> }
        })
        .collect_view();
    let action_options = AuditAction::ALL
        .iter()
        .map(|a| {
            let selected = a.code() == action;
            view! { <option value=a.code() selected=selected>{a.label().text(lang)}</option> }
        })
        .collect_view();
    let (from, to) = (page.from.clone(), page.to.clone());
    let href = {
        let (from, to, actor, action) = (from.clone(), to.clone(), actor.clone(), action.clone());
        move |n: u32| {
            format!(
                "/partner/audit?actor={}&action={}&from={from}&to={to}&page={n}",
                urlencoding::encode(&actor),
                urlencoding::encode(&action)
            )
        }
    };
    let rows = page
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <td>{format_local(r.at)}</td>
                    <td>{actor_label(&r.actor_kind, &r.actor_name, lang)}</td>
                    <td>{action_label(&r.action, lang)}</td>
                    <td>{r.target.clone()}</td>
                    <td><span class=if r.success { "badge ok" } else { "badge off" }>
                        {if r.success { Msg::OutcomeSuccess.text(lang) } else { Msg::OutcomeFailure.text(lang) }}
                    </span></td>
                    <td>{r.source.clone().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    let empty = page.rows.is_empty();
    view! {
        <form method="get" action="/partner/audit" class="filters">
            <label class="field"><span class="field-label">{t(Msg::AuditActor)}</span>
                <select name="actor"><option value="">{t(Msg::AuditAllActors)}</option>{actor_options}</select>
            </label>
            <label class="field"><span class="field-label">{t(Msg::AuditAction)}</span>
                <select name="action"><option value="">{t(Msg::AuditAllActions)}</option>{action_options}</select>
            </label>
            <label class="field"><span class="field-label">{t(Msg::AuditFrom)}</span>
                <input type="date" name="from" value=from/>
            </label>
            <label class="field"><span class="field-label">{t(Msg::AuditTo)}</span>
                <input type="date" name="to" value=to/>
            </label>
            <button type="submit">{t(Msg::Filter)}</button>
        </form>
        <crate::exports::pages::AuditExportButtons filter=filter.clone()/>
        <div class="table-wrap">
            <table data-testid="audit-table">
                <thead><tr>
                    <th>{t(Msg::AuditTime)}</th><th>{t(Msg::AuditActor)}</th><th>{t(Msg::AuditAction)}</th>
                    <th>{t(Msg::AuditTarget)}</th><th>{t(Msg::AuditOutcome)}</th><th>{t(Msg::AuditSource)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {empty.then(|| view! { <p class="empty">{t(Msg::NoRecords)}</p> })}
        <Pager page=page.page page_size=page.page_size total=page.total href/>
    }
}
