-- Issue #13: each node caches the clients it has read, and checks a cached one against this
-- column on every request (one single-row read by primary key instead of the whole row through
-- JPA). The application writes a new random value with every change of the row (ClientEntity's
-- @PrePersist/@PreUpdate), so a cached client whose row was changed, disabled, deleted or
-- re-created on any node no longer matches. 0 for rows written before this version: they match
-- until their next change, which is the first time they can differ.
alter table jeton_client add column row_version bigint default 0 not null;
