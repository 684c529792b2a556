//! Invitations, joining, agreements, disassociation, authorizations and the customer overview.

macro_rules! relationships {
    ([$next:ident $(, $rest:ident)*] $($lines:tt)*) => {
        $next! { [$($rest),*] $($lines)*
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
    IneligibleUnpaidBills => "您有未结清的账单（欠款 {amount} 元）。请先在“余额”中还清欠款，再关联合作伙伴。", "You have unpaid bills ({amount} yuan owed). Pay them first (Account Centre › Balance), then join the partner.";
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
        }
    };
}
