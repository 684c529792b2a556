//! Members, roles, permission items, the audit log, the account centre and the operator.

macro_rules! organisation {
    ([$next:ident $(, $rest:ident)*] $($lines:tt)*) => {
        $next! { [$($rest),*] $($lines)*
    // Members and roles
    MembersTitle => "组织人员", "Organisation members";
    CreateMember => "创建人员", "Create member";
    Roles => "角色", "Roles";
    RoleN => "角色 {n}", "Role {n}";
    RoleNone => "—", "—";
    Status => "状态", "Status";
    StatusActive => "正常", "Active";
    StatusDisabled => "已停用", "Disabled";
    CreatedAt => "创建时间", "Created";
    Actions => "操作", "Actions";
    Disable => "停用", "Disable";
    Enable => "启用", "Enable";
    Delete => "删除", "Delete";
    ConfirmDelete => "我确认删除", "I confirm the deletion";
    ResetPassword => "重置密码", "Reset password";
    NewPassword => "新密码", "New password";
    SaveRoles => "保存角色", "Save roles";
    Save => "保存", "Save";
    Create => "创建", "Create";
    Saved => "已保存", "Saved";
    NoMembers => "还没有组织人员", "No members yet";
    RoleAdmin => "管理员", "Admin";
    RoleCustomerManager => "客户经理", "Customer manager";
    RoleCustomerManagerSupervisor => "客户经理主管", "Customer manager supervisor";
    RoleFinance => "财务", "Finance";
    RoleCouponOperator => "优惠券操作员", "Coupon operator";
    RoleReadOnly => "只读", "Read-only";
    CustomRoles => "自定义角色", "Custom roles";
    BuiltinRoles => "内置角色", "Built-in roles";
    CreateRole => "创建自定义角色", "Create custom role";
    RoleName => "角色名称", "Role name";
    PermissionItems => "权限项", "Permission items";
    NoCustomRoles => "还没有自定义角色", "No custom roles yet";
    MemberCount => "人员数", "Members";
    // Permission item labels
    PermSalesCustomersView => "查看客户", "View customers";
    PermSalesCustomersAssign => "分配客户经理", "Assign customer managers";
    PermSalesCouponsView => "查看优惠券", "View coupons";
    PermSalesFundsView => "查看资金", "View funds";
    PermSalesConsumptionView => "查看消费", "View consumption";
    PermSalesBillsView => "查看账单", "View bills";
    PermOrgMembersView => "查看组织人员", "View members";
    PermOrgMembersManage => "管理组织人员", "Manage members";
    PermOrgRolesManage => "管理角色", "Manage roles";
    PermAuditView => "查看审计日志", "View audit log";
    PermSalesDataUnmask => "导出不脱敏的个人信息", "Export personal data unmasked";
    // Audit
    AuditTitle => "审计日志", "Audit log";
    AuditTime => "时间", "Time";
    AuditActor => "操作人", "Actor";
    AuditAction => "操作", "Action";
    AuditTarget => "对象", "Target";
    AuditOutcome => "结果", "Outcome";
    AuditSource => "来源地址", "Source address";
    AuditFrom => "开始日期", "From";
    AuditTo => "结束日期", "To";
    AuditAllActors => "全部操作人", "All actors";
    AuditAllActions => "全部操作", "All actions";
    AuditMainAccount => "主账号", "Main account";
    Filter => "筛选", "Filter";
    OutcomeSuccess => "成功", "Success";
    OutcomeFailure => "失败", "Failure";
    NoRecords => "没有符合条件的记录", "No matching records";
    Pagination => "分页", "Pagination";
    PrevPage => "上一页", "Previous";
    NextPage => "下一页", "Next";
    PageOf => "第 {page} 页，共 {total} 条", "Page {page}, {total} in all";
    DefaultLast7Days => "默认显示最近 7 天", "Shows the last 7 days by default";
    // Customer account centre
    MyPartnersTitle => "我的合作伙伴", "My Partners";
    NoPartner => "您目前没有关联合作伙伴。", "You are not associated with a partner.";
    PartnerName => "合作伙伴名称", "Partner name";
    AssociationMode => "关联模式", "Association mode";
    AssociatedSince => "关联时间", "Associated since";
    PastPartners => "历史合作伙伴", "Past partners";
    AssociationEnded => "解除关联时间", "Association ended";
    CustomerHomeTitle => "账号中心", "Account Centre";
    RegisteredAt => "注册时间", "Registered";
    // Operator
    PartnersTitle => "伙伴管理", "Partners";
    CreatePartner => "创建伙伴", "Create partner";
    Customers => "客户数", "Customers";
    NoDistributor => "—", "—";
    NoPartners => "还没有伙伴", "No partners yet";
    // Audit actions
    ActSignIn => "登录", "Signed in";
    ActSignInFailed => "登录失败", "Sign-in failed";
    ActSignOut => "退出登录", "Signed out";
    ActCustomerSignUp => "客户注册", "Customer signed up";
    ActMemberCreate => "创建人员", "Member created";
    ActMemberDisable => "停用人员", "Member disabled";
    ActMemberEnable => "启用人员", "Member enabled";
    ActMemberDelete => "删除人员", "Member deleted";
    ActMemberResetPassword => "重置密码", "Password reset";
    ActMemberSetRoles => "修改角色", "Roles changed";
    ActRoleCreate => "创建角色", "Role created";
    ActRoleDelete => "删除角色", "Role deleted";
    ActPartnerCreate => "创建伙伴", "Partner created";
        }
    };
}
