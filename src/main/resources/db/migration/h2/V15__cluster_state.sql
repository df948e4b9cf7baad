-- Several nodes on one database (issue #19; docs/scaling.md): what each node used to keep in its own
-- memory, and that a cluster must share, is here. Every statement on these tables names one row by its
-- primary key (a SHA-256), so a distributed SQL database can shard them by that key.

-- the throttle's failure counts (jeton.throttle.*, the device flow's wrong user codes): one fixed window
-- per key, counted by one atomic statement; the purge deletes ended windows
create table jeton_throttle_counter (
    key_hash varchar(64) not null,
    window_start timestamp(6) with time zone not null,
    window_end timestamp(6) with time zone not null,
    failures integer not null,
    primary key (key_hash)
);
create index jeton_throttle_counter_end on jeton_throttle_counter (window_end);

-- the addresses where a client proved its secret (jeton.throttle.client.known-source-seconds)
create table jeton_known_source (
    key_hash varchar(64) not null,
    last_success_at timestamp(6) with time zone not null,
    expires_at timestamp(6) with time zone not null,
    primary key (key_hash)
);
create index jeton_known_source_expiry on jeton_known_source (expires_at);

-- secrets every node must share and no operator configured (e.g. the DPoP nonce key): the first node
-- to start makes one, the others read it
create table jeton_server_secret (
    name varchar(64) not null,
    secret varchar(128) not null,
    created_at timestamp(6) with time zone not null,
    primary key (name)
);

-- what a browser has waiting for its user (pending authorization requests, device activations waiting for
-- a sign-in), so that a sign-in started on one node completes on another; named by hashes of the entry's
-- random id and of the browser's cookie
create table jeton_browser_pending (
    id_hash varchar(64) not null,
    browser_hash varchar(64) not null,
    kind varchar(20) not null,
    payload varchar(32000) not null,
    created_at timestamp(6) with time zone not null,
    expires_at timestamp(6) with time zone not null,
    primary key (id_hash)
);
create index jeton_browser_pending_browser on jeton_browser_pending (browser_hash);
create index jeton_browser_pending_expires on jeton_browser_pending (expires_at);
