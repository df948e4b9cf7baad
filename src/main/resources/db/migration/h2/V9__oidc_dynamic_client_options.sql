-- OpenID Connect Dynamic OP client metadata (issue #14; docs/conformance.md): signed userinfo
-- (OIDC Registration §2 userinfo_signed_response_alg), the implicit response types a client registered
-- (OIDC Core §3.2; served only with jeton.oidc.implicit.enabled) and its request_uris (OIDC Core §6.2).
alter table jeton_client add column userinfo_signed_alg varchar(10);
alter table jeton_client add column implicit_response_types varchar(100);
alter table jeton_client add column request_uris clob;
