//! Permission items and roles: the one list that guards menus, pages and server functions.
//!
//! A permission item names one menu action. Built-in roles are fixed sets of items; custom roles
//! are sets chosen by the partner. The rules for combining roles on a member live here, free of IO.

use super::i18n::Msg;
use serde::{Deserialize, Serialize};

macro_rules! permissions {
    ($($variant:ident => $code:literal, $label:ident),* $(,)?) => {
        /// One permission item. The code (`sales.customers.view`) is what is stored and shown.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Permission { $($variant),* }

        impl Permission {
            /// Every permission item, in menu order.
            pub const ALL: &'static [Permission] = &[$(Permission::$variant),*];

            pub fn code(self) -> &'static str {
                match self { $(Permission::$variant => $code),* }
            }

            pub fn from_code(code: &str) -> Option<Permission> {
                match code { $($code => Some(Permission::$variant),)* _ => None }
            }

            pub fn label(self) -> Msg {
                match self { $(Permission::$variant => Msg::$label),* }
            }
        }
    };
}

permissions! {
    SalesCustomersView => "sales.customers.view", PermSalesCustomersView,
    SalesCustomersAssign => "sales.customers.assign", PermSalesCustomersAssign,
    SalesCustomersInvite => "sales.customers.invite", PermSalesCustomersInvite,
    SalesCustomersAuthorize => "sales.customers.authorize", PermSalesCustomersAuthorize,
    SalesCustomersDisassociate => "sales.customers.disassociate", PermSalesCustomersDisassociate,
    SalesCustomersCreate => "sales.customers.create", PermSalesCustomersCreate,
    SalesCouponsView => "sales.coupons.view", PermSalesCouponsView,
    SalesCouponsIssue => "sales.coupons.issue", PermSalesCouponsIssue,
    SalesCouponsRecall => "sales.coupons.recall", PermSalesCouponsRecall,
    SalesCouponsQuotas => "sales.coupons.quotas", PermSalesCouponsQuotas,
    SalesFundsView => "sales.funds.view", PermSalesFundsView,
    SalesFundsAllocate => "sales.funds.allocate", PermSalesFundsAllocate,
    SalesFundsReclaim => "sales.funds.reclaim", PermSalesFundsReclaim,
    SalesConsumptionView => "sales.consumption.view", PermSalesConsumptionView,
    SalesBillsView => "sales.bills.view", PermSalesBillsView,
    SalesDataUnmask => "sales.data.unmask", PermSalesDataUnmask,
    OrgMembersView => "org.members.view", PermOrgMembersView,
    OrgMembersManage => "org.members.manage", PermOrgMembersManage,
    OrgRolesManage => "org.roles.manage", PermOrgRolesManage,
    AuditView => "audit.view", PermAuditView,
    ApiAccessKeysManage => "api.access_keys.manage", PermApiAccessKeysManage,
}

impl Permission {
    /// Items that only read: what the Read-only role holds.
    pub fn is_read_only(self) -> bool {
        self.code().ends_with(".view")
    }
}

/// The roles every partner has without creating them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BuiltinRole {
    Admin,
    CustomerManager,
    CustomerManagerSupervisor,
    Finance,
    CouponOperator,
    ReadOnly,
}

