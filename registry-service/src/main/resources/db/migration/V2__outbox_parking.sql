-- Poison rows (issue 13): a row the relay fails to publish for a reason that will not go away by itself (it cannot be
-- encoded any more, the broker refuses it) is parked after kindred.outbox.relay.max-attempts such failures, so the
-- rows after it keep flowing. failures counts only those non-transient failures (attempts counts every try);
-- last_error keeps the reason. Later rows of the same type name wait behind a parked one (see OutboxRelay).
alter table outbox_event add column failures integer not null default 0;
alter table outbox_event add column parked_at timestamptz;

-- The relay asks, for each candidate row, whether an earlier row of its name is parked: few rows, so a small index.
create index outbox_event_parked on outbox_event (type_name, id) where parked_at is not null;
