//! Who the demo data holds: partners, members and their roles, a custom role, the names customers
//! are made from, and the passwords of each kind of account.

use crate::core::permissions::Permission;
use crate::core::viewer::PartnerType;

pub(super) const SEED: u64 = 20_261_123;
pub(super) const OPERATOR_PASSWORD: &str = "Operator#2026demo";
pub(super) const PARTNER_PASSWORD: &str = "Partner#2026demo";
pub(super) const MEMBER_PASSWORD: &str = "Member#2026demo";
pub(super) const CUSTOMER_PASSWORD: &str = "Customer#2026demo";

pub(super) struct PartnerSpec {
    pub(super) account: &'static str,
    pub(super) name: &'static str,
    pub(super) kind: PartnerType,
    pub(super) distributor: Option<&'static str>,
    pub(super) customers: usize,
}

pub(super) const PARTNERS: &[PartnerSpec] = &[
    PartnerSpec {
        account: "huadong-dist",
        name: "华东云科技总经销",
        kind: PartnerType::Distributor,
        distributor: None,
        customers: 30,
    },
    PartnerSpec {
        account: "jiangsu-reseller",
        name: "江苏云帆经销",
        kind: PartnerType::Reseller,
        distributor: Some("huadong-dist"),
        customers: 35,
    },
    PartnerSpec {
        account: "zhejiang-reseller",
        name: "浙江数海经销",
        kind: PartnerType::Reseller,
        distributor: Some("huadong-dist"),
        customers: 25,
    },
    PartnerSpec {
        account: "yunfan-tech",
        name: "云帆科技解决方案",
        kind: PartnerType::SolutionProvider,
        distributor: None,
        customers: 70,
    },
    PartnerSpec {
        account: "lanhai-solutions",
        name: "蓝海智能方案",
        kind: PartnerType::SolutionProvider,
        distributor: None,
        customers: 30,
    },
];

/// Members: (partner, user name, display name, roles). `auditor` is the custom role below.
pub(super) const MEMBERS: &[(&str, &str, &str, &[&str])] = &[
    ("yunfan-tech", "li.admin", "李管理", &["admin"]),
    (
        "yunfan-tech",
        "wang.manager",
        "王客户经理",
        &["customer_manager"],
    ),
    (
        "yunfan-tech",
        "zhou.supervisor",
        "周主管",
        &["customer_manager_supervisor"],
    ),
    ("yunfan-tech", "zhao.finance", "赵财务", &["finance"]),
    (
        "yunfan-tech",
        "sun.coupons",
        "孙优惠券",
        &["coupon_operator", "read_only"],
    ),
    ("yunfan-tech", "qian.readonly", "钱只读", &["read_only"]),
    ("yunfan-tech", "wu.auditor", "吴审计", &["auditor"]),
    ("huadong-dist", "chen.admin", "陈管理", &["admin"]),
    (
        "huadong-dist",
        "lin.finance",
        "林财务",
        &["finance", "customer_manager"],
    ),
];

pub(super) const CUSTOM_ROLE: (&str, &str, &[Permission]) = (
    "yunfan-tech",
    "审计员 Auditor",
    &[Permission::AuditView, Permission::OrgMembersView],
);

pub(super) const SURNAMES: &[&str] = &[
    "zhang", "li", "wang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma",
    "zhu", "hu",
];
pub(super) const COMPANIES: &[&str] = &[
    "星辰", "远航", "青松", "海纳", "瑞丰", "博远", "启明", "华信", "鼎盛", "锦程",
];

/// Unassociated customers, registered recently, for association journeys.
pub(super) const FREE_CUSTOMERS: usize = 10;
