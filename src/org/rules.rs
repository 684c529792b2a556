//! Who may act on whom in the organisation, free of IO.
//!
//! A member may give only what it holds, and may act on another member (create, re-role,
//! disable, enable, delete, reset its password) or on a role only if everything the target may do
//! and see lies within its own rights: every permission item, and the data scope. The main account
//! may act on anyone. Nobody reaches more through someone else.

use crate::core::actor::Actor;
use crate::core::error::{AppError, FieldErrors};
use crate::core::i18n::{Msg, Text};
use crate::core::permissions::{check_role_combination, DataScope, Permission, RoleRef};
use crate::core::validate::{parse_display_name, AccountName, NewPassword};
use crate::core::viewer::ActorKind;

/// What a member (or a member holding a set of roles) may do and see.
#[derive(Clone, Debug, PartialEq)]
pub struct Rights {
    pub items: Vec<Permission>,
    pub scope: DataScope,
    /// Customers assigned to the member; with a narrowed scope, these are what it sees.
    pub assigned_customers: i64,
}

/// Whether every item of `granted` is the actor's to give.
pub fn may_grant(actor: &Actor, granted: &[Permission]) -> bool {
    actor.kind == ActorKind::PartnerMain || granted.iter().all(|p| actor.permissions.contains(p))
}

/// Whether the target's rights lie within the actor's: all its items, and its data scope. A
/// narrowed scope (a customer manager's assigned customers) covers only a target that reaches no
/// customer at all: another manager's customers are not its own.
pub fn within_rights(actor: &Actor, target: &Rights) -> bool {
    if actor.kind == ActorKind::PartnerMain {
        return true;
    }
    let scope_within = match (actor.scope, target.scope) {
        (DataScope::WholePartner, _) => true,
        (DataScope::AssignedCustomers, DataScope::AssignedCustomers) => {
            target.assigned_customers == 0
        }
        (DataScope::AssignedCustomers, DataScope::WholePartner) => false,
    };
    scope_within && may_grant(actor, &target.items)
}

/// The refusal when a target lies beyond the actor's rights.
pub fn beyond_rights() -> AppError {
    AppError::Refused(Text::new(Msg::ErrTargetBeyondRights))
}

/// The refusal when the roles or items chosen would give more than the actor holds.
pub fn no_escalation(field: &str) -> AppError {
    AppError::field(field, Msg::ErrNoEscalation)
}

/// A member cannot disable, delete or re-role itself: it would lock itself out mid-action.
pub fn not_self(actor: &Actor, member: uuid::Uuid) -> Result<(), AppError> {
    if actor.member_id() == Some(member) {
        Err(AppError::Refused(Text::new(Msg::ErrNotYourself)))
    } else {
        Ok(())
    }
}

/// The non-empty role choices of a form (`builtin:admin`, `custom:<id>`).
pub fn parse_roles(choices: [Option<String>; 3]) -> Result<Vec<RoleRef>, AppError> {
    let mut roles = Vec::new();
    for choice in choices
        .into_iter()
        .flatten()
        .filter(|c| !c.trim().is_empty())
    {
        match RoleRef::parse_form_value(choice.trim()) {
            Some(role) => roles.push(role),
            None => return Err(AppError::field("roles", Msg::ErrUnknownRole)),
        }
    }
    check_role_combination(&roles)?;
    Ok(roles)
}

/// Parses the chosen item codes; unknown codes are refused rather than dropped.
pub fn parse_items(codes: &[String]) -> Result<Vec<Permission>, Text> {
    let mut items = Vec::new();
    for code in codes.iter().filter(|c| !c.is_empty()) {
        items.push(Permission::from_code(code).ok_or_else(|| Text::new(Msg::ErrBadChoice))?);
    }
    items.sort();
    items.dedup();
    if items.is_empty() {
        Err(Msg::ErrNoPermissionItems.into())
    } else {
        Ok(items)
    }
}

pub struct NewMember {
    pub user_name: AccountName,
    pub display_name: String,
    pub password: NewPassword,
    pub roles: Vec<RoleRef>,
}

