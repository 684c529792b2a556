//! Access keys, the API and the foundation's second pass.

macro_rules! api {
    ([$next:ident $(, $rest:ident)*] $($lines:tt)*) => {
        $next! { [$($rest),*] $($lines)*
    // Access keys and the API
    NavCredentials => "我的凭证", "My credentials";
    CredentialsTitle => "我的凭证", "My credentials";
    CredentialsLead => "访问密钥（AK/SK）用于调用与华为云 BSS 伙伴 API 兼容的接口，拥有您本人的权限与数据范围。每人最多 2 个。", "Access keys (AK/SK) call the Huawei-compatible BSS partner API with exactly your permissions and data scope. At most 2 per user.";
    CustomerCredentialsLead => "访问密钥（AK/SK）用于以您本人的账号调用与华为云 BSS 兼容的接口：查询您自己的优惠券（list_sub_customer_coupons），domain_id 填下方的账号 ID。最多 2 个。", "Access keys (AK/SK) call the Huawei-compatible BSS API as your own account: list your own coupons (list_sub_customer_coupons), with the account ID below as domain_id. At most 2.";
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
    ApiListPartnerBalances => "查询伙伴账户余额；总经销商可用 indirect_partner_id 查询云经销商的余额。", "The partner's account balance; a tier-1 distributor reads a tier-2 reseller's with indirect_partner_id.";
    ApiAllocate => "向代售客户拨款（同一 X-Client-Token 的重试只执行一次）。", "Allocates to a resale customer (a retry with the same X-Client-Token is applied once).";
    ApiReclaim => "回收代售客户的余额，不会产生欠款。", "Reclaims from a resale customer's balance, never into debt.";
    ApiAdjustRecords => "查询调账记录（拨款、回收、解绑回收），按客户、类型、时间和交易 ID 筛选。", "Adjustment records (allocations, reclaims, returns on disassociation), by customer, type, time and transaction ID.";
    ApiAccountChanges => "查询伙伴账户收支明细（北京时间日期）。", "The partner account's changes, by Beijing date.";
    ApiCustomersBalances => "批量查询代售客户的余额与欠款（最多 100 个）。", "Balances and debts of up to 100 resale customers.";
    ApiResellerAllocate => "总经销商向云经销商拨款。", "A tier-1 distributor allocates to a tier-2 reseller.";
    ApiResellerReclaim => "总经销商回收云经销商的余额。", "A tier-1 distributor reclaims from a tier-2 reseller.";
    ApiQuotas => "查询伙伴持有的优惠券额度。", "The coupon quotas the partner holds.";
    ApiQuotaRecords => "总经销商查询向云经销商发放和回收额度的记录。", "A tier-1 distributor's records of quota granted to and reclaimed from its resellers.";
    ApiGrantQuotas => "总经销商向最多 100 个云经销商发放代金券额度，逐个返回结果。", "A tier-1 distributor grants voucher quota to up to 100 resellers, with each one's outcome.";
    ApiReclaimQuotas => "总经销商回收最多 10 个云经销商额度的剩余金额。", "A tier-1 distributor reclaims what up to 10 reseller quotas hold.";
    ApiGrantedQuotas => "总经销商查询已发放给云经销商的额度。", "The quotas a tier-1 distributor granted its resellers.";
    ApiIssueCoupons => "从额度向最多 100 个代售客户发放优惠券，逐个返回结果。", "Issues coupons from a quota to up to 100 resale customers, with each one's outcome.";
    ApiIssuedCoupons => "查询已发放的优惠券（状态为当前状态）。", "The coupons issued, with their status as of now.";
    ApiRecallCoupon => "回收一张可使用的优惠券，余额退回额度。", "Recalls a usable coupon; its balance returns to the quota.";
    ApiCouponRecords => "查询优惠券操作记录，包括失败的发放。", "Coupon operation records, refused issues included.";
    ApiMyCoupons => "客户查询自己的优惠券（需客户本人的访问密钥）。", "A customer's own coupons (with the customer's own access key).";
    ApiConsumeSubCustomers => "查询某账期有消费的客户（按消费从高到低）。", "The customers with spend in a billing cycle, highest first.";
    ApiBillDetail => "查询客户某账期的消费明细（费用流水）。", "Customers' fee records in a billing cycle.";
    ApiMonthlyBills => "查询某账期按客户、产品和计费模式的消费汇总，与明细之和精确到分。", "A billing cycle's sums by customer, service and billing mode, equal to the records to the cent.";
    ApiCustomerKey => "客户本人", "The customer itself";
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
    };
}
