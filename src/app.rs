//! The shell, the routes, and the three layouts (Partner Centre, Account Centre, Operator console)
//! with navigation drawn from the signed-in user's permission items.

use crate::auth::SignOut;
use crate::core::error::AppError;
use crate::core::i18n::{current_lang, provide_lang, t, Msg};
use crate::core::permissions::Permission;
use crate::core::viewer::{ActorKind, Viewer};
use crate::ui::chrome::{LanguageSwitch, MenuGroup, SkipLink, MAIN_ID};
use crate::ui::viewer::{provide_viewer, use_viewer, ViewerNow};
use crate::ui::{entered_lang, ErrorPage, Forbidden, NotBuiltYet, NotFound};
use leptos::either::EitherOf5;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::{path, SsrMode};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = current_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.html_lang()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <link rel="stylesheet" id="leptos" href="/pkg/partner_centre.css"/>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_lang();
    view! {
        <Title text=t(Msg::ProductName)/>
        <Router>
            <AppRoutes/>
        </Router>
    }
}

macro_rules! partner_page {
    ($item:expr, $body:expr) => {
        || view! { <PartnerLayout item=$item>{$body}</PartnerLayout> }
    };
}

#[component]
fn AppRoutes() -> impl IntoView {
    provide_viewer();
    use crate::access_keys::pages::CredentialsPage;
    use crate::account::pages as account;
    use crate::audit::pages::AuditLog;
    use crate::auth::pages as auth;
    use crate::consumption::pages as consumption;
    use crate::coupons::pages as coupons;
    use crate::customers::pages::Customers;
    use crate::funds::pages as funds;
    use crate::operator::pages as operator;
    use crate::org::pages::{Members, RolesPage};
    use crate::partners::pages::PartnerHome;
    use Permission::*;
    let async_mode = SsrMode::Async;
    view! {
        <Routes fallback=|| view! { <BarePage><NotFound/></BarePage> }>
            <Route path=path!("/") view=auth::Landing ssr=async_mode.clone()/>
            <Route path=path!("/signin/partner") view=auth::SignInPartnerPage ssr=async_mode.clone()/>
            <Route path=path!("/signin/iam") view=auth::SignInMemberPage ssr=async_mode.clone()/>
            <Route path=path!("/signin/customer") view=auth::SignInCustomerPage ssr=async_mode.clone()/>
            <Route path=path!("/signin/operator") view=auth::SignInOperatorPage ssr=async_mode.clone()/>
            <Route path=path!("/signup") view=auth::SignUpPage ssr=async_mode.clone()/>

            <Route path=path!("/partner") view=partner_page!(None, view! { <PartnerHome/> }) ssr=async_mode.clone()/>
            <Route path=path!("/join/:token") view=crate::association::pages::JoinPage ssr=async_mode.clone()/>

            <Route path=path!("/partner/customers") view=partner_page!(Some(SalesCustomersView), view! { <Customers/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/customers/invitations") view=partner_page!(Some(SalesCustomersInvite), view! { <crate::invitations::pages::InvitationsPage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/customers/:id") view=partner_page!(Some(SalesCustomersView), view! { <crate::customers::pages::CustomerDetailPage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/coupons") view=partner_page!(Some(SalesCouponsView), view! { <coupons::QuotasPage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/coupons/quotas/:id") view=partner_page!(Some(SalesCouponsView), view! { <coupons::QuotaPage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/coupons/issue") view=partner_page!(Some(SalesCouponsIssue), view! { <coupons::IssuePage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/coupons/issues/:id") view=partner_page!(Some(SalesCouponsIssue), view! { <coupons::IssueResultPage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/coupons/grants/:id") view=partner_page!(Some(SalesCouponsQuotas), view! { <coupons::GrantResultPage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/coupons/issued") view=partner_page!(Some(SalesCouponsView), view! { <coupons::IssuedCouponsPage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/coupons/records") view=partner_page!(Some(SalesCouponsView), view! { <coupons::OperationRecordsPage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/funds") view=partner_page!(Some(SalesFundsView), view! { <funds::FundsPage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/funds/records") view=partner_page!(Some(SalesFundsView), view! { <funds::AdjustmentRecordsPage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/funds/entries") view=partner_page!(Some(SalesFundsView), view! { <funds::AccountEntriesPage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/funds/batch") view=partner_page!(Some(SalesFundsView), view! { <funds::FundBatchPage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/funds/batches/:id") view=partner_page!(Some(SalesFundsView), view! { <funds::FundBatchResultPage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/consumption") view=partner_page!(Some(SalesConsumptionView), view! { <consumption::ConsumptionSummaryPage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/consumption/dashboard") view=partner_page!(Some(SalesConsumptionView), view! { <consumption::ConsumptionDashboardPage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/exports") view=partner_page!(Some(SalesConsumptionView), view! { <crate::exports::pages::ExportsPage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/consumption/records") view=partner_page!(Some(SalesConsumptionView), view! { <consumption::ConsumptionRecordsPage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/bills") view=partner_page!(Some(SalesBillsView), view! { <crate::bills::pages::PartnerBillPage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/org/members") view=partner_page!(Some(OrgMembersView), view! { <Members/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/org/roles") view=partner_page!(Some(OrgRolesManage), view! { <RolesPage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/credentials") view=partner_page!(Some(ApiAccessKeysManage), view! { <CredentialsPage lead=Msg::CredentialsLead/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/api") view=partner_page!(None, view! { <crate::api_reference::ApiReferencePage/> }) ssr=async_mode.clone()/>
            <Route path=path!("/partner/audit") view=partner_page!(Some(AuditView), view! { <AuditLog/> }) ssr=async_mode.clone()/>

            <Route path=path!("/account") view=|| view! { <CustomerLayout><account::AccountHome/></CustomerLayout> } ssr=async_mode.clone()/>
            <Route path=path!("/account/partners") view=|| view! { <CustomerLayout><account::MyPartners/></CustomerLayout> } ssr=async_mode.clone()/>
            <Route path=path!("/account/authorizations") view=|| view! { <CustomerLayout><crate::authorizations::pages::MyAuthorizationsPage/></CustomerLayout> } ssr=async_mode.clone()/>
            <Route path=path!("/account/agreements") view=|| view! { <CustomerLayout><crate::agreements::pages::MyAgreementsPage/></CustomerLayout> } ssr=async_mode.clone()/>
            <Route path=path!("/account/coupons") view=|| view! { <CustomerLayout><coupons::MyCouponsPage/></CustomerLayout> } ssr=async_mode.clone()/>
            <Route path=path!("/account/orders") view=|| view! { <CustomerLayout><NotBuiltYet title=Msg::NavOrders/></CustomerLayout> } ssr=async_mode.clone()/>
            <Route path=path!("/account/balance") view=|| view! { <CustomerLayout><funds::MyBalancePage/></CustomerLayout> } ssr=async_mode.clone()/>
            <Route path=path!("/account/bills") view=|| view! { <CustomerLayout><consumption::MyBillsPage/></CustomerLayout> } ssr=async_mode.clone()/>
            <Route path=path!("/account/credentials") view=|| view! { <CustomerLayout><CredentialsPage lead=Msg::CustomerCredentialsLead/></CustomerLayout> } ssr=async_mode.clone()/>

            <Route path=path!("/operator") view=|| view! { <OperatorLayout><operator::PartnersPage/></OperatorLayout> } ssr=async_mode.clone()/>
            <Route path=path!("/operator/quotas") view=|| view! { <OperatorLayout><coupons::OperatorQuotasPage/></OperatorLayout> } ssr=async_mode.clone()/>
            <Route path=path!("/operator/agreements") view=|| view! { <OperatorLayout><crate::agreements::pages::OperatorAgreementsPage/></OperatorLayout> } ssr=async_mode.clone()/>
            <Route path=path!("/operator/knowledge") view=|| view! { <OperatorLayout><crate::knowledge::pages::OperatorKnowledgePage/></OperatorLayout> } ssr=async_mode.clone()/>
            <Route path=path!("/operator/associations") view=|| view! { <OperatorLayout><operator::AssociationsPage/></OperatorLayout> } ssr=async_mode.clone()/>
            <Route path=path!("/operator/import") view=|| view! { <OperatorLayout><consumption::ImportPage/></OperatorLayout> } ssr=async_mode/>
        </Routes>
    }
}

/// What the frame shows for the user it knows.
#[derive(Clone, PartialEq)]
enum Admission {
    Show(Viewer),
    Forbidden,
    SignIn,
    Failed(AppError),
    Waiting,
}

/// Renders `content` for a signed-in user of the right kind, the sign-in page's redirect for
/// nobody, and 403 for anyone else. While the user is read again after a navigation, the page
/// shows for the user of the previous page if it may see it (the server checks every load
/// anyway); otherwise it waits.
#[component]
fn Gate(
    allowed: fn(&Viewer) -> bool,
    signin: &'static str,
    content: Callback<Viewer, AnyView>,
) -> impl IntoView {
    let viewer = use_viewer();
    let admission = Memo::new(move |_| match viewer.get() {
        ViewerNow::Known(Ok(Some(v))) | ViewerNow::Checking(Some(v)) if allowed(&v) => {
            Admission::Show(v)
        }
        ViewerNow::Known(Ok(Some(_))) => Admission::Forbidden,
        ViewerNow::Known(Ok(None)) => Admission::SignIn,
        ViewerNow::Known(Err(e)) => Admission::Failed(e),
        ViewerNow::Checking(_) => Admission::Waiting,
    });
    move || match admission.get() {
        Admission::Show(v) => EitherOf5::A(content.run(v)),
        Admission::Forbidden => EitherOf5::B(view! { <BarePage><Forbidden/></BarePage> }),
        Admission::SignIn => EitherOf5::C(view! { <Redirect path=signin/> }),
        Admission::Failed(e) => EitherOf5::D(view! { <BarePage><ErrorPage error=e/></BarePage> }),
        Admission::Waiting => EitherOf5::E(view! { <div class="loading" aria-busy="true"></div> }),
    }
}

/// A page without navigation (404, 403, errors): the skip link and the main content.
#[component]
fn BarePage(children: Children) -> impl IntoView {
    view! {
        <SkipLink/>
        <main id=MAIN_ID class="bare" tabindex="-1">{children()}</main>
    }
}

#[component]
fn PartnerLayout(item: Option<Permission>, children: ChildrenFn) -> impl IntoView {
    let children = StoredValue::new(children);
    let content = Callback::new(move |v: Viewer| {
        let allowed = item.is_none_or(|i| v.can(i));
        provide_context(v.clone());
        view! {
            <SkipLink/>
            <PartnerNav viewer=v.clone()/>
            <main id=MAIN_ID class="content" tabindex="-1">
                {if allowed { children.with_value(|c| c()).into_any() } else { view! { <Forbidden/> }.into_any() }}
            </main>
        }
        .into_any()
    });
    view! { <Gate allowed=|v| v.kind.is_partner() signin="/signin/partner" content/> }
}

#[component]
fn CustomerLayout(children: ChildrenFn) -> impl IntoView {
    let children = StoredValue::new(children);
    let content = Callback::new(move |v: Viewer| {
        view! {
            <SkipLink/>
            <Header home="/account" product=Msg::AccountCentre viewer=v/>
            <div class="with-sidebar">
                <nav class="sidebar" aria-label=t(Msg::MainNavigation)>
                    <A href="/account" exact=true>{t(Msg::Home)}</A>
                    <A href="/account/partners">{t(Msg::NavMyPartners)}</A>
                    <A href="/account/authorizations">{t(Msg::NavAuthorizations)}</A>
                    <A href="/account/agreements">{t(Msg::NavAgreements)}</A>
                    <A href="/account/coupons">{t(Msg::NavCoupons)}</A>
                    <A href="/account/orders">{t(Msg::NavOrders)}</A>
                    <A href="/account/balance">{t(Msg::NavBalance)}</A>
                    <A href="/account/bills">{t(Msg::NavBills)}</A>
                    <A href="/account/credentials">{t(Msg::NavCredentials)}</A>
                </nav>
                <main id=MAIN_ID class="content" tabindex="-1">{children.with_value(|c| c())}</main>
            </div>
        }
        .into_any()
    });
    view! { <Gate allowed=|v| v.kind == ActorKind::Customer signin="/signin/customer" content/> }
}

#[component]
fn OperatorLayout(children: ChildrenFn) -> impl IntoView {
    let children = StoredValue::new(children);
    let content = Callback::new(move |v: Viewer| {
        view! {
            <SkipLink/>
            <Header home="/operator" product=Msg::OperatorConsole viewer=v/>
            <nav class="topnav" aria-label=t(Msg::MainNavigation)>
                <A href="/operator" exact=true>{t(Msg::NavPartners)}</A>
                <A href="/operator/quotas">{t(Msg::NavQuotas)}</A>
                <A href="/operator/agreements">{t(Msg::NavAgreements)}</A>
                <A href="/operator/knowledge">{t(Msg::NavKnowledge)}</A>
                <A href="/operator/associations">{t(Msg::NavAssociations)}</A>
                <A href="/operator/import">{t(Msg::NavDataImport)}</A>
            </nav>
            <main id=MAIN_ID class="content" tabindex="-1">{children.with_value(|c| c())}</main>
        }
        .into_any()
    });
    view! { <Gate allowed=|v| v.kind == ActorKind::Operator signin="/signin/operator" content/> }
}

/// The top bar: product, who is signed in, language switch and sign-out.
#[component]
fn Header(home: &'static str, product: Msg, viewer: Viewer) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    let who = match &viewer.partner_name {
        Some(partner) if viewer.kind == ActorKind::Member => {
            format!("{} · {}", partner, viewer.display_name)
        }
        _ => viewer.display_name.clone(),
    };
    view! {
        <header class="topbar">
            <a class="brand" href=home>{t(product)}</a>
            <div class="topbar-right">
                <span class="who" data-testid="who" lang=entered_lang(&who)>{who.clone()}</span>
                <LanguageSwitch/>
                <ActionForm action=sign_out attr:class="inline">
                    <button type="submit" class="link-button">{t(Msg::SignOut)}</button>
                </ActionForm>
            </div>
        </header>
    }
}

/// Partner Centre's navigation: entries the user's permission items allow, and nothing else.
#[component]
fn PartnerNav(viewer: Viewer) -> impl IntoView {
    use Permission::*;
    let sales: Vec<(Permission, &str, Msg)> = vec![
        (SalesCustomersView, "/partner/customers", Msg::NavCustomers),
        (
            SalesCustomersInvite,
            "/partner/customers/invitations",
            Msg::NavInvitations,
        ),
        (SalesCouponsView, "/partner/coupons", Msg::NavCoupons),
        (SalesFundsView, "/partner/funds", Msg::NavFunds),
        (
            SalesConsumptionView,
            "/partner/consumption",
            Msg::NavConsumption,
        ),
        (SalesBillsView, "/partner/bills", Msg::NavBills),
    ];
    let org: Vec<(Permission, &str, Msg)> = vec![
        (OrgMembersView, "/partner/org/members", Msg::NavMembers),
        (OrgRolesManage, "/partner/org/roles", Msg::NavRoles),
    ];
    // With JavaScript, Escape, an outside click or opening the other menu closes an open one.
    let menus = MenuGroup::<2>::install();
    let menu = |index: usize, title: Msg, entries: Vec<(Permission, &'static str, Msg)>| {
        let entries: Vec<_> = entries
            .into_iter()
            .filter(|(p, _, _)| viewer.can(*p))
            .collect();
        (!entries.is_empty()).then(|| {
            view! {
                <details class="menu" node_ref=menus.0[index] on:toggle=menus.on_toggle(index)>
                    <summary>{t(title)}</summary>
                    <div class="menu-items">
                        {entries
                            .into_iter()
                            .map(|(_, href, label)| view! { <A href=href>{t(label)}</A> })
                            .collect_view()}
                    </div>
                </details>
            }
        })
    };
    let sales_menu = menu(0, Msg::NavSales, sales);
    let org_menu = menu(1, Msg::NavOrganisation, org);
    let audit = viewer
        .can(AuditView)
        .then(|| view! { <A href="/partner/audit">{t(Msg::NavAudit)}</A> });
    let credentials = viewer
        .can(ApiAccessKeysManage)
        .then(|| view! { <A href="/partner/credentials">{t(Msg::NavCredentials)}</A> });
    view! {
        <Header home="/partner" product=Msg::ProductName viewer=viewer.clone()/>
        <nav class="topnav" aria-label=t(Msg::MainNavigation)>
            <A href="/partner" exact=true>{t(Msg::Home)}</A>
            {sales_menu}
            {org_menu}
            {audit}
            {credentials}
            <A href="/partner/api">{t(Msg::NavApi)}</A>
        </nav>
    }
}
