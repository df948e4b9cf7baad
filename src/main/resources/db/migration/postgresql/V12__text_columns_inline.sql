-- Issue #13: on H2 this version turns the CLOB text columns into VARCHAR(1000000) (a CLOB longer than 256
-- bytes costs a separate LOB store write per commit there). PostgreSQL's text columns are stored in the
-- row (TOAST only when large) and match the entities' length of 1,000,000 as they are: nothing to do.
select 1;
