-- Pairwise subject identifiers (issue #14; OIDC Core §8.1, OIDC Registration §2 subject_type and
-- sector_identifier_uri): the sector host a pairwise client's sub values are computed for (null: public
-- identifiers) and the sector_identifier_uri it registered, if any.
alter table jeton_client add column pairwise_sector varchar(255);
alter table jeton_client add column sector_identifier_uri varchar(1000);
