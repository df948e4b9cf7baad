-- Issue #13: H2 keeps a CLOB value longer than 256 bytes in its LOB store, a separate map with its own
-- bookkeeping and cleanup on every commit; an audit event's payload (about 600 bytes) made every
-- token's commit pay for it: about 0.27 ms of CPU per commit in a test of H2 2.2.224 (a loop of
-- single-row inserts of a 600-character string: 365 us per commit as CLOB, 100 us as VARCHAR). A
-- VARCHAR up to 1,000,000 characters (H2's largest) is stored in the row. Every text column that was
-- a CLOB becomes one; the entities say length 1,000,000 (persistence.TextColumn), which is what Hibernate
-- maps to VARCHAR on H2 and validates against these columns. PostgreSQL's text needs no change.
alter table jeton_audit_outbox alter column payload set data type varchar(1000000);
alter table jeton_authorization_code alter column claims set data type varchar(1000000);
alter table jeton_authorization_code alter column resources set data type varchar(1000000);
alter table jeton_device_authorization alter column resources set data type varchar(1000000);
alter table jeton_token_family alter column resources set data type varchar(1000000);
alter table jeton_user alter column claims set data type varchar(1000000);
alter table jeton_client alter column post_logout_redirect_uris set data type varchar(1000000);
