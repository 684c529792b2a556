//! `/partner/exports`: the caller's exports with their progress (the page refreshes itself while
//! one runs, with or without JavaScript) and a download link per file; and the buttons that start
//! one from a filtered list.

use super::{my_exports, ExportRow, StartAuditExport, StartConsumptionExport};
use crate::audit::AuditFilter;
use crate::consumption::ConsumptionFilter;
use crate::core::i18n::{t, use_lang, Msg, Text};
use crate::core::time::format_local;
use crate::ui::{FormMessage, QueryPage};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;

#[component]
pub fn ExportsPage() -> impl IntoView {
    view! {
        <h1>{t(Msg::Exports)}</h1>
        <p>{t(Msg::ExportsLead)}</p>
        <QueryPage
            from_query=|_| ()
            load=|_| my_exports()
            render=|rows, _| view! { <Exports rows/> }.into_any()
        />
    }
}

#[component]
fn Exports(rows: Vec<ExportRow>) -> impl IntoView {
    let lang = use_lang();
    let busy = rows
        .iter()
        .any(|r| r.status == "queued" || r.status == "running");
    let refresh = busy.then(|| view! { <Meta http_equiv="refresh" content="2"/> });
    let empty = rows
        .is_empty()
        .then(|| view! { <p class="empty">{t(Msg::NoRecords)}</p> });
    let rows = rows
        .into_iter()
        .map(|r| {
            let percent = r.percent();
            let status = match r.status.as_str() {
                "queued" => Msg::ExportQueued,
                "running" => Msg::ExportRunning,
                "done" => Msg::ExportDone,
                "expired" => Msg::ExportExpired,
                _ => Msg::ExportFailed,
            };
            let progress = Text::new(Msg::ExportProgress)
                .arg("done", r.rows_done)
                .arg("total", r.rows_total.map_or_else(|| "…".to_string(), |t| t.to_string()))
                .render(lang);
            let links = (r.status == "done")
                .then(|| {
                    (1..=r.parts)
                        .map(|part| {
                            let href = format!("/partner/exports/{}/{part}", r.id);
                            let name = format!("{} {part}.{}", Msg::File.text(lang), r.format.code());
                            view! { <a href=href rel="external" download="">{name}</a>" " }
                        })
                        .collect_view()
                });
            view! {
                <tr data-export=r.id.clone() data-status=r.status.clone()>
                    <td>{format_local(r.created_at)}</td>
                    <td>{t(r.kind.label())}</td>
                    <td>{r.format.code().to_uppercase()}
                        {r.unmasked.then(|| view! { " " <span class="badge">{t(Msg::Unmasked)}</span> })}
                    </td>
                    <td>{t(status)}</td>
                    <td>
                        <progress max="100" value=percent aria-label=progress.clone()>{format!("{percent}%")}</progress>
                        " "<small>{progress}</small>
                    </td>
                    <td>{links}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {refresh}
        <div class="table-wrap"><table data-testid="exports">
            <thead><tr>
                <th scope="col">{t(Msg::AuditTime)}</th><th scope="col">{t(Msg::ExportContent)}</th>
                <th scope="col">{t(Msg::Format)}</th>
                <th scope="col">{t(Msg::Status)}</th><th scope="col">{t(Msg::Progress)}</th>
                <th scope="col">{t(Msg::Files)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
        {empty}
    }
}

/// The fields of a form that starts an export: the list's filter as hidden fields, the format,
/// for a holder of `sales.data.unmask` the choice to unmask personal data, and the button. One
/// form, so that every choice travels as a field with or without JavaScript.
#[component]
fn ExportFields(fields: Vec<(&'static str, String)>) -> impl IntoView {
    let can_unmask = crate::ui::chrome::signed_in()
        .is_some_and(|v| v.can(crate::core::permissions::Permission::SalesDataUnmask));
    let hidden = fields
        .into_iter()
        .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
        .collect_view();
    let unmask = can_unmask.then(|| {
        view! {
            <label class="check"><input type="checkbox" name="unmask" value="1"/>" "{t(Msg::UnmaskPersonalData)}</label>
        }
    });
    view! {
        {hidden}
        <label class="field"><span class="field-label">{t(Msg::Format)}</span>
            <select name="format">
                <option value="csv">"CSV"</option>
                <option value="xlsx">"XLSX"</option>
            </select>
        </label>
        {unmask}
        <button type="submit" class="button-secondary">{t(Msg::Export)}</button>
        <a href="/partner/exports">{t(Msg::Exports)}" →"</a>
    }
}

/// Starts an export of the consumption records a filter selects, or (`summary`) of their
/// summary as the filter groups it.
#[component]
pub fn ExportButtons(filter: ConsumptionFilter, #[prop(optional)] summary: bool) -> impl IntoView {
    let action = ServerAction::<StartConsumptionExport>::new();
    let content = if summary { "summary" } else { "records" };
    let fields: Vec<(&'static str, String)> = [
        ("content", Some(content.to_string())),
        ("filter[group]", filter.group),
        ("filter[from]", filter.from),
        ("filter[to]", filter.to),
        ("filter[customer]", filter.customer),
        ("filter[manager]", filter.manager),
        ("filter[mode]", filter.mode),
        ("filter[service_type]", filter.service_type),
        ("filter[charge_mode]", filter.charge_mode),
        ("filter[show_zero]", filter.show_zero),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|v| (name, v)))
    .collect();
    view! {
        <div class="sublinks" data-testid=format!("export-{content}")>
            <FormMessage error=crate::ui::error_of(action)/>
            <ActionForm action=action attr:class="inline">
                <ExportFields fields/>
            </ActionForm>
        </div>
    }
}

/// Starts an export of every audit record a filter selects (all pages).
#[component]
pub fn AuditExportButtons(filter: AuditFilter) -> impl IntoView {
    let action = ServerAction::<StartAuditExport>::new();
    let fields: Vec<(&'static str, String)> = [
        ("filter[actor]", filter.actor),
        ("filter[action]", filter.action),
        ("filter[from]", filter.from),
        ("filter[to]", filter.to),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.filter(|v| !v.is_empty()).map(|v| (name, v)))
    .collect();
    view! {
        <div class="sublinks" data-testid="export-audit">
            <FormMessage error=crate::ui::error_of(action)/>
            <ActionForm action=action attr:class="inline">
                <ExportFields fields/>
            </ActionForm>
        </div>
    }
}
