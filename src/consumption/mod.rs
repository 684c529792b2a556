//! Consumption (客户消费): sub-customers' fee records by billing month, loaded by the operator
//! (CSV import) or the generator, summed in the load's own statement so that a summary is exact
//! and current; the partner's summary (by customer, product or month), its detail records, the
//! customer's own monthly bills, and the Huawei API's consumption operations.
//!
//! A record belongs to the partner the customer was associated with at the trade time; a
//! customer manager sees its customers' records from its assignment on; a customer manager
//! supervisor picks one manager to see.

#[cfg(feature = "ssr")]
pub mod dashboard;
#[cfg(feature = "ssr")]
pub mod figures;
#[cfg(feature = "ssr")]
pub mod generate;
#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub mod intake;
#[cfg(feature = "ssr")]
pub mod load;
mod loads;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod query;
pub mod rules;
mod server;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

pub use server::*;

use crate::core::i18n::Msg;
use chrono::{DateTime, Utc};
pub use loads::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How a resource is billed, with Huawei's codes (`charging_mode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChargeMode {
    /// 包年/包月
    Periodic,
    /// 按需
    OnDemand,
    /// 预留实例
    ReservedInstance,
    /// 节省计划
    SavingsPlan,
}

impl ChargeMode {
    pub const ALL: [ChargeMode; 4] = [
        ChargeMode::Periodic,
        ChargeMode::OnDemand,
        ChargeMode::ReservedInstance,
        ChargeMode::SavingsPlan,
    ];

    pub fn code(self) -> i16 {
        match self {
            ChargeMode::Periodic => 1,
            ChargeMode::OnDemand => 3,
            ChargeMode::ReservedInstance => 10,
            ChargeMode::SavingsPlan => 11,
        }
    }

    pub fn from_code(code: i64) -> Option<ChargeMode> {
        ChargeMode::ALL
            .into_iter()
            .find(|m| i64::from(m.code()) == code)
    }

    pub fn label(self) -> Msg {
        match self {
            ChargeMode::Periodic => Msg::ChargePeriodic,
            ChargeMode::OnDemand => Msg::ChargeOnDemand,
            ChargeMode::ReservedInstance => Msg::ChargeReserved,
            ChargeMode::SavingsPlan => Msg::ChargeSavingsPlan,
        }
    }
}

/// The cloud service types records name, with their labels (Huawei's `service_type_code`).
pub const SERVICE_TYPES: &[(&str, Msg)] = &[
    ("hws.service.type.ec2", Msg::ServiceEcs),
    ("hws.service.type.ebs", Msg::ServiceEvs),
    ("hws.service.type.obs", Msg::ServiceObs),
    ("hws.service.type.vpc", Msg::ServiceVpc),
    ("hws.service.type.rds", Msg::ServiceRds),
    ("hws.service.type.cdn", Msg::ServiceCdn),
];

/// The label of a service type code (the code itself when it is not one of ours).
pub fn service_label(code: &str) -> Option<Msg> {
    SERVICE_TYPES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, m)| *m)
}

/// What a summary's rows are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Grouping {
    Customer,
    Product,
    Month,
}

impl Grouping {
    pub const ALL: [Grouping; 3] = [Grouping::Customer, Grouping::Product, Grouping::Month];

    pub fn code(self) -> &'static str {
        match self {
            Grouping::Customer => "customer",
            Grouping::Product => "product",
            Grouping::Month => "month",
        }
    }

    pub fn parse(code: &str) -> Option<Grouping> {
        Grouping::ALL.into_iter().find(|g| g.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Grouping::Customer => Msg::ByCustomer,
            Grouping::Product => Msg::ByProduct,
            Grouping::Month => Msg::ByMonth,
        }
    }
}

/// The filters of the summary and the records, as the GET form sends them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConsumptionFilter {
    /// First billing cycle, `YYYY-MM` (default: the current one).
    pub from: Option<String>,
    /// Last billing cycle (default: `from`).
    pub to: Option<String>,
    /// A customer id or account name.
    pub customer: Option<String>,
    /// A customer manager's member id (a supervisor must name one).
    pub manager: Option<String>,
    /// `consulting` or `resale`.
    pub mode: Option<String>,
    pub service_type: Option<String>,
    /// Huawei's charging mode code.
    pub charge_mode: Option<String>,
    /// Rows with no spend are hidden unless this is `1`.
    pub show_zero: Option<String>,
    /// `customer`, `product` or `month`.
    pub group: Option<String>,
    pub page: Option<u32>,
}

