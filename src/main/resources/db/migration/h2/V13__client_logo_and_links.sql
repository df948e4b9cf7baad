-- Issue #14 (conformance, oidcc-registration-logo-uri / -policy-uri / -tos-uri): what a client registered to
-- present itself on the sign-in and consent pages (OIDC Registration §2, RFC 7591 §2): logo_uri, client_uri,
-- policy_uri, tos_uri, each an absolute https URL of at most 1000 characters (client.ClientLinks).
alter table jeton_client add column logo_uri varchar(1000);
alter table jeton_client add column client_uri varchar(1000);
alter table jeton_client add column policy_uri varchar(1000);
alter table jeton_client add column tos_uri varchar(1000);