impl BuiltinRole {
    pub const ALL: &'static [BuiltinRole] = &[
        BuiltinRole::Admin,
        BuiltinRole::CustomerManager,
        BuiltinRole::CustomerManagerSupervisor,
        BuiltinRole::Finance,
        BuiltinRole::CouponOperator,
        BuiltinRole::ReadOnly,
    ];

    /// The stored key, also used in forms.
    pub fn key(self) -> &'static str {
        match self {
            BuiltinRole::Admin => "admin",
            BuiltinRole::CustomerManager => "customer_manager",
            BuiltinRole::CustomerManagerSupervisor => "customer_manager_supervisor",
            BuiltinRole::Finance => "finance",
            BuiltinRole::CouponOperator => "coupon_operator",
            BuiltinRole::ReadOnly => "read_only",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            BuiltinRole::Admin => Msg::RoleAdmin,
            BuiltinRole::CustomerManager => Msg::RoleCustomerManager,
            BuiltinRole::CustomerManagerSupervisor => Msg::RoleCustomerManagerSupervisor,
            BuiltinRole::Finance => Msg::RoleFinance,
            BuiltinRole::CouponOperator => Msg::RoleCouponOperator,
            BuiltinRole::ReadOnly => Msg::RoleReadOnly,
        }
    }

    pub fn from_key(key: &str) -> Option<BuiltinRole> {
        BuiltinRole::ALL.iter().copied().find(|r| r.key() == key)
    }

    /// The permission items a built-in role grants.
    pub fn permissions(self) -> Vec<Permission> {
        use Permission::*;
        match self {
            BuiltinRole::Admin => Permission::ALL.to_vec(),
            BuiltinRole::CustomerManager => vec![
                SalesCustomersView,
                SalesCustomersInvite,
                SalesCustomersAuthorize,
                SalesConsumptionView,
            ],
            BuiltinRole::CustomerManagerSupervisor => vec![
                SalesCustomersView,
                SalesCustomersAssign,
                SalesCustomersInvite,
                SalesCustomersAuthorize,
                SalesCustomersDisassociate,
                SalesConsumptionView,
                SalesBillsView,
            ],
            BuiltinRole::Finance => vec![
                SalesCustomersView,
                SalesFundsView,
                SalesFundsAllocate,
                SalesFundsReclaim,
                SalesConsumptionView,
                SalesBillsView,
            ],
            BuiltinRole::CouponOperator => vec![
                SalesCustomersView,
                SalesCouponsView,
                SalesCouponsIssue,
                SalesCouponsRecall,
                SalesCouponsQuotas,
            ],
            BuiltinRole::ReadOnly => Permission::ALL
                .iter()
                .copied()
                .filter(|p| p.is_read_only())
                .collect(),
        }
    }
}

/// A role held by a member: built-in, or one of the partner's custom roles (by id).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RoleRef {
    Builtin(BuiltinRole),
    Custom(String),
}

impl RoleRef {
    /// Form value: `builtin:admin` or `custom:<id>`.
    pub fn form_value(&self) -> String {
        match self {
            RoleRef::Builtin(r) => format!("builtin:{}", r.key()),
            RoleRef::Custom(id) => format!("custom:{id}"),
        }
    }

    pub fn parse_form_value(value: &str) -> Option<RoleRef> {
        if let Some(key) = value.strip_prefix("builtin:") {
            BuiltinRole::from_key(key).map(RoleRef::Builtin)
        } else {
            value
                .strip_prefix("custom:")
                .filter(|id| !id.is_empty() && id.len() <= 64)
                .map(|id| RoleRef::Custom(id.to_string()))
        }
    }
}

/// Why a set of roles cannot be given to a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoleRuleError {
    NoRole,
    TooManyRoles,
    DuplicateRole,
    AdminNotExclusive,
    ManagerWithSupervisor,
}

/// A member holds 1 to 3 distinct roles; Admin stands alone; Customer manager and Customer manager
/// supervisor exclude each other.
pub fn check_role_combination(roles: &[RoleRef]) -> Result<(), RoleRuleError> {
    if roles.is_empty() {
        return Err(RoleRuleError::NoRole);
    }
    if roles.len() > 3 {
        return Err(RoleRuleError::TooManyRoles);
    }
    for (i, role) in roles.iter().enumerate() {
        if roles[..i].contains(role) {
            return Err(RoleRuleError::DuplicateRole);
        }
    }
    let has = |r: BuiltinRole| roles.contains(&RoleRef::Builtin(r));
    if has(BuiltinRole::Admin) && roles.len() > 1 {
        return Err(RoleRuleError::AdminNotExclusive);
    }
    if has(BuiltinRole::CustomerManager) && has(BuiltinRole::CustomerManagerSupervisor) {
        return Err(RoleRuleError::ManagerWithSupervisor);
    }
    Ok(())
}

/// Which customers a partner user may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DataScope {
    /// Every customer of the partner (main account, and members without the Customer manager role).
    WholePartner,
    /// Only customers assigned to this member: holding the Customer manager role narrows the scope.
    AssignedCustomers,
}

pub fn data_scope_for(roles: &[RoleRef]) -> DataScope {
    if roles.contains(&RoleRef::Builtin(BuiltinRole::CustomerManager)) {
        DataScope::AssignedCustomers
    } else {
        DataScope::WholePartner
    }
}

