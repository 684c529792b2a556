//! The shells, sign-in, errors, home and the customer list.

macro_rules! shell {
    ([$next:ident $(, $rest:ident)*] $($lines:tt)*) => {
        $next! { [$($rest),*] $($lines)*
    // Product and shells
    ProductName => "伙伴中心", "Partner Centre";
    AccountCentre => "账号中心", "Account Centre";
    OperatorConsole => "运营控制台", "Operator Console";
    SwitchLanguage => "English", "中文";
    SignOut => "退出登录", "Sign out";
    MainNavigation => "主导航", "Main navigation";
    Home => "首页", "Home";
    // Partner navigation
    NavSales => "销售", "Sales";
    NavCustomers => "客户管理", "Customers";
    NavCoupons => "优惠券", "Coupons";
    NavFunds => "资金管理", "Funds";
    NavConsumption => "消费记录", "Consumption";
    NavBills => "账单", "Bills";
    NavOrganisation => "组织管理", "Organisation";
    NavMembers => "组织人员", "Members";
    NavRoles => "角色", "Roles";
    NavAudit => "审计日志", "Audit log";
    // Customer navigation
    NavMyPartners => "我的合作伙伴", "My Partners";
    NavAuthorizations => "授权管理", "Authorizations";
    NavAgreements => "协议管理", "Agreements";
    NavOrders => "订单管理", "Orders";
    NavBalance => "余额", "Balance";
    // Operator navigation
    NavPartners => "伙伴管理", "Partners";
    NavQuotas => "额度管理", "Quotas";
    NavDataImport => "数据导入", "Data import";
    // Sign-in
    SignIn => "登录", "Sign in";
    SignInAs => "选择登录方式", "Choose how to sign in";
    SignInPartner => "伙伴主账号登录", "Partner main account";
    SignInIam => "IAM用户登录", "IAM user login";
    SignInCustomer => "客户登录", "Customer sign-in";
    SignInOperator => "运营人员登录", "Operator sign-in";
    SignUpCustomer => "注册客户账号", "Create a customer account";
    AccountName => "账号名", "Account name";
    PartnerAccountName => "伙伴账号名", "Partner account name";
    UserName => "用户名", "User name";
    Password => "密码", "Password";
    ConfirmPassword => "确认密码", "Confirm password";
    DisplayName => "显示名称", "Display name";
    CustomerKind => "客户类型", "Customer type";
    KindIndividual => "个人", "Individual";
    KindEnterprise => "企业", "Enterprise";
    SignUp => "注册", "Sign up";
    NoAccountYet => "还没有账号？", "No account yet?";
    HaveAccount => "已有账号？", "Already have an account?";
    WelcomeBack => "欢迎使用伙伴中心", "Welcome to Partner Centre";
    WelcomeLead => "管理客户、资金、优惠券与账单，为您的客户提供服务。", "Manage your customers, funds, coupons and bills, and serve your customers.";
    // Errors
    ErrRequired => "此项为必填项", "This field is required";
    ErrTooLong => "不能超过 {max} 个字符", "At most {max} characters";
    ErrAccountNameFormat => "账号名须为 3–32 位字母、数字、-、_ 或 .，以字母开头", "3–32 letters, digits, -, _ or ., starting with a letter";
    ErrPasswordWeak => "密码须为 10–128 位，且包含英文字母（A–Z）和数字", "Passwords need 10–128 characters with letters (A–Z) and digits";
    ErrPasswordMismatch => "两次输入的密码不一致", "The passwords do not match";
    ErrBadCredentials => "账号名或密码错误", "Wrong account name or password";
    ErrThrottled => "登录失败次数过多，请 {minutes} 分钟后再试", "Too many failed sign-ins. Try again in {minutes} minutes";
    ErrNotSignedIn => "请先登录", "Please sign in first";
    ErrForbidden => "您没有执行此操作的权限", "You do not have permission for this";
    ErrNotFound => "未找到该对象", "Not found";
    ErrInternal => "系统繁忙，请稍后再试", "Something went wrong on our side. Please try again";
    ErrNameTaken => "该名称已被使用", "This name is already taken";
    ErrRoleNone => "请至少选择一个角色", "Choose at least one role";
    ErrRoleTooMany => "最多选择 3 个角色", "Choose at most 3 roles";
    ErrRoleDuplicate => "同一角色不能重复选择", "A role can be chosen only once";
    ErrRoleAdminExclusive => "管理员角色不能与其他角色同时选择", "Admin cannot be combined with other roles";
    ErrRoleManagerSupervisor => "客户经理与客户经理主管不能同时选择", "Customer manager and Customer manager supervisor exclude each other";
    ErrNoEscalation => "您只能授予自己拥有的权限", "You can only give permissions you hold yourself";
    ErrNotYourself => "不能对自己的账号执行此操作", "You cannot do this to your own account";
    ErrUnknownRole => "角色不存在", "Unknown role";
    ErrNoPermissionItems => "请至少选择一个权限项", "Choose at least one permission item";
    ErrRoleInUse => "该角色仍被 {count} 名人员使用，无法删除", "This role is still held by {count} members and cannot be deleted";
    ErrDistributorRequired => "二级经销商必须选择所属总经销商", "A tier-2 reseller needs its tier-1 distributor";
    ErrDistributorNotAllowed => "只有二级经销商有所属总经销商", "Only a tier-2 reseller has a distributor";
    ErrBadDate => "日期格式应为 YYYY-MM-DD", "Dates look like YYYY-MM-DD";
    ErrBadChoice => "请选择列表中的一项", "Choose one of the listed options";
    ErrCrossOrigin => "请求来源不被允许", "Cross-origin request refused";
    Forbidden => "无权访问", "Access denied";
    ForbiddenLead => "您的角色不包含访问此页面的权限。如需访问，请联系伙伴主账号或管理员。", "Your roles do not include this page. Ask your partner's main account or an admin.";
    NotFoundTitle => "页面不存在", "Page not found";
    NotFoundLead => "您访问的页面不存在或已被移除。", "The page you asked for does not exist.";
    ServerErrorTitle => "出错了", "Something went wrong";
    BackHome => "返回首页", "Back to home";
    // Home
    HomeTitle => "伙伴中心首页", "Partner Centre home";
    PartnerType => "伙伴类型", "Partner type";
    TypeSolutionProvider => "解决方案提供商", "Solution provider";
    TypeDistributor => "总经销商", "Tier-1 distributor";
    TypeReseller => "云经销商", "Tier-2 reseller";
    Distributor => "所属总经销商", "Distributor";
    FigCustomers => "客户总数", "Customers";
    FigResale => "代售客户", "Resale customers";
    FigConsulting => "顾问销售客户", "Consulting customers";
    FigNewCustomers30 => "近 30 天新关联", "Associated in the last 30 days";
    FigMembers => "组织人员", "Members";
    FigResellers => "云经销商", "Tier-2 resellers";
    FigResellerCustomers => "云经销商的客户", "Resellers' customers";
    FigScopeNote => "数据范围：仅您负责的客户", "Scope: only the customers assigned to you";
    DataAsOf => "数据截至", "Data as of";
    ModeResale => "代售", "Resale";
    ModeConsulting => "顾问销售", "Consulting";
    // Empty states
    NotBuiltYet => "此功能尚在建设中", "This capability is not built yet";
    NotBuiltLead => "此页面将在后续版本中提供。这里不会显示任何示例数据。", "This page arrives in a later release. It shows no sample data meanwhile.";
    // Customers
    SearchCustomer => "账号名或客户ID", "Account name or customer ID";
    FilterAll => "全部", "All";
    AssociatedFrom => "关联开始日期", "Associated from";
    AssociatedTo => "关联结束日期", "Associated to";
    SortBy => "排序", "Sort by";
    SortNewest => "关联时间（新→旧）", "Newest association first";
    SortOldest => "关联时间（旧→新）", "Oldest association first";
    SortName => "账号名", "Account name";
    ExportCsv => "导出 CSV", "Export CSV";
    AssignTo => "分配给客户经理", "Assign to customer manager";
    Unassigned => "（取消分配）", "(no customer manager)";
    Assign => "分配所选客户", "Assign selected customers";
    SelectCustomer => "选择", "Select";
    ErrNoCustomersChosen => "请至少选择一个客户", "Choose at least one customer";
    ErrTooManyCustomers => "每次最多 {max} 个客户", "At most {max} customers at a time";
    ActCustomerAssign => "分配客户经理", "Customer manager assigned";
        }
    };
}
