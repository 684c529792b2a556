//! `/partner/exports`: the caller's exports with their progress (the page refreshes itself while
//! one runs, with or without JavaScript) and a download link per file; and the buttons that start
//! one from a filtered list.

use super::{my_exports, ExportRow, StartConsumptionExport};
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
                    <td>{r.format.code().to_uppercase()}</td>
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
                <th scope="col">{t(Msg::AuditTime)}</th><th scope="col">{t(Msg::Format)}</th>
                <th scope="col">{t(Msg::Status)}</th><th scope="col">{t(Msg::Progress)}</th>
                <th scope="col">{t(Msg::Files)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
        {empty}
    }
}

/// "Export CSV" and "Export XLSX" for the records a filter selects: one form each, so that the
/// format travels as a field with or without JavaScript.
#[component]
pub fn ExportButtons(filter: ConsumptionFilter) -> impl IntoView {
    let action = ServerAction::<StartConsumptionExport>::new();
    let fields: Vec<(&'static str, String)> = [
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
    let hidden = move || {
        fields
            .iter()
            .map(|(name, value)| view! { <input type="hidden" name=*name value=value.clone()/> })
            .collect_view()
    };
    let form = move |format: &'static str, label: Msg| {
        let hidden = hidden.clone();
        view! {
            <ActionForm action=action attr:class="inline">
                {hidden()}
                <input type="hidden" name="format" value=format/>
                <button type="submit" class="button-secondary">{t(label)}</button>
            </ActionForm>
        }
    };
    view! {
        <div class="sublinks" data-testid="export-records">
            <FormMessage error=crate::ui::error_of(action)/>
            {form("csv", Msg::ExportCsv)}
            {form("xlsx", Msg::ExportXlsx)}
            <a href="/partner/exports">{t(Msg::Exports)}" →"</a>
        </div>
    }
}