/// The permission items of a set of roles; custom roles' items are looked up by the caller.
pub fn permissions_of(builtin: &[BuiltinRole], custom_items: &[Permission]) -> Vec<Permission> {
    let mut items: Vec<Permission> = builtin
        .iter()
        .flat_map(|r| r.permissions())
        .chain(custom_items.iter().copied())
        .collect();
    items.sort();
    items.dedup();
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use BuiltinRole::*;

    fn b(r: BuiltinRole) -> RoleRef {
        RoleRef::Builtin(r)
    }

    #[test]
    fn permission_codes_round_trip_and_are_unique() {
        for p in Permission::ALL {
            assert_eq!(Permission::from_code(p.code()), Some(*p));
        }
        let mut codes: Vec<_> = Permission::ALL.iter().map(|p| p.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), Permission::ALL.len());
        assert_eq!(Permission::from_code("sales.everything"), None);
    }

    #[test]
    fn a_member_needs_one_to_three_roles() {
        assert_eq!(check_role_combination(&[]), Err(RoleRuleError::NoRole));
        assert_eq!(check_role_combination(&[b(Finance)]), Ok(()));
        assert_eq!(
            check_role_combination(&[b(Finance), b(CouponOperator), b(ReadOnly)]),
            Ok(())
        );
        assert_eq!(
            check_role_combination(&[
                b(Finance),
                b(CouponOperator),
                b(ReadOnly),
                RoleRef::Custom("x".into())
            ]),
            Err(RoleRuleError::TooManyRoles)
        );
    }

    #[test]
    fn admin_is_exclusive_with_every_other_role() {
        assert_eq!(check_role_combination(&[b(Admin)]), Ok(()));
        for other in BuiltinRole::ALL.iter().filter(|r| **r != Admin) {
            assert_eq!(
                check_role_combination(&[b(Admin), b(*other)]),
                Err(RoleRuleError::AdminNotExclusive)
            );
        }
        assert_eq!(
            check_role_combination(&[RoleRef::Custom("c1".into()), b(Admin)]),
            Err(RoleRuleError::AdminNotExclusive)
        );
    }

    #[test]
    fn customer_manager_excludes_supervisor() {
        assert_eq!(
            check_role_combination(&[b(CustomerManager), b(CustomerManagerSupervisor)]),
            Err(RoleRuleError::ManagerWithSupervisor)
        );
        assert_eq!(
            check_role_combination(&[b(CustomerManager), b(Finance)]),
            Ok(())
        );
    }

    #[test]
    fn the_same_role_twice_is_refused() {
        assert_eq!(
            check_role_combination(&[b(Finance), b(Finance)]),
            Err(RoleRuleError::DuplicateRole)
        );
    }

    #[test]
    fn read_only_holds_only_view_items() {
        let items = ReadOnly.permissions();
        assert!(items.iter().all(|p| p.code().ends_with(".view")));
        assert!(!items.contains(&Permission::OrgMembersManage));
        assert!(items.contains(&Permission::AuditView));
    }

    #[test]
    fn admin_holds_every_item() {
        assert_eq!(Admin.permissions(), Permission::ALL.to_vec());
    }

    #[test]
    fn customer_manager_narrows_the_data_scope() {
        assert_eq!(
            data_scope_for(&[b(CustomerManager)]),
            DataScope::AssignedCustomers
        );
        assert_eq!(
            data_scope_for(&[b(CustomerManagerSupervisor)]),
            DataScope::WholePartner
        );
    }

    #[test]
    fn permissions_of_merges_without_duplicates() {
        let items = permissions_of(
            &[CustomerManager, CouponOperator],
            &[Permission::SalesCustomersView, Permission::AuditView],
        );
        assert_eq!(
            items,
            vec![
                Permission::SalesCustomersView,
                Permission::SalesCustomersInvite,
                Permission::SalesCustomersAuthorize,
                Permission::SalesCouponsView,
                Permission::SalesCouponsIssue,
                Permission::SalesCouponsRecall,
                Permission::SalesCouponsQuotas,
                Permission::SalesConsumptionView,
                Permission::AuditView
            ]
        );
    }

    #[test]
    fn role_form_values_round_trip() {
        for r in BuiltinRole::ALL {
            assert_eq!(RoleRef::parse_form_value(&b(*r).form_value()), Some(b(*r)));
        }
        let c = RoleRef::Custom("abc".into());
        assert_eq!(RoleRef::parse_form_value(&c.form_value()), Some(c));
        assert_eq!(RoleRef::parse_form_value("builtin:root"), None);
        assert_eq!(RoleRef::parse_form_value("custom:"), None);
    }
}
