//! The message catalogue: one line per label, Simplified Chinese then English.

use super::Lang;
use serde::{Deserialize, Serialize};

macro_rules! catalogue {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        /// A key of the catalogue.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Msg { $($key),* }

        impl Msg {
            pub fn text(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::Zh => match self { $(Msg::$key => $zh),* },
                    Lang::En => match self { $(Msg::$key => $en),* },
                }
            }
        }
    };
}

catalogue! {
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
    // Invitation links
    NavInvitations => "邀请链接", "Invitation links";
    InvitationsTitle => "邀请链接", "Invitation links";
    InvitationsLead => "生成邀请链接或二维码发给客户：新客户通过链接注册并关联，已注册 7 天内的客户登录后确认关联。", "Send customers a link or QR code: new customers register and are associated through it; customers registered within 7 days sign in and confirm.";
    CreateInvitation => "生成邀请链接", "Create invitation link";
    ValidDays => "有效天数（1–90）", "Valid for days (1–90)";
    MaxUsesOptional => "使用次数上限（可选）", "Use limit (optional)";
    InvitationUrl => "链接", "Link";
    QrCode => "二维码", "QR code";
    CopyLink => "复制链接", "Copy link";
    Revoke => "撤销", "Revoke";
    LinkExpires => "有效期至", "Valid until";
    Uses => "已使用次数", "Times used";
    CreatedBy => "创建人", "Created by";
    NoInvitations => "还没有邀请链接", "No invitation links yet";
    LinkActive => "有效", "Active";
    LinkExpired => "已过期", "Expired";
    LinkRevoked => "已撤销", "Revoked";
    LinkUsedUp => "已用完", "Used up";
    ErrNumberRange => "请输入 {min} 到 {max} 之间的整数", "Enter a whole number from {min} to {max}";
    // Joining through a link
    JoinTitle => "关联合作伙伴", "Associate with a partner";
    LinkNotFound => "邀请链接不存在。请向合作伙伴索取正确的链接。", "This invitation link does not exist. Ask the partner for the right link.";
    CannotAssociate => "暂时无法关联：", "The association cannot be made yet:";
    IneligibleLinkExpired => "邀请链接已过期。请联系合作伙伴获取新的链接。", "The invitation link has expired. Ask the partner for a new link.";
    IneligibleLinkRevoked => "邀请链接已被合作伙伴撤销。请联系合作伙伴获取新的链接。", "The partner has revoked this invitation link. Ask the partner for a new link.";
    IneligibleLinkUsedUp => "邀请链接的使用次数已达上限。请联系合作伙伴获取新的链接。", "The invitation link has been used as often as allowed. Ask the partner for a new link.";
    IneligibleAlreadyAssociated => "您已关联合作伙伴“{partner}”。如需更换，请先在“我的合作伙伴”中解除关联。", "You are already associated with “{partner}”. To switch, first end that association in My Partners.";
    IneligibleRegisteredLongAgo => "您的账号注册于 {date}，注册超过 {days} 天的账号无法通过邀请链接关联。请联系合作伙伴通过平台运营办理关联。", "Your account was registered on {date}; accounts registered more than {days} days ago cannot join through a link. Ask the partner to arrange the association with the platform operator.";
    IneligibleNoticeNotAccepted => "请阅读《客户关联合作伙伴须知》并勾选“我已阅读并同意”。", "Read the Customer–Partner Association Notice and tick “I have read and agree”.";
    ErrAlreadyAssociated => "您已关联合作伙伴。", "You are already associated with a partner.";
    JoinAs => "以此账号关联：", "Associate this account:";
    AssociateNow => "确认关联", "Associate";
    RegisterAndAssociate => "注册并关联", "Register and associate";
    SignInToJoin => "登录后关联", "Sign in to associate";
    SignOutToJoin => "您当前以伙伴或运营身份登录。请先退出，再以客户身份注册或登录。", "You are signed in as a partner or operator. Sign out first, then register or sign in as a customer.";
    // Agreements
    AgreementsTitle => "协议管理", "Agreement management";
    NoticeTitle => "客户关联合作伙伴须知", "Customer–Partner Association Notice";
    NewNoticeToSign => "《客户关联合作伙伴须知》有新版本，请阅读并签署。", "A new version of the Customer–Partner Association Notice is waiting for your signature.";
    SignNow => "立即签署", "Sign now";
    IHaveReadAndAgree => "我已阅读并同意", "I have read and agree";
    ErrMustAgree => "请勾选“我已阅读并同意”", "Tick “I have read and agree”";
    ErrNoticeSuperseded => "须知已发布新版本，请阅读新版本后再签署。", "A newer version of the notice was published; read it before signing.";
    SignedAgreements => "已签署的协议", "Signed agreements";
    NoSignedAgreements => "还没有签署的协议", "No signed agreements yet";
    AgreementName => "协议名称", "Agreement";
    Version => "版本", "Version";
    SignedAt => "签署时间", "Signed at";
    Content => "内容", "Content";
    ViewContent => "查看内容", "View content";
    AgreementVersionsTitle => "协议版本", "Agreement versions";
    PublishVersion => "发布新版本", "Publish a new version";
    ContentMarkdown => "内容（Markdown）", "Content (Markdown)";
    Publish => "发布", "Publish";
    PublishedAt => "发布时间", "Published at";
    NoVersions => "还没有发布任何版本", "No version published yet";
    AgreementState => "须知签署状态", "Association notice";
    NoticeSigned => "已签署最新版本", "Latest version signed";
    NoticeNotSigned => "未签署最新版本", "Latest version not signed";
    // Disassociation
    Disassociation => "解除关联", "Disassociation";
    RequestDisassociation => "申请解除关联", "Request disassociation";
    DisassociationRule => "解除关联需对方确认；每位客户每 3 个月可申请一次。", "The other side confirms a disassociation; a customer may file one request every 3 months.";
    ErrDisassociationTooSoon => "每 3 个月只能申请一次解除关联，{date} 起可再次申请。", "One disassociation request per 3 months: you can file the next on {date}.";
    ErrRequestPending => "已有一个待确认的解除关联申请。", "A disassociation request is already waiting for an answer.";
    PartnerAsksToPart => "合作伙伴申请与您解除关联，请确认或拒绝。", "Your partner asks to end the association. Confirm or decline.";
    CustomerAsksToLeave => "客户申请解除关联，等待您确认。", "The customer asks to end the association and waits for your answer.";
    WaitingForPartner => "您的解除关联申请等待合作伙伴确认。", "Your disassociation request waits for the partner's answer.";
    WaitingForCustomer => "解除关联申请等待客户确认。", "The disassociation request waits for the customer's answer.";
    ConfirmDisassociation => "确认解除关联", "Confirm disassociation";
    Decline => "拒绝", "Decline";
    // Authorizations
    AuthorizationsTitle => "授权管理", "Authorization management";
    AuthorizationsLead => "合作伙伴在操作您的资源或订单前需要您的授权。您可以批准、拒绝，或随时撤销已批准的授权。", "Your partner needs your authorization before it acts on your resources or orders. Approve, reject, or revoke an approved one at any time.";
    NoAuthorizations => "没有授权申请", "No authorization requests";
    RequestAuthorization => "申请授权", "Request authorization";
    SendRequest => "发送申请", "Send request";
    Scopes => "授权范围", "Scopes";
    ScopeViewResources => "查看资源", "View resources";
    ScopeManageResources => "管理资源", "Manage resources";
    ScopeManageOrders => "管理订单", "Manage orders";
    ScopeViewBills => "查看账单", "View bills";
    EndsOn => "授权截止日期", "Ends on";
    RequestedAt => "申请时间", "Requested";
    RevokeReason => "撤销原因", "Reason for revoking";
    Approve => "批准", "Approve";
    Reject => "拒绝", "Reject";
    AuthPending => "待审批", "Pending";
    AuthApproved => "已授权", "Approved";
    AuthRejected => "已拒绝", "Rejected";
    AuthRevoked => "已撤销", "Revoked";
    AuthExpired => "已过期", "Expired";
    PartnerActivity => "合作伙伴在授权期间的操作", "What the partner did under this authorization";
    ErrChooseScope => "请至少选择一项授权范围", "Choose at least one scope";
    ErrEndDateFuture => "截止日期须晚于今天", "The end date must be after today";
    ErrEndDateTooFar => "授权期限最长 2 年", "An authorization lasts at most 2 years";
    ErrAuthorizationResaleOnly => "只有代售客户需要授权。", "Only resale customers grant authorizations.";
    ErrAuthorizationPending => "已有一个待审批的授权申请。", "An authorization request is already pending.";
    ErrAuthorizationExpired => "该申请已超过 90 天未处理，已过期。", "This request went unanswered for 90 days and has expired.";
    ErrAuthorizationAnswered => "该申请已处理。", "This request has already been answered.";
    ErrAuthorizationNotActive => "只能撤销生效中的授权。", "Only an active authorization can be revoked.";
    ErrNotAuthorized => "客户没有授予此操作所需的授权（{scope}）。", "The customer has not authorized this ({scope}).";
    // Customer overview
    CustomerId => "客户 ID", "Customer ID";
    OwnCustomers => "本伙伴的客户", "Our own customers";
    ResellerCustomers => "二级经销商", "Tier-2 reseller";
    KnowledgeTitle => "知识推荐", "Knowledge recommendations";
    KnowledgeHidden => "客户签署最新版《客户关联合作伙伴须知》后才显示知识推荐。", "Knowledge recommendations appear once the customer has signed the latest Customer–Partner Association Notice.";
    NoKnowledge => "暂无知识推荐", "No recommendations yet";
    KnowledgeProduct => "产品", "Product";
    KnowledgeIndustryCase => "行业案例", "Industry case";
    KnowledgeSolution => "解决方案", "Solution";
    // Operator
    NavKnowledge => "知识推荐", "Knowledge";
    NavAssociations => "关联关系", "Associations";
    CreateKnowledge => "新增推荐", "Add a recommendation";
    Category => "类别", "Category";
    Title => "标题", "Title";
    Summary => "摘要", "Summary";
    Link => "链接", "Link";
    ErrBadLink => "链接须以 http:// 或 https:// 开头", "A link starts with http:// or https://";
    SearchPartnerOrCustomer => "伙伴或客户账号", "Partner or customer account";
    // Audit actions of relationships
    ActInvitationCreate => "生成邀请链接", "Invitation link created";
    ActInvitationRevoke => "撤销邀请链接", "Invitation link revoked";
    ActCustomerAssociate => "客户关联", "Customer associated";
    ActDisassociationRequest => "申请解除关联", "Disassociation requested";
    ActDisassociationConfirm => "确认解除关联", "Disassociation confirmed";
    ActDisassociationDecline => "拒绝解除关联", "Disassociation declined";
    ActAuthorizationRequest => "申请授权", "Authorization requested";
    ActAuthorizationApprove => "批准授权", "Authorization approved";
    ActAuthorizationReject => "拒绝授权", "Authorization rejected";
    ActAuthorizationRevoke => "撤销授权", "Authorization revoked";
    ActAgreementPublish => "发布协议版本", "Agreement version published";
    ActAgreementSign => "签署协议", "Agreement signed";
    ActKnowledgeCreate => "新增知识推荐", "Recommendation added";
    ActKnowledgeDelete => "删除知识推荐", "Recommendation deleted";
    PermSalesCustomersInvite => "邀请客户", "Invite customers";
    PermSalesCustomersAuthorize => "申请客户授权", "Request customer authorizations";
    PermSalesCustomersDisassociate => "解除客户关联", "Disassociate customers";
    AccountActivity => "账号操作记录", "Activity on your account";
    // Access keys and the API
    NavCredentials => "我的凭证", "My credentials";
    CredentialsTitle => "我的凭证", "My credentials";
    CredentialsLead => "访问密钥（AK/SK）用于调用与华为云 BSS 伙伴 API 兼容的接口，拥有您本人的权限与数据范围。每人最多 2 个。", "Access keys (AK/SK) call the Huawei-compatible BSS partner API with exactly your permissions and data scope. At most 2 per user.";
    CreateAccessKey => "新增访问密钥", "Create access key";
    KeyDescription => "描述", "Description";
    SecretShownOnce => "请立即保存 SK：它只显示这一次。", "Save the SK now: it is shown this once.";
    NoAccessKeys => "还没有访问密钥", "No access keys yet";
    DomainId => "账号 ID（SDK 的 domain_id）", "Account ID (the SDK's domain_id)";
    LastUsed => "最近使用", "Last used";
    ErrTooManyKeys => "每人最多 {max} 个访问密钥，请先删除一个。", "At most {max} access keys per user: delete one first.";
    PermSalesCustomersCreate => "创建客户（API）", "Create customers (API)";
    PermApiAccessKeysManage => "管理自己的访问密钥", "Manage own access keys";
    ActCustomerCreate => "创建客户", "Customer created";
    ActAccessKeyCreate => "新增访问密钥", "Access key created";
    ActAccessKeyDisable => "停用访问密钥", "Access key disabled";
    ActAccessKeyEnable => "启用访问密钥", "Access key enabled";
    ActAccessKeyDelete => "删除访问密钥", "Access key deleted";
    NavApi => "API", "API";
    ApiTitle => "API 参考", "API reference";
    ApiLead => "Partner Centre 提供与华为云 BSS 伙伴 API 相同的路径、字段与错误码：把官方 SDK 的 endpoint 指向本系统，domain_id 填账号 ID，即可沿用现有代码。", "Partner Centre serves the same paths, fields and error codes as Huawei Cloud's BSS partner API: point the official SDK's endpoint here, give the account ID as domain_id, and existing code works unchanged.";
    ApiSigning => "请求以 SDK-HMAC-SHA256 签名（访问密钥见“我的凭证”），密钥拥有其用户的权限与数据范围。", "Requests are signed with SDK-HMAC-SHA256 (access keys under My credentials); a key acts with its user's permissions and data scope.";
    ApiLimits => "X-Sdk-Date 须在服务器时间前后 {window} 分钟内；每个密钥每秒限流（默认 50 次，可突发 100 次），超出返回 429 CBC.0250 与 Retry-After；列表 limit 为 1–100，文本字段最长 64 字符，时间为 UTC。", "X-Sdk-Date must be within {window} minutes of the server's clock; each key is rate-limited (50 requests a second by default, bursts of 100), beyond which 429 CBC.0250 with Retry-After; list limits are 1–100, text fields at most 64 characters, times in UTC.";
    ApiErrors => "错误以 {\"error_code\", \"error_msg\"} 返回：400 CBC.0100 参数错误，401 CBC.0105 / CBC.0154 凭证无效或过期，403 CBC.0151 无权限，429 CBC.0250 流控，500 CBC.0999。", "Errors come as {\"error_code\", \"error_msg\"}: 400 CBC.0100 bad parameter, 401 CBC.0105 / CBC.0154 invalid or expired credentials, 403 CBC.0151 access denied, 429 CBC.0250 flow control, 500 CBC.0999.";
    ApiEndpoint => "接口", "Endpoint";
    ApiSdkMethod => "SDK 方法", "SDK method";
    ApiPermission => "所需权限项", "Permission item";
    ApiWhat => "说明", "What it does";
    ApiListSubCustomers => "查询客户列表：按账号名、实名名称、客户 ID、关联类型、关联时间筛选；总经销商可用 indirect_partner_id 查询云经销商的客户。", "Lists customers, filtered by account name, real name, customer ID, association type and association time; a tier-1 distributor lists a tier-2 reseller's customers with indirect_partner_id.";
    ApiCreateSubCustomer => "创建客户并与伙伴关联（cooperation_type 1 为顾问销售，否则代售）。", "Creates a customer associated with the partner (cooperation_type 1: consulting, otherwise resale).";
    ApiListIndirectPartners => "总经销商查询其云经销商。", "A tier-1 distributor lists its tier-2 resellers.";
    WithdrawRequest => "撤回申请", "Withdraw the request";
    ActDisassociationWithdraw => "撤回解除关联申请", "Disassociation request withdrawn";
    // Foundation, second pass
    ErrMoneyFormat => "金额应为数字，例如 100 或 99.50", "Amounts are plain numbers such as 100 or 99.50";
    ErrMoneyPositive => "金额必须大于 0", "The amount must be more than 0";
    ErrMoneyDecimals => "金额最多保留 2 位小数", "At most 2 decimal places";
    ErrMoneyTooLarge => "金额不能超过 {max} 元", "At most {max} yuan";
    ErrDateRange => "日期应在 {first} 至 {last} 之间", "Dates lie between {first} and {last}";
    ErrBadCycle => "账期格式应为 YYYY-MM", "Billing cycles look like YYYY-MM";
    ErrBadId => "ID 只能包含字母、数字、- 和 _", "IDs hold only letters, digits, - and _";
    ErrControlCharacters => "不能包含控制字符", "Control characters are not allowed";
    ErrTargetBeyondRights => "该人员或角色的权限或数据范围超出了您自己的，您不能操作", "That member or role has rights or a data scope beyond your own, so you cannot change it";
    ActRoleUpdate => "修改角色", "Role changed";
    TotalRecords => "共 {total} 条", "{total} in all";
    FirstPage => "首页", "First";
    LastPage => "末页", "Last";
    EditRole => "编辑角色", "Edit role";
    SaveRole => "保存角色", "Save role";
    BeyondYourRights => "超出您的权限", "Beyond your rights";
    SkipToContent => "跳到正文", "Skip to content";
    ErrInvalidFilters => "以下条件无法使用：", "These values cannot be used:";
    ClearFilters => "清除筛选条件", "Clear the filters";
    ErrBadInput => "输入中有无法处理的字符或数值，请检查后重试", "Some input holds characters or numbers that cannot be used; check it and try again";
}
