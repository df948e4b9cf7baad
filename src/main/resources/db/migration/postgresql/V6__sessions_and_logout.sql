-- Sessions and logout (issue #18; docs/logout.md): a sign-in is a session row that every node reads,
-- the clients and token families it produced point at it, and logout tokens wait in an outbox of their
-- own until the relay has delivered them (OpenID Connect Back-Channel Logout 1.0).

-- one browser sign-in; the browser's cookie is kept only as its SHA-256
create table jeton_session (
    sid varchar(64) not null,
    cookie_hash varchar(64) not null,
    subject varchar(255) not null,
    auth_time timestamp(6) with time zone not null,
    amr varchar(200),
    acr varchar(200),
    created_at timestamp(6) with time zone not null,
    last_seen_at timestamp(6) with time zone not null,
    idle_expires_at timestamp(6) with time zone not null,
    absolute_expires_at timestamp(6) with time zone not null,
    ended_at timestamp(6) with time zone,
    ended_reason varchar(64),
    ended_by varchar(255),
    primary key (sid),
    constraint jeton_session_cookie unique (cookie_hash)
);
-- a user's sessions (admin API, "sign out everywhere"); the purge by absolute expiry
create index jeton_session_subject on jeton_session (subject);
create index jeton_session_expiry on jeton_session (absolute_expires_at);

-- the clients a session signed the user in to: who gets a logout token
create table jeton_session_client (
    id varchar(300) not null,
    sid varchar(64) not null,
    client_id varchar(200) not null,
    joined_at timestamp(6) with time zone not null,
    primary key (id)
);
create index jeton_session_client_sid on jeton_session_client (sid);

-- the session a code and a token family came from
alter table jeton_authorization_code add column sid varchar(64);
alter table jeton_token_family add column sid varchar(64);
create index jeton_token_family_sid on jeton_token_family (sid);

-- the client's logout registration (RP-Initiated Logout 1.0 §3.1, Back-Channel Logout 1.0 §2.2)
alter table jeton_client add column post_logout_redirect_uris text;
alter table jeton_client add column backchannel_logout_uri varchar(2000);
alter table jeton_client add column backchannel_logout_session_required boolean;
alter table jeton_client add column logout_revokes_refresh_tokens boolean;

-- logout tokens to deliver: claimed by a lease (a conditional update), so two nodes never deliver one together
create table jeton_backchannel_outbox (
    id varchar(36) not null,
    jti varchar(64) not null,
    client_id varchar(200) not null,
    uri varchar(2000) not null,
    subject varchar(255),
    sid varchar(64),
    created_at timestamp(6) with time zone not null,
    attempts integer not null,
    next_attempt_at timestamp(6) with time zone not null,
    lease_until timestamp(6) with time zone,
    last_error varchar(200),
    primary key (id)
);
create index jeton_backchannel_outbox_due on jeton_backchannel_outbox (next_attempt_at);
