-- Issue #13: on H2 this version turns jeton_client.request_uris (V9) from a CLOB into VARCHAR(1000000), as V12
-- did for the other text columns. PostgreSQL's text column is stored in the row (TOAST only when large) and
-- matches the entity's length of 1,000,000 as it is: nothing to do.
select 1;
