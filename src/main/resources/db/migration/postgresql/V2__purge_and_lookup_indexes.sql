-- Jeton schema version 2: an index for every column the purge deletes by and every lookup that
-- is not by primary key (version 1 already indexes the authorization code, pushed request,
-- revoked token and used jti expiries, the refresh and access token families, the device user
-- code, and the unique consent, user name, outbox event and jti keys). docs/database.md lists them all.

-- the purge: delete ... where expires_at < cutoff (JpaExpiredGrantState, JpaDeviceAuthorizationStore)
create index jeton_refresh_token_expires on jeton_refresh_token (expires_at);
create index jeton_access_token_expires on jeton_access_token (expires_at);
create index jeton_device_authorization_expires on jeton_device_authorization (expires_at);
create index jeton_token_family_expiry on jeton_token_family (absolute_expiry);

-- the purge drops the sealed rotation response of refresh tokens spent before the grace window
create index jeton_refresh_token_consumed on jeton_refresh_token (consumed_at);

-- a deleted client's grants are revoked by client (RFC 7592 §2.3, JpaRegistrationStore)
create index jeton_token_family_client on jeton_token_family (client_id);

-- the clients file is reconciled by source (JpaClientStore.disableOthers)
create index jeton_client_source on jeton_client (source);
