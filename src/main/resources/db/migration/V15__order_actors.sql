-- Who made each change of an order (CUSTOMER:<id>, RESTAURANT:<id>, COURIER:<id>, ADMIN:<id> or SYSTEM), so that
-- cancellations, releases and refunds can be told apart in the history. Older rows were all made by the platform
-- or by the one party the change implies; they stay null (read as SYSTEM).
alter table order_status_history add column actor varchar(60);
