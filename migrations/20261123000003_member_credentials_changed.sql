-- When a member's password was last set by someone else: sessions signed in before then end.
alter table members add column credentials_changed_at timestamptz;