/// Sums of records: list price, discount, and how the rest was paid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub records: i64,
    pub list: Decimal,
    pub discount: Decimal,
    pub coupon: Decimal,
    pub cash: Decimal,
    pub debt: Decimal,
}

impl Figures {
    /// What was due after discounts (应付金额): paid by coupons, cash and debt.
    pub fn due(&self) -> Decimal {
        self.list - self.discount
    }

    pub fn add(&mut self, other: &Figures) {
        self.records += other.records;
        self.list += other.list;
        self.discount += other.discount;
        self.coupon += other.coupon;
        self.cash += other.cash;
        self.debt += other.debt;
    }
}

/// One summary row: a customer, a service type or a month, with its sums.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryRow {
    /// The customer id, the service type code or the cycle.
    pub key: String,
    /// The customer's account name, the service's label key, or the cycle.
    pub label: String,
    pub figures: Figures,
}

/// A choice of the filter form (a manager, say): value and label.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryPage {
    /// A supervisor has not picked a manager yet: no figures, the form asks for one.
    pub pick_manager: bool,
    pub group: Grouping,
    pub from: String,
    pub to: String,
    pub rows: Vec<SummaryRow>,
    /// The sums of every row the filters match (not only this page's).
    pub totals: Figures,
    pub page: u32,
    pub page_size: u32,
    pub total: i64,
    /// The managers a supervisor picks from (empty for others).
    pub managers: Vec<Choice>,
    /// When the newest data was loaded ("data as of").
    pub as_of: Option<DateTime<Utc>>,
}

/// One fee record as the pages and the API show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordRow {
    pub record_id: String,
    pub cycle: String,
    pub customer_id: String,
    pub customer_name: String,
    pub association_mode: String,
    pub service_type: String,
    pub resource_type: String,
    pub resource_id: String,
    pub region: String,
    pub charge_mode: i16,
    pub usage: Decimal,
    pub usage_unit: String,
    pub list: Decimal,
    pub discount: Decimal,
    pub coupon: Decimal,
    pub cash: Decimal,
    pub debt: Decimal,
    pub trade_time: DateTime<Utc>,
    pub partner_id: Option<String>,
    pub manager_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordPage {
    /// A supervisor has not picked a manager yet: no figures, the form asks for one.
    pub pick_manager: bool,
    pub from: String,
    pub to: String,
    pub rows: Vec<RecordRow>,
    pub page: u32,
    pub page_size: u32,
    pub total: i64,
    pub managers: Vec<Choice>,
    pub as_of: Option<DateTime<Utc>>,
}

/// The dashboard (消费看板): totals, the last month against the one before, and its charts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// A supervisor has not picked a manager yet: no figures, the form asks for one.
    pub pick_manager: bool,
    pub from: String,
    pub to: String,
    pub totals: Figures,
    /// Customers with spend in the period.
    pub customers: i64,
    /// Due in the period's last month and in the month before it.
    pub this_month: Decimal,
    pub last_month: Decimal,
    /// Month over month, in per cent (none when the month before had nothing).
    pub change: Option<Decimal>,
    pub months: Vec<SummaryRow>,
    pub top_customers: Vec<SummaryRow>,
    pub products: Vec<SummaryRow>,
    pub managers: Vec<Choice>,
    pub as_of: Option<DateTime<Utc>>,
}

/// The customer's own bills: each month's sums by service, and the month's records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyBills {
    /// The months with spend, newest first, each with its total.
    pub months: Vec<SummaryRow>,
    /// The chosen month's sums by service type.
    pub cycle: String,
    pub by_service: Vec<SummaryRow>,
    pub records: Vec<RecordRow>,
    pub page: u32,
    pub page_size: u32,
    pub total: i64,
    pub as_of: Option<DateTime<Utc>>,
}

/// Rows per page of the summary and the records.
pub const PAGE_SIZE: u32 = 20;

/// Pages of records the records page pages through: beyond them a narrower filter or an export
/// (counting is most of the page's cost).
pub const RECORD_PAGES: u32 = 50;
