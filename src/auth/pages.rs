//! The sign-in and sign-up pages.

use super::{SignInCustomer, SignInMember, SignInOperator, SignInPartner, SignUpCustomer};
use crate::core::i18n::{t, Msg};
use crate::ui::chrome::{LanguageSwitch, SkipLink, MAIN_ID};
use crate::ui::viewer::{use_viewer, ViewerNow};
use crate::ui::{error_of, Field, FormMessage, SelectField};
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// The frame of the sign-in pages: product name, language switch, a card.
#[component]
pub(crate) fn AuthFrame(title: Msg, children: Children) -> impl IntoView {
    view! {
        <div class="auth">
            <SkipLink/>
            <header class="auth-top">
                <a class="brand" href="/">{t(Msg::ProductName)}</a>
                <LanguageSwitch/>
            </header>
            <main id=MAIN_ID class="auth-card" tabindex="-1">
                <h1>{t(title)}</h1>
                {children()}
            </main>
        </div>
    }
}

/// The links to the other doors, under each sign-in form.
#[component]
fn OtherDoors() -> impl IntoView {
    view! {
        <nav class="other-doors">
            <a href="/signin/partner">{t(Msg::SignInPartner)}</a>
            <a href="/signin/iam">{t(Msg::SignInIam)}</a>
            <a href="/signin/customer">{t(Msg::SignInCustomer)}</a>
            <a href="/signin/operator">{t(Msg::SignInOperator)}</a>
        </nav>
    }
}

/// `/`: signed-in users go to their home; others choose a door.
#[component]
pub fn Landing() -> impl IntoView {
    let viewer = use_viewer();
    let home = Memo::new(move |_| match viewer.get() {
        ViewerNow::Known(Ok(Some(v))) => Some(v.kind.home_path()),
        _ => None,
    });
    move || match home.get() {
        Some(path) => view! { <Redirect path/> }.into_any(),
        None => view! {
            <AuthFrame title=Msg::WelcomeBack>
                <p class="lead">{t(Msg::WelcomeLead)}</p>
                <div class="doors">
                    <a class="door" href="/signin/partner">{t(Msg::SignInPartner)}</a>
                    <a class="door" href="/signin/iam">{t(Msg::SignInIam)}</a>
                    <a class="door" href="/signin/customer">{t(Msg::SignInCustomer)}</a>
                    <a class="door" href="/signin/operator">{t(Msg::SignInOperator)}</a>
                </div>
                <p>{t(Msg::NoAccountYet)}" "<a href="/signup">{t(Msg::SignUpCustomer)}</a></p>
            </AuthFrame>
        }
        .into_any(),
    }
}

/// A sign-in page with the fields of its door; the forms differ only in fields and action.
macro_rules! sign_in_page {
    ($name:ident, $action:ty, $title:expr, [$(($label:expr, $field:literal, $kind:literal, $auto:literal)),*], $inside:expr, $after:expr) => {
        #[component]
        pub fn $name() -> impl IntoView {
            let action = ServerAction::<$action>::new();
            let error = error_of(action);
            view! {
                <AuthFrame title=$title>
                    <ActionForm action=action attr:class="form">
                        <FormMessage error/>
                        $(<Field label=$label name=$field kind=$kind error autocomplete=$auto required=true/>)*
                        {$inside}
                        <button type="submit" class="primary">{t(Msg::SignIn)}</button>
                    </ActionForm>
                    {$after}
                    <OtherDoors/>
                </AuthFrame>
            }
        }
    };
}

sign_in_page!(
    SignInPartnerPage,
    SignInPartner,
    Msg::SignInPartner,
    [
        (Msg::AccountName, "account_name", "text", "username"),
        (Msg::Password, "password", "password", "current-password")
    ],
    (),
    ()
);

sign_in_page!(
    SignInMemberPage,
    SignInMember,
    Msg::SignInIam,
    [
        (
            Msg::PartnerAccountName,
            "partner_account",
            "text",
            "organization"
        ),
        (Msg::UserName, "user_name", "text", "username"),
        (Msg::Password, "password", "password", "current-password")
    ],
    (),
    ()
);

sign_in_page!(
    SignInCustomerPage,
    SignInCustomer,
    Msg::SignInCustomer,
    [
        (Msg::AccountName, "account_name", "text", "username"),
        (Msg::Password, "password", "password", "current-password")
    ],
    view! { <NextField/> },
    view! { <p>{t(Msg::NoAccountYet)}" "<a href="/signup">{t(Msg::SignUpCustomer)}</a></p> }
);

/// Carries `?next=` (where to go after signing in, e.g. back to an invitation link) into the form.
#[component]
fn NextField() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    move || {
        query
            .read()
            .get("next")
            .map(|next| view! { <input type="hidden" name="next" value=next/> })
    }
}

sign_in_page!(
    SignInOperatorPage,
    SignInOperator,
    Msg::SignInOperator,
    [
        (Msg::AccountName, "account_name", "text", "username"),
        (Msg::Password, "password", "password", "current-password")
    ],
    (),
    ()
);

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUpCustomer>::new();
    let error = error_of(action);
    let kinds = vec![
        ("individual".to_string(), t(Msg::KindIndividual).to_string()),
        ("enterprise".to_string(), t(Msg::KindEnterprise).to_string()),
    ];
    view! {
        <AuthFrame title=Msg::SignUpCustomer>
            <ActionForm action=action attr:class="form">
                <FormMessage error/>
                <Field label=Msg::AccountName name="account_name" error autocomplete="username" required=true/>
                <Field label=Msg::DisplayName name="display_name" error autocomplete="name" required=true/>
                <SelectField label=Msg::CustomerKind.into() name="kind" options=kinds error/>
                <Field label=Msg::Password name="password" kind="password" error autocomplete="new-password" required=true/>
                <Field label=Msg::ConfirmPassword name="confirm_password" kind="password" error autocomplete="new-password" required=true/>
                <button type="submit" class="primary">{t(Msg::SignUp)}</button>
            </ActionForm>
            <p>{t(Msg::HaveAccount)}" "<a href="/signin/customer">{t(Msg::SignInCustomer)}</a></p>
        </AuthFrame>
    }
}
