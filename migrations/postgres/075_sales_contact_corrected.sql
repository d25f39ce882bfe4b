-- As migrations/sqlite/075_sales_contact_corrected.sql (read there why): the fields of a sale's customer that the till
-- put right by posting the sale again ('customer.phone', 'customer.email'); NULL when none.
ALTER TABLE sales ADD COLUMN contact_corrected TEXT;