impl NewMember {
    pub fn parse(
        user_name: &str,
        display_name: &str,
        password: &str,
        roles: [Option<String>; 3],
    ) -> Result<NewMember, AppError> {
        let mut errors = FieldErrors::new();
        let user_name = errors.check("user_name", AccountName::parse(user_name));
        let display_name = errors.check("display_name", parse_display_name(display_name));
        let password = errors.check("password", NewPassword::parse(password));
        let roles = match parse_roles(roles) {
            Ok(roles) => Some(roles),
            Err(AppError::Invalid(mut role_errors)) => {
                let e = role_errors.remove(0);
                errors.add(&e.field, e.text);
                None
            }
            Err(other) => return Err(other),
        };
        errors.into_result()?;
        match (user_name, display_name, password, roles) {
            (Some(user_name), Some(display_name), Some(password), Some(roles)) => Ok(NewMember {
                user_name,
                display_name,
                password,
                roles,
            }),
            _ => Err(AppError::Internal),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::permissions::BuiltinRole;
    use Permission::*;

    fn member(items: &[Permission], scope: DataScope) -> Actor {
        Actor {
            kind: ActorKind::Member,
            id: uuid::Uuid::new_v4(),
            partner_id: Some(uuid::Uuid::new_v4()),
            name: "m".into(),
            display_name: "m".into(),
            partner_name: None,
            partner_type: None,
            permissions: items.to_vec(),
            scope,
        }
    }

    fn rights(items: &[Permission], scope: DataScope, assigned: i64) -> Rights {
        Rights {
            items: items.to_vec(),
            scope,
            assigned_customers: assigned,
        }
    }

    #[test]
    fn a_member_with_one_item_cannot_act_on_an_admin() {
        let manager = member(&[OrgMembersManage], DataScope::WholePartner);
        let admin = rights(Permission::ALL, DataScope::WholePartner, 0);
        assert!(!within_rights(&manager, &admin));
        let peer = rights(&[OrgMembersManage], DataScope::WholePartner, 0);
        assert!(within_rights(&manager, &peer));
    }

    #[test]
    fn a_customer_manager_covers_no_wider_scope_and_no_other_managers_customers() {
        let cm = member(
            &[OrgMembersManage, SalesCustomersView],
            DataScope::AssignedCustomers,
        );
        let whole = rights(&[SalesCustomersView], DataScope::WholePartner, 0);
        assert!(!within_rights(&cm, &whole));
        let other_manager = rights(&[SalesCustomersView], DataScope::AssignedCustomers, 3);
        assert!(!within_rights(&cm, &other_manager));
        let new_manager = rights(&[SalesCustomersView], DataScope::AssignedCustomers, 0);
        assert!(within_rights(&cm, &new_manager));
    }

    #[test]
    fn the_main_account_acts_on_anyone() {
        let mut main = member(&[], DataScope::WholePartner);
        main.kind = ActorKind::PartnerMain;
        assert!(within_rights(
            &main,
            &rights(Permission::ALL, DataScope::WholePartner, 9)
        ));
        assert!(may_grant(&main, Permission::ALL));
    }

    #[test]
    fn empty_role_choices_are_skipped_and_rules_apply() {
        let roles = parse_roles([Some("builtin:finance".into()), Some("".into()), None]).unwrap();
        assert_eq!(roles, vec![RoleRef::Builtin(BuiltinRole::Finance)]);
        assert!(parse_roles([None, None, None]).is_err());
        assert!(parse_roles([
            Some("builtin:admin".into()),
            Some("builtin:finance".into()),
            None
        ])
        .is_err());
        assert!(parse_roles([Some("builtin:root".into()), None, None]).is_err());
    }

    #[test]
    fn items_must_be_known_and_at_least_one() {
        assert_eq!(
            parse_items(&["audit.view".into(), "audit.view".into()]).unwrap(),
            vec![AuditView]
        );
        assert_eq!(parse_items(&[]).unwrap_err().msg, Msg::ErrNoPermissionItems);
        assert_eq!(
            parse_items(&["x.y".into()]).unwrap_err().msg,
            Msg::ErrBadChoice
        );
    }

    #[test]
    fn new_member_reports_fields_and_roles_together() {
        let Err(AppError::Invalid(errors)) = NewMember::parse("", "", "", [None, None, None])
        else {
            panic!("expected field errors");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["user_name", "display_name", "password", "roles"]);
    }
}
