-- A sale whose phone number or e-mail address the till got wrong is stored without it, and says so: the owner's
-- page counts these sales, so the till's data can be fixed.
ALTER TABLE sales ADD COLUMN contact_issue TEXT;               -- the fields left out, e.g. 'customer.phone'; null when none
CREATE INDEX sales_with_contact_issue ON sales(shop_id, local_day) WHERE contact_issue IS NOT NULL;
