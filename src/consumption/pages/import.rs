//! `/operator/import`: the operator uploads a CSV file of fee records (a plain multipart form, to
//! `web::uploads`, which starts the import in the background and answers with this page and the
//! load's id). The page shows the import's progress, refreshing itself while it runs (with or
//! without JavaScript), then its result: done, or each refused line with its column and reason.

use crate::consumption::{consumption_loads, LoadRow, LoadStatus, CSV_HEADER};
use crate::core::i18n::{t, use_lang, Lang, Msg, Text};
use crate::core::time::format_local;
use crate::ui::QueryPage;
use leptos::prelude::*;
use leptos_meta::Meta;

#[component]
pub fn ImportPage() -> impl IntoView {
    view! {
        <h1>{t(Msg::ImportConsumption)}</h1>
        <p>{t(Msg::ImportLead)}</p>
        <p><code lang="en">{CSV_HEADER.join(",")}</code></p>
        <p class="note">{t(Msg::ImportApiHint)}</p>
        <form method="post" action="/operator/import/consumption" enctype="multipart/form-data" class="filters">
            <label class="field"><span class="field-label">{t(Msg::CsvFile)}</span>
                <input type="file" name="file" accept=".csv,text/csv" required=true/>
            </label>
            <button type="submit">{t(Msg::Upload)}</button>
        </form>
        <QueryPage
            from_query=|q| q.get("load")
            load=consumption_loads
            render=|loads, chosen| view! { <Loads loads chosen/> }.into_any()
        />
    }
}

/// The chosen load's outcome, or its progress while it runs.
fn outcome(load: &LoadRow, lang: Lang) -> AnyView {
    match load.status {
        LoadStatus::Running => {
            let text = if load.report.rows == 0 {
                Msg::ImportChecking.text(lang).to_string()
            } else {
                Text::new(Msg::ImportRunning)
                    .arg("done", load.rows_done)
                    .arg("total", load.report.rows)
                    .render(lang)
            };
            let percent = load.percent();
            view! {
                <div role="status" data-testid="import-running">
                    <progress max="100" value=percent aria-label=text.clone()>{format!("{percent}%")}</progress>
                    " "<span>{text}</span>
                </div>
            }
            .into_any()
        }
        LoadStatus::Failed => view! { <p class="form-error" role="alert" data-testid="import-failed">{t(Msg::ImportFailed)}</p> }.into_any(),
        LoadStatus::Interrupted => view! { <p class="form-error" role="alert" data-testid="import-failed">{t(Msg::ImportInterrupted)}</p> }.into_any(),
        LoadStatus::Done if load.report.problems.is_empty() => {
            let text = Text::new(Msg::ImportDone)
                .arg("rows", load.report.rows)
                .arg("added", load.report.added)
                .render(lang);
            view! { <p class="form-ok" role="status" data-testid="import-done">{text}</p> }.into_any()
        }
        LoadStatus::Done => {
            let problems = load
                .report
                .problems
                .iter()
                .map(|p| view! { <tr><td class="num">{p.line}</td><td><code>{p.field.clone()}</code></td><td>{p.text.render(lang)}</td></tr> })
                .collect_view();
            view! {
                <div role="alert" data-testid="import-refused">
                    <p class="form-error">{t(Msg::ImportRefused)}</p>
                    <div class="table-wrap"><table>
                        <thead><tr><th scope="col" class="num">{t(Msg::Line)}</th><th scope="col">{t(Msg::Column)}</th><th scope="col">{t(Msg::Problem)}</th></tr></thead>
                        <tbody>{problems}</tbody>
                    </table></div>
                </div>
            }
            .into_any()
        }
    }
}

fn status_of(load: &LoadRow) -> Msg {
    match load.status {
        LoadStatus::Running => Msg::ExportRunning,
        LoadStatus::Failed => Msg::ExportFailed,
        LoadStatus::Interrupted => Msg::LoadInterrupted,
        LoadStatus::Done if load.report.problems.is_empty() => Msg::ExportDone,
        LoadStatus::Done => Msg::LoadRefused,
    }
}

#[component]
fn Loads(loads: Vec<LoadRow>, chosen: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let chosen = chosen
        .as_deref()
        .and_then(|id| loads.iter().find(|l| l.id == id));
    // Only the chosen import's progress refreshes the page: an upload being chosen stays put.
    let refresh = chosen
        .is_some_and(|l| l.status == LoadStatus::Running)
        .then(|| view! { <Meta http_equiv="refresh" content="2"/> });
    let report = chosen.map(|l| outcome(l, lang));
    let rows = loads
        .iter()
        .map(|l| {
            view! {
                <tr data-status=format!("{:?}", l.status).to_lowercase()>
                    <td>{format_local(l.at)}</td>
                    <td>{l.file_name.clone().unwrap_or_else(|| l.source.clone())}</td>
                    <td>{l.loaded_by.clone()}</td>
                    <td>{t(status_of(l))}</td>
                    <td class="num">{l.report.rows}</td>
                    <td class="num">{l.report.added}</td>
                    <td class="num">{l.report.problems.len()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {refresh}
        {report}
        <div class="table-wrap"><table data-testid="loads">
            <thead><tr>
                <th scope="col">{t(Msg::AuditTime)}</th><th scope="col">{t(Msg::CsvFile)}</th>
                <th scope="col">{t(Msg::AuditActor)}</th><th scope="col">{t(Msg::Status)}</th>
                <th scope="col" class="num">{t(Msg::Line)}</th>
                <th scope="col" class="num">{t(Msg::RecordCount)}</th><th scope="col" class="num">{t(Msg::Problem)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
    }
}
