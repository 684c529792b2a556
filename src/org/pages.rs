//! Organisation › Members and Roles.

use super::{
    list_custom_roles, list_members, CreateMember, CreateRole, CustomRole, DeleteMember,
    DeleteRole, DisableMember, EnableMember, MemberSummary, ResetMemberPassword, RoleLabel,
    SetMemberRoles, UpdateRole,
};
use crate::core::i18n::{t, use_lang, Lang, Msg, Text};
use crate::core::permissions::{BuiltinRole, Permission};
use crate::core::time::format_local;
use crate::ui::{
    entered_lang, error_of, succeeded, ErrorPage, Field, FormMessage, SavedMessage, SelectField,
};
use leptos::prelude::*;

fn role_text(role: &RoleLabel, lang: Lang) -> String {
    match role {
        RoleLabel::Builtin(r) => r.label().text(lang).to_string(),
        RoleLabel::Custom { name, .. } => name.clone(),
    }
}

/// The three role selects of the member forms, preselected with `current`.
#[component]
fn RoleSelects(
    roles: Vec<RoleLabel>,
    current: Vec<RoleLabel>,
    #[prop(into)] error: Signal<Option<crate::core::error::AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let mut options = vec![(String::new(), Msg::RoleNone.text(lang).to_string())];
    options.extend(roles.iter().map(|r| (r.form_value(), role_text(r, lang))));
    let names = ["role1", "role2", "role3"];
    let lang_label = move |n: usize| Text::new(Msg::RoleN).arg("n", n);
    view! {
        <div class="role-selects">
            {names
                .into_iter()
                .enumerate()
                .map(|(i, name)| {
                    let selected = current.get(i).map(|r| r.form_value()).unwrap_or_default();
                    // The rule messages belong to the role set; show them under the first select.
                    let field_error = Signal::derive(move || if i == 0 { error.get() } else { None });
                    view! {
                        <SelectField label=lang_label(i + 1) name=name options=options.clone() error=field_error selected=selected/>
                    }
                })
                .collect_view()}
            {move || error.get().and_then(|e| e.field_message("roles", lang)).map(|m| view! { <p class="field-error">{m}</p> })}
        </div>
    }
}

