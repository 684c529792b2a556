//! Knowledge recommendations (知识推荐): products, industry cases and solutions the operator
//! publishes; a partner sees them on a customer's overview once that customer signed the latest
//! association notice.

pub mod pages;
mod server;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

pub use server::*;

use crate::core::i18n::Msg;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Category {
    Product,
    IndustryCase,
    Solution,
}

impl Category {
    pub const ALL: &'static [Category] = &[
        Category::Product,
        Category::IndustryCase,
        Category::Solution,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Category::Product => "product",
            Category::IndustryCase => "industry_case",
            Category::Solution => "solution",
        }
    }

    pub fn from_code(code: &str) -> Option<Category> {
        Category::ALL.iter().copied().find(|c| c.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Category::Product => Msg::KnowledgeProduct,
            Category::IndustryCase => Msg::KnowledgeIndustryCase,
            Category::Solution => Msg::KnowledgeSolution,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KnowledgeItem {
    pub id: String,
    pub category: Category,
    pub title: String,
    pub summary: String,
    pub link: String,
}
