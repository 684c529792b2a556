//! Charts drawn on the server as SVG, so that they show without JavaScript, each followed by its
//! numbers as a table (for screen readers, and for anyone who wants the figures).

use crate::core::i18n::{t, Msg};
use crate::core::money::format_yuan;
use leptos::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// One bar: its label and its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: Decimal,
}

const WIDTH: f64 = 640.0;
const BAR: f64 = 22.0;
const GAP: f64 = 8.0;
const LABEL: f64 = 180.0;

/// The share of the largest value a bar takes, in 0..=1 (negative values draw nothing).
fn share(value: Decimal, max: Decimal) -> f64 {
    if max <= Decimal::ZERO {
        return 0.0;
    }
    (value / max).to_f64().unwrap_or(0.0).clamp(0.0, 1.0)
}

/// A label cut to what fits beside a bar.
fn fitted(label: &str) -> String {
    if label.chars().count() > 22 {
        format!("{}…", label.chars().take(21).collect::<String>())
    } else {
        label.to_string()
    }
}

/// Horizontal bars, largest value full width, with the figures as a table below.
#[component]
pub fn BarChart(
    /// The chart's name (its heading and the SVG's accessible name).
    title: Msg,
    /// The first column's header.
    label_header: Msg,
    bars: Vec<Bar>,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let max = bars.iter().map(|b| b.value).max().unwrap_or_default();
    let height = (bars.len() as f64 * (BAR + GAP)).max(BAR);
    let room = WIDTH - LABEL - 90.0;
    let drawn = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let y = i as f64 * (BAR + GAP);
            let w = room * share(b.value, max);
            let figure = format_yuan(b.value);
            view! {
                <g>
                    <title>{format!("{}: {figure}", b.label)}</title>
                    <text x="0" y=y + BAR * 0.7 class="chart-label">{fitted(&b.label)}</text>
                    <rect x=LABEL y=y width=w height=BAR class="chart-bar"></rect>
                    <text x=LABEL + w + 6.0 y=y + BAR * 0.7 class="chart-value">{figure}</text>
                </g>
            }
        })
        .collect_view();
    let rows = bars
        .into_iter()
        .map(|b| view! { <tr><th scope="row">{b.label}</th><td class="num">{format_yuan(b.value)}</td></tr> })
        .collect_view();
    view! {
        <figure class="chart" data-testid=testid>
            <figcaption>{t(title)}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=t(title) width="100%">
                {drawn}
            </svg>
            <details>
                <summary>{t(Msg::ChartFigures)}</summary>
                <div class="table-wrap"><table>
                    <thead><tr><th scope="col">{t(label_header)}</th><th scope="col" class="num">{t(Msg::DueAmount)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            </details>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_take_their_share_of_the_largest() {
        let max = Decimal::new(200, 0);
        assert_eq!(share(Decimal::new(100, 0), max), 0.5);
        assert_eq!(share(max, max), 1.0);
        assert_eq!(share(Decimal::new(-5, 0), max), 0.0);
        assert_eq!(share(Decimal::ONE, Decimal::ZERO), 0.0);
    }

    #[test]
    fn long_labels_are_cut() {
        assert_eq!(fitted("short"), "short");
        assert_eq!(fitted(&"x".repeat(30)).chars().count(), 22);
    }
}
