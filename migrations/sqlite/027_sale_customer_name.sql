-- The name given with a sale whose customer the till knows by no id of its own: such a customer is found by phone or
-- e-mail address, so a household sharing one phone is one customer, named as last given. The sale's messages greet
-- whoever made it (Anna about her raincoat, not Piet). Emptied when the customer is erased.
ALTER TABLE sales ADD COLUMN customer_name TEXT;
