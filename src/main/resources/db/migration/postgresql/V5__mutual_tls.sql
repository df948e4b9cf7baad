-- Mutual TLS (RFC 8705): the one certificate name a tls_client_auth client registered (§2.1.2, the
-- metadata member and its value), whether its access tokens are certificate-bound (§3.4), and the
-- certificate a public client's refresh tokens are bound to (§4, x5t#S256).
alter table jeton_client add column tls_client_auth_name_kind varchar(40);
alter table jeton_client add column tls_client_auth_name varchar(1000);
alter table jeton_client add column tls_bound_access_tokens boolean;
alter table jeton_token_family add column certificate_thumbprint varchar(64);
