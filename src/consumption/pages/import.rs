//! `/operator/import`: the operator uploads a CSV file of fee records (a plain multipart form, to
//! `web::uploads`, which answers with this page and the load's id), and sees the newest loads,
//! a refused one with each problem's line, column and reason.

use crate::consumption::{consumption_loads, LoadRow, CSV_HEADER};
use crate::core::i18n::{t, use_lang, Msg, Text};
use crate::core::time::format_local;
use crate::ui::QueryPage;
use leptos::prelude::*;

#[component]
pub fn ImportPage() -> impl IntoView {
    view! {
        <h1>{t(Msg::ImportConsumption)}</h1>
        <p>{t(Msg::ImportLead)}</p>
        <p><code lang="en">{CSV_HEADER.join(",")}</code></p>
        <form method="post" action="/operator/import/consumption" enctype="multipart/form-data" class="filters">
            <label class="field"><span class="field-label">{t(Msg::CsvFile)}</span>
                <input type="file" name="file" accept=".csv,text/csv" required=true/>
            </label>
            <button type="submit">{t(Msg::Upload)}</button>
        </form>
        <QueryPage
            from_query=|q| q.get("load")
            load=|_| consumption_loads()
            render=|loads, chosen| view! { <Loads loads chosen/> }.into_any()
        />
    }
}

#[component]
fn Loads(loads: Vec<LoadRow>, chosen: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let report = chosen
        .as_deref()
        .and_then(|id| loads.iter().find(|l| l.id == id))
        .map(|l| {
            if l.report.problems.is_empty() {
                let text = Text::new(Msg::ImportDone)
                    .arg("rows", l.report.rows)
                    .arg("added", l.report.added)
                    .render(lang);
                view! { <p class="form-ok" role="status" data-testid="import-done">{text}</p> }.into_any()
            } else {
                let problems = l
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
        });
    let rows = loads
        .iter()
        .map(|l| {
            view! {
                <tr>
                    <td>{format_local(l.at)}</td>
                    <td>{l.file_name.clone().unwrap_or_else(|| l.source.clone())}</td>
                    <td>{l.loaded_by.clone()}</td>
                    <td class="num">{l.report.rows}</td>
                    <td class="num">{l.report.added}</td>
                    <td class="num">{l.report.problems.len()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {report}
        <div class="table-wrap"><table data-testid="loads">
            <thead><tr>
                <th scope="col">{t(Msg::AuditTime)}</th><th scope="col">{t(Msg::CsvFile)}</th>
                <th scope="col">{t(Msg::AuditActor)}</th><th scope="col" class="num">{t(Msg::Line)}</th>
                <th scope="col" class="num">{t(Msg::RecordCount)}</th><th scope="col" class="num">{t(Msg::Problem)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
    }
}
