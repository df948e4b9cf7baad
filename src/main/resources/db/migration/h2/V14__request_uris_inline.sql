-- Issue #13, as V12 did for the other text columns: V9 added jeton_client.request_uris as a CLOB, which H2
-- keeps in its LOB store (a separate write with its own bookkeeping on each commit) once a value is longer
-- than 256 bytes. It becomes a VARCHAR of 1,000,000 characters, stored in the row, which is what Hibernate
-- maps the entity's length (persistence.TextColumn) to on H2 and validates against this column.
alter table jeton_client alter column request_uris set data type varchar(1000000);
