-- Customers' own access keys (Account Centre › My credentials), for the API a customer calls
-- with its own AK/SK at Huawei: list_sub_customer_coupons. Forward-only.
--
-- A key now belongs to exactly one owner kind: a partner user (partner_id set; member_id null for
-- the main account, set for a member) or a customer (customer_id set, partner_id and member_id
-- null). The check names both kinds so that no key is half of each, and none belongs to nobody.
alter table access_keys alter column partner_id drop not null;
alter table access_keys add column customer_id uuid references customers (id);
alter table access_keys add constraint access_keys_one_owner check (
    (partner_id is not null and customer_id is null)
    or (customer_id is not null and partner_id is null and member_id is null)
);

-- A customer's keys: listed, counted (at most 2) and changed by the customer's id.
create index access_keys_customer on access_keys (customer_id) where customer_id is not null;
