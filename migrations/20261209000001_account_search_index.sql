-- A substring search of one large partner's account names. The index on (partner_id,
-- customer_account) intersects the partner's whole posting list with the pattern's: at 100,000
-- customers 3 ms for a pattern matching nothing and 15 ms for a whole account name. The
-- pattern's own trigrams, then the partner checked on the few rows they find: 0.02 ms and
-- 2.5 ms. The planner keeps the older index for small partners among many, where the
-- partner's list is the short one.
create index associations_account_trgm on associations
    using gin (customer_account gin_trgm_ops) where ended_at is null;
