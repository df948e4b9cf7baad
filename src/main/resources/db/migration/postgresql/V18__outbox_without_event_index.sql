-- The audit outbox loses its unique index on event_id (issue #13). Nothing looks a row up by event_id (the
-- relay reads and deletes by seq), the id is a random UUID made once per event, and the index was one more
-- B-tree written at every token's commit and at every relay delete. Consumers deduplicate by event_id on
-- their side (at-least-once delivery); the outbox never needed to.
alter table jeton_audit_outbox drop constraint if exists jeton_audit_outbox_event;
