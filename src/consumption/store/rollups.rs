//! The rollups of the sums: per customer and month, and per product (service type and billing
//! mode) and month. A load's statements add to the sums chunk by chunk and return what they
//! added; the load gathers it here and adds it to the rollups once, at its end, in key order.
//! Every load takes the rollups' rows in the same order and holds them only from its end to
//! its commit, so loads of one partner and month wait for each other briefly and never deadlock
//! on them (a chunk-by-chunk upsert would take the busy product rows early and in any order).

use crate::consumption::Figures;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::PgConnection;
use std::collections::BTreeMap;
use uuid::Uuid;

/// What a chunk added, at the sums' grain (partner, cycle, customer, service type, billing
/// mode, association mode); a record of no partner has neither partner nor mode.
pub struct AddedSum {
    pub partner_id: Option<Uuid>,
    pub cycle: NaiveDate,
    pub customer_id: Uuid,
    pub service_type: String,
    pub charge_mode: i16,
    pub association_mode: Option<String>,
    pub figures: Figures,
}

/// What a load added so far, per customer and month and per product and month.
#[derive(Default)]
pub struct Rollups {
    customers: BTreeMap<(Uuid, NaiveDate, Uuid, String), Figures>,
    products: BTreeMap<(Uuid, NaiveDate, String, i16, String), Figures>,
}

impl Rollups {
    /// Adds what a chunk added; records of no partner are in no partner's figures.
    pub fn add(&mut self, sum: AddedSum) {
        let (Some(partner), Some(mode)) = (sum.partner_id, sum.association_mode) else {
            return;
        };
        self.customers
            .entry((partner, sum.cycle, sum.customer_id, mode.clone()))
            .or_default()
            .add(&sum.figures);
        self.products
            .entry((partner, sum.cycle, sum.service_type, sum.charge_mode, mode))
            .or_default()
            .add(&sum.figures);
    }
}

/// The figures as columns, for `unnest`.
#[derive(Default)]
struct Amounts {
    records: Vec<i64>,
    list: Vec<Decimal>,
    discount: Vec<Decimal>,
    coupon: Vec<Decimal>,
    cash: Vec<Decimal>,
    debt: Vec<Decimal>,
}

impl Amounts {
    fn push(&mut self, f: &Figures) {
        self.records.push(f.records);
        self.list.push(f.list);
        self.discount.push(f.discount);
        self.coupon.push(f.coupon);
        self.cash.push(f.cash);
        self.debt.push(f.debt);
    }
}

/// Adds a load's rollups, customers first, then products, each in key order.
pub async fn add_rollups(conn: &mut PgConnection, rollups: &Rollups) -> sqlx::Result<()> {
    if rollups.customers.is_empty() {
        return Ok(()); // nothing new of any partner (a product's row comes with its customer's)
    }
    let (mut partner, mut cycle, mut customer, mut mode, mut a) =
        (vec![], vec![], vec![], vec![], Amounts::default());
    for ((p, c, cu, m), f) in &rollups.customers {
        partner.push(*p);
        cycle.push(*c);
        customer.push(*cu);
        mode.push(m.clone());
        a.push(f);
    }
    sqlx::query!(
        "insert into consumption_customer_months as s
              (partner_id, cycle, customer_id, association_mode, records, list_amount,
               discount_amount, coupon_amount, cash_amount, debt_amount)
         select * from unnest($1::uuid[], $2::date[], $3::uuid[], $4::text[], $5::int8[],
                              $6::numeric[], $7::numeric[], $8::numeric[], $9::numeric[],
                              $10::numeric[])
          order by 1, 2, 3, 4
         on conflict (partner_id, cycle, customer_id, association_mode)
         do update set records = s.records + excluded.records,
                       list_amount = s.list_amount + excluded.list_amount,
                       discount_amount = s.discount_amount + excluded.discount_amount,
                       coupon_amount = s.coupon_amount + excluded.coupon_amount,
                       cash_amount = s.cash_amount + excluded.cash_amount,
                       debt_amount = s.debt_amount + excluded.debt_amount",
        &partner,
        &cycle as _,
        &customer,
        &mode,
        &a.records,
        &a.list,
        &a.discount,
        &a.coupon,
        &a.cash,
        &a.debt
    )
    .execute(&mut *conn)
    .await?;

    let (mut partner, mut cycle, mut service, mut charge, mut mode, mut a) =
        (vec![], vec![], vec![], vec![], vec![], Amounts::default());
    for ((p, c, s, ch, m), f) in &rollups.products {
        partner.push(*p);
        cycle.push(*c);
        service.push(s.clone());
        charge.push(*ch);
        mode.push(m.clone());
        a.push(f);
    }
    sqlx::query!(
        "insert into consumption_product_months as s
              (partner_id, cycle, service_type, charge_mode, association_mode, records,
               list_amount, discount_amount, coupon_amount, cash_amount, debt_amount)
         select * from unnest($1::uuid[], $2::date[], $3::text[], $4::int2[], $5::text[],
                              $6::int8[], $7::numeric[], $8::numeric[], $9::numeric[],
                              $10::numeric[], $11::numeric[])
          order by 1, 2, 3, 4, 5
         on conflict (partner_id, cycle, service_type, charge_mode, association_mode)
         do update set records = s.records + excluded.records,
                       list_amount = s.list_amount + excluded.list_amount,
                       discount_amount = s.discount_amount + excluded.discount_amount,
                       coupon_amount = s.coupon_amount + excluded.coupon_amount,
                       cash_amount = s.cash_amount + excluded.cash_amount,
                       debt_amount = s.debt_amount + excluded.debt_amount",
        &partner,
        &cycle as _,
        &service,
        &charge,
        &mode,
        &a.records,
        &a.list,
        &a.discount,
        &a.coupon,
        &a.cash,
        &a.debt
    )
    .execute(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(partner: Option<Uuid>, customer: Uuid, service: &str, list: i64) -> AddedSum {
        AddedSum {
            partner_id: partner,
            cycle: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            customer_id: customer,
            service_type: service.into(),
            charge_mode: 1,
            association_mode: partner.map(|_| "resale".into()),
            figures: Figures {
                records: 1,
                list: Decimal::from(list),
                ..Figures::default()
            },
        }
    }

    #[test]
    fn a_load_is_rolled_up_per_customer_and_per_product_and_records_of_no_partner_are_left_out() {
        let (p, c1, c2) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let mut r = Rollups::default();
        r.add(sum(Some(p), c1, "hws.service.type.ec2", 3));
        r.add(sum(Some(p), c1, "hws.service.type.obs", 4));
        r.add(sum(Some(p), c2, "hws.service.type.ec2", 5));
        r.add(sum(None, c2, "hws.service.type.ec2", 100));
        let customers: Vec<_> = r.customers.values().map(|f| f.list).collect();
        let mut expected = vec![Decimal::from(7), Decimal::from(5)];
        if c2 < c1 {
            expected.reverse();
        }
        assert_eq!(customers, expected);
        let products: Vec<_> = r
            .products
            .iter()
            .map(|(k, f)| (k.2.as_str(), f.list))
            .collect();
        assert_eq!(
            products,
            [
                ("hws.service.type.ec2", Decimal::from(8)),
                ("hws.service.type.obs", Decimal::from(4))
            ]
        );
        let all: i64 = r.customers.values().map(|f| f.records).sum();
        assert_eq!(all, 3);
    }
}
