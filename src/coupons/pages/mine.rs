//! `/account/coupons`: the customer's vouchers and cash coupons as two tabs (`?tab=`, plain links,
//! so they work without JavaScript), each coupon with its face value, balance, validity, limits,
//! status and history. Used, expired and recalled coupons are greyed, their text still readable.

use super::{validity, LimitsView};
use crate::core::i18n::{t, Msg};
use crate::core::money::format_yuan;
use crate::core::time::format_local;
use crate::coupons::{list_my_coupons, CouponStatus, MyCoupon, MyCoupons};
use crate::ui::{entered_lang, QueryPage};
use leptos::prelude::*;

fn event_label(what: &str) -> Option<Msg> {
    Some(match what {
        "issue" => Msg::EvIssue,
        "use" => Msg::EvUse,
        "recall" => Msg::EvRecall,
        "unbind_recall" => Msg::EvUnbindRecall,
        "expiry" => Msg::EvExpiry,
        _ => return None,
    })
}

#[component]
pub fn MyCouponsPage() -> impl IntoView {
    view! {
        <h1>{t(Msg::NavCoupons)}</h1>
        <p class="lead">{t(Msg::CouponsLead)}</p>
        <QueryPage
            from_query=|q| q.get("tab").filter(|t| t == "cash").is_some()
            load=|_| list_my_coupons()
            render=|mine, cash| view! { <Tabs mine cash/> }.into_any()
        />
    }
}

#[component]
fn Tabs(mine: MyCoupons, cash: bool) -> impl IntoView {
    let tab = |href: &'static str, label: Msg, count: usize, current: bool| {
        view! {
            <a href=href aria-current=current.then_some("page")>{t(label)}" ("{count}")"</a>
        }
    };
    let (list, heading) = if cash {
        (mine.cash.clone(), Msg::CashCoupons)
    } else {
        (mine.vouchers.clone(), Msg::Vouchers)
    };
    let empty = list
        .is_empty()
        .then(|| view! { <p class="empty">{t(Msg::NoCoupons)}</p> });
    view! {
        <nav class="tabs" aria-label=t(Msg::CouponKinds)>
            {tab("/account/coupons?tab=vouchers", Msg::Vouchers, mine.vouchers.len(), !cash)}
            {tab("/account/coupons?tab=cash", Msg::CashCoupons, mine.cash.len(), cash)}
        </nav>
        <h2>{t(heading)}</h2>
        <ul class="coupons" data-testid="my-coupons">
            {list.into_iter().map(|c| view! { <Coupon c/> }).collect_view()}
        </ul>
        {empty}
    }
}

#[component]
fn Coupon(c: MyCoupon) -> impl IntoView {
    let history = c
        .history
        .into_iter()
        .map(|e| {
            view! {
                <tr>
                    <td>{format_local(e.at)}</td>
                    <td>{event_label(&e.what).map(t)}</td>
                    <td class="num">{format_yuan(e.amount)}</td>
                    <td class="num">{e.balance_after.map(format_yuan)}</td>
                </tr>
            }
        })
        .collect_view();
    let key = c.id.clone();
    let usable = c.status == CouponStatus::Usable;
    view! {
        <li class="coupon" class:inactive=!usable data-coupon=key data-status=c.status.code()>
            <p class="coupon-head">
                <span class="coupon-value">{format_yuan(c.face_value)}</span>" "
                <span>{t(c.kind.label())}</span>" "
                <span class="badge" class:ok=usable class:off=!usable>{t(c.status.label())}</span>
            </p>
            <dl class="facts">
                <dt>{t(Msg::Balance)}</dt><dd class="coupon-balance">{format_yuan(c.balance)}</dd>
                <dt>{t(Msg::Validity)}</dt><dd>{validity(c.valid_from, c.valid_until)}</dd>
                <dt>{t(Msg::Limits)}</dt><dd><LimitsView limits=c.limits/></dd>
                <dt>{t(Msg::Issuer)}</dt><dd lang=entered_lang(&c.issuer)>{c.issuer.clone()}</dd>
                <dt>{t(Msg::CouponId)}</dt><dd><code>{c.id}</code></dd>
            </dl>
            <details class="coupon-history">
                <summary>{t(Msg::History)}</summary>
                <table class="history">
                    <thead><tr>
                        <th>{t(Msg::AuditTime)}</th><th>{t(Msg::RecordType)}</th>
                        <th class="num">{t(Msg::AmountYuan)}</th><th class="num">{t(Msg::BalanceAfter)}</th>
                    </tr></thead>
                    <tbody>{history}</tbody>
                </table>
            </details>
        </li>
    }
}
