-- Resource indicators (RFC 8707): what a client may ask for, and what a code, a device grant and a
-- token family were granted for (space-separated absolute URIs).
alter table jeton_client add column resources varchar(4000);
alter table jeton_client add column resource_prefix_match boolean;
alter table jeton_authorization_code add column resources text;
alter table jeton_device_authorization add column resources text;
alter table jeton_token_family add column resources text;