#[component]
pub fn Members() -> impl IntoView {
    let create = ServerAction::<CreateMember>::new();
    let roles_action = ServerAction::<SetMemberRoles>::new();
    let disable = ServerAction::<DisableMember>::new();
    let enable = ServerAction::<EnableMember>::new();
    let delete = ServerAction::<DeleteMember>::new();
    let reset = ServerAction::<ResetMemberPassword>::new();
    let page = Resource::new(
        move || {
            (
                create.version().get(),
                roles_action.version().get(),
                disable.version().get(),
                enable.version().get(),
                delete.version().get(),
                reset.version().get(),
            )
        },
        |_| list_members(),
    );
    let create_error = error_of(create);
    // Row actions share one message area above the table.
    let row_error = Signal::derive(move || {
        [
            error_of(roles_action).get(),
            error_of(disable).get(),
            error_of(enable).get(),
            error_of(delete).get(),
            error_of(reset).get(),
        ]
        .into_iter()
        .flatten()
        .next()
    });
    let row_done = Signal::derive(move || succeeded(roles_action).get() || succeeded(reset).get());
    let lang = use_lang();
    view! {
        <h1>{t(Msg::MembersTitle)}</h1>
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(p) => {
                        let roles = p.roles.clone();
                        let can_manage = p.can_manage;
                        let create_form = can_manage.then(|| {
                            let roles = roles.clone();
                            view! {
                                <details class="panel" open=create_error.get().is_some()>
                                    <summary>{t(Msg::CreateMember)}</summary>
                                    <ActionForm action=create attr:class="form grid">
                                        <FormMessage error=create_error/>
                                        <Field label=Msg::UserName name="user_name" error=create_error required=true/>
                                        <Field label=Msg::DisplayName name="display_name" error=create_error required=true/>
                                        <Field label=Msg::Password name="password" kind="password" error=create_error autocomplete="new-password" required=true/>
                                        <RoleSelects roles=roles current=vec![] error=create_error/>
                                        <button type="submit" class="primary">{t(Msg::Create)}</button>
                                    </ActionForm>
                                </details>
                            }
                        });
                        let empty = p.members.is_empty().then(|| view! { <p class="empty">{t(Msg::NoMembers)}</p> });
                        let rows = p
                            .members
                            .into_iter()
                            .map(|m| view! {
                                <MemberRow member=m roles=roles.clone() can_manage roles_action disable enable delete reset/>
                            })
                            .collect_view();
                        view! {
                            {create_form}
                            <FormMessage error=row_error/>
                            <SavedMessage done=row_done/>
                            <div class="table-wrap">
                                <table>
                                    <thead>
                                        <tr>
                                            <th>{Msg::UserName.text(lang)}</th>
                                            <th>{Msg::DisplayName.text(lang)}</th>
                                            <th>{Msg::Roles.text(lang)}</th>
                                            <th>{Msg::Status.text(lang)}</th>
                                            <th>{Msg::CreatedAt.text(lang)}</th>
                                            {can_manage.then(|| view! { <th>{Msg::Actions.text(lang)}</th> })}
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                            {empty}
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn MemberRow(
    member: MemberSummary,
    roles: Vec<RoleLabel>,
    can_manage: bool,
    roles_action: ServerAction<SetMemberRoles>,
    disable: ServerAction<DisableMember>,
    enable: ServerAction<EnableMember>,
    delete: ServerAction<DeleteMember>,
    reset: ServerAction<ResetMemberPassword>,
) -> impl IntoView {
    let lang = use_lang();
    let role_names = member
        .roles
        .iter()
        .map(|r| role_text(r, lang))
        .collect::<Vec<_>>()
        .join("、");
    let status = if member.active {
        Msg::StatusActive
    } else {
        Msg::StatusDisabled
    };
    let id = member.id;
    // Members beyond the caller's rights (and the caller itself) keep a cell without actions.
    let beyond = (can_manage && !member.manageable)
        .then(|| view! { <td class="muted">{t(Msg::BeyondYourRights)}</td> });
    let actions = (can_manage && member.manageable).then(|| {
        let [toggle_id, roles_id, reset_id, delete_id] = std::array::from_fn(|_| id.clone());
        let no_error = Signal::derive(|| None);
        let toggle = if member.active {
            view! {
                <ActionForm action=disable attr:class="inline">
                    <input type="hidden" name="member_id" value=toggle_id/>
                    <button type="submit">{t(Msg::Disable)}</button>
                </ActionForm>
            }
            .into_any()
        } else {
            view! {
                <ActionForm action=enable attr:class="inline">
                    <input type="hidden" name="member_id" value=toggle_id/>
                    <button type="submit">{t(Msg::Enable)}</button>
                </ActionForm>
            }
            .into_any()
        };
        view! {
            <td>
                <details class="row-actions">
                    <summary>{t(Msg::Actions)}</summary>
                    <div class="row-actions-body">
                        <ActionForm action=roles_action attr:class="form">
                            <input type="hidden" name="member_id" value=roles_id/>
                            <RoleSelects roles=roles current=member.roles.clone() error=no_error/>
                            <button type="submit">{t(Msg::SaveRoles)}</button>
                        </ActionForm>
                        {toggle}
                        <ActionForm action=reset attr:class="form">
                            <input type="hidden" name="member_id" value=reset_id/>
                            <Field label=Msg::NewPassword name="new_password" kind="password" error=no_error autocomplete="new-password"/>
                            <button type="submit">{t(Msg::ResetPassword)}</button>
                        </ActionForm>
                        <ActionForm action=delete attr:class="form">
                            <input type="hidden" name="member_id" value=delete_id/>
                            <label class="check"><input type="checkbox" name="confirm" value="yes"/>{t(Msg::ConfirmDelete)}</label>
                            <button type="submit" class="danger">{t(Msg::Delete)}</button>
                        </ActionForm>
                    </div>
                </details>
            </td>
        }
    });
    view! {
        <tr data-member=member.user_name.clone()>
            <td>{member.user_name.clone()}</td>
            <td lang=entered_lang(&member.display_name)>{member.display_name.clone()}</td>
            <td>{role_names}</td>
            <td><span class=if member.active { "badge ok" } else { "badge off" }>{t(status)}</span></td>
            <td>{format_local(member.created_at)}</td>
            {actions}
            {beyond}
        </tr>
    }
}

#[component]
pub fn RolesPage() -> impl IntoView {
    let create = ServerAction::<CreateRole>::new();
    let update = ServerAction::<UpdateRole>::new();
    let delete = ServerAction::<DeleteRole>::new();
    let roles = Resource::new(
        move || {
            (
                create.version().get(),
                update.version().get(),
                delete.version().get(),
            )
        },
        |_| list_custom_roles(),
    );
    let create_error = error_of(create);
    let update_error = error_of(update);
    let delete_error = error_of(delete);
    let lang = use_lang();
    let item_list = move |items: Vec<Permission>| {
        items
            .iter()
            .map(|p| p.label().text(lang))
            .collect::<Vec<_>>()
            .join("、")
    };
    let builtin_rows = BuiltinRole::ALL
        .iter()
        .map(|r| view! { <tr><td>{r.label().text(lang)}</td><td>{item_list(r.permissions())}</td></tr> })
        .collect_view();
    view! {
        <h1>{t(Msg::NavRoles)}</h1>
        <h2>{t(Msg::BuiltinRoles)}</h2>
        <div class="table-wrap">
            <table>
                <thead><tr><th>{t(Msg::RoleName)}</th><th>{t(Msg::PermissionItems)}</th></tr></thead>
                <tbody>{builtin_rows}</tbody>
            </table>
        </div>
        <h2>{t(Msg::CustomRoles)}</h2>
        <details class="panel" open=create_error.get_untracked().is_some()>
            <summary>{t(Msg::CreateRole)}</summary>
            <ActionForm action=create attr:class="form">
                <FormMessage error=create_error/>
                <Field label=Msg::RoleName name="name" error=create_error required=true/>
                <ItemChecks chosen=vec![] error=create_error/>
                <button type="submit" class="primary">{t(Msg::Create)}</button>
            </ActionForm>
        </details>
        <FormMessage error=update_error/>
        <FormMessage error=delete_error/>
        <Suspense fallback=|| view! { <div class="loading" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match roles.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="empty">{t(Msg::NoCustomRoles)}</p> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-wrap">
                            <table>
                                <thead><tr><th>{t(Msg::RoleName)}</th><th>{t(Msg::PermissionItems)}</th><th>{t(Msg::MemberCount)}</th><th>{t(Msg::Actions)}</th></tr></thead>
                                <tbody>
                                    {list.into_iter().map(|r| view! {
                                        <tr>
                                            <td>{r.name.clone()}</td>
                                            <td>{item_list(r.items.clone())}</td>
                                            <td>{r.member_count}</td>
                                            <RoleActions role=r update delete/>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The permission items as checkboxes (`items[N]=code`), `chosen` ticked, with the field's message.
#[component]
fn ItemChecks(
    chosen: Vec<Permission>,
    #[prop(into)] error: Signal<Option<crate::core::error::AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <fieldset class="checks">
            <legend>{t(Msg::PermissionItems)}</legend>
            {Permission::ALL
                .iter()
                .enumerate()
                .map(|(i, p)| view! {
                    <label class="check">
                        <input type="checkbox" name=format!("items[{i}]") value=p.code() checked=chosen.contains(p)/>
                        {p.label().text(lang)}" "<code>{p.code()}</code>
                    </label>
                })
                .collect_view()}
            {move || error.get().and_then(|e| e.field_message("items", lang)).map(|m| view! { <span class="field-error">{m}</span> })}
        </fieldset>
    }
}

/// Editing and deleting a custom role, for a caller holding every item the role gives.
#[component]
fn RoleActions(
    role: CustomRole,
    update: ServerAction<UpdateRole>,
    delete: ServerAction<DeleteRole>,
) -> impl IntoView {
    if !role.editable {
        return view! { <td class="muted">{t(Msg::BeyondYourRights)}</td> }.into_any();
    }
    let no_error = Signal::derive(|| None);
    let delete_id = role.id.clone();
    view! {
        <td>
            <details class="row-actions">
                <summary>{t(Msg::EditRole)}</summary>
                <div class="row-actions-body">
                    <ActionForm action=update attr:class="form">
                        <input type="hidden" name="role_id" value=role.id/>
                        <Field label=Msg::RoleName name="name" error=no_error value=role.name.clone() required=true/>
                        <ItemChecks chosen=role.items.clone() error=no_error/>
                        <button type="submit">{t(Msg::SaveRole)}</button>
                    </ActionForm>
                </div>
            </details>
            <ActionForm action=delete attr:class="inline">
                <input type="hidden" name="role_id" value=delete_id/>
                <button type="submit" class="danger">{t(Msg::Delete)}</button>
            </ActionForm>
        </td>
    }
    .into_any()
}
