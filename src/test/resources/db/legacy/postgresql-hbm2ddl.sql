-- A database as Jeton's versions before migrations left it (hibernate.hbm2ddl.auto=update, no
-- migration history), with a few rows of a live grant: made by dev.jeton.persistence.LegacySchemaFixture,
-- read by SchemaMigrationsTest. Do not edit: it stands for databases that exist.
--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: jeton_access_token; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.jeton_access_token (
    jwt_id character varying(64) NOT NULL,
    expires_at timestamp(6) with time zone NOT NULL,
    family_id character varying(64) NOT NULL,
    revoked boolean NOT NULL
);


--
-- Name: jeton_audit_outbox; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.jeton_audit_outbox (
    seq bigint NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    event_id character varying(36) NOT NULL,
    event_name character varying(64) NOT NULL,
    payload text NOT NULL
);


--
-- Name: jeton_audit_outbox_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.jeton_audit_outbox_seq
    START WITH 1
    INCREMENT BY 50
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: jeton_authorization_code; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.jeton_authorization_code (
    code_hash character varying(64) NOT NULL,
    auth_time timestamp(6) with time zone NOT NULL,
    claims text,
    client_id character varying(200) NOT NULL,
    code_challenge character varying(128) NOT NULL,
    consumed boolean NOT NULL,
    consumed_at timestamp(6) with time zone,
    dpop_jkt character varying(64),
    expires_at timestamp(6) with time zone NOT NULL,
    family_id character varying(64),
    nonce character varying(500),
    redirect_uri character varying(2000) NOT NULL,
    scope character varying(2000) NOT NULL,
    subject character varying(255) NOT NULL
);


--
-- Name: jeton_client; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.jeton_client (
    client_id character varying(200) NOT NULL,
    access_token_ttl_seconds integer,
    audience character varying(500),
    auth_method character varying(40) NOT NULL,
    client_name character varying(200),
    confidential boolean NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    dpop_bound_access_tokens boolean,
    dpop_nonce_required boolean,
    enabled boolean NOT NULL,
    exchange_audiences character varying(4000),
    exchange_impersonation boolean,
    fapi2 boolean,
    first_party boolean NOT NULL,
    grant_types character varying(1000) NOT NULL,
    id_token_alg character varying(10),
    jwks character varying(20000),
    jwks_uri character varying(2000),
    redirect_uris character varying(4000) NOT NULL,
    refresh_token_ttl_seconds integer,
    registration_token_hash character varying(64),
    request_object_signing_alg character varying(10),
    require_pkce boolean,
    require_par boolean,
    scopes character varying(2000) NOT NULL,
    secret_hash character varying(100),
    source character varying(20) NOT NULL,
    token_auth_signing_alg character varying(10),
    updated_at timestamp(6) with time zone NOT NULL
);


--
-- Name: jeton_consent; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.jeton_consent (
    id bigint NOT NULL,
    client_id character varying(200) NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    scopes character varying(2000) NOT NULL,
    subject character varying(255) NOT NULL,
    updated_at timestamp(6) with time zone NOT NULL
);


--
-- Name: jeton_consent_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.jeton_consent_seq
    START WITH 1
    INCREMENT BY 50
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: jeton_device_authorization; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.jeton_device_authorization (
    device_code_hash character varying(64) NOT NULL,
    auth_time timestamp(6) with time zone,
    client_id character varying(200) NOT NULL,
    consumed boolean NOT NULL,
    consumed_at timestamp(6) with time zone,
    created_at timestamp(6) with time zone NOT NULL,
    decided_at timestamp(6) with time zone,
    expires_at timestamp(6) with time zone NOT NULL,
    interval_seconds bigint NOT NULL,
    last_polled_at timestamp(6) with time zone,
    scope character varying(2000) NOT NULL,
    status character varying(10) NOT NULL,
    subject character varying(255),
    user_code_hash character varying(64) NOT NULL
);


--
-- Name: jeton_pushed_request; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.jeton_pushed_request (
    uri_hash character varying(64) NOT NULL,
    client_id character varying(200) NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    expires_at timestamp(6) with time zone NOT NULL,
    parameters character varying(32000) NOT NULL,
    used_at timestamp(6) with time zone
);


--
-- Name: jeton_refresh_token; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.jeton_refresh_token (
    token_hash character varying(64) NOT NULL,
    client_id character varying(200) NOT NULL,
    consumed_at timestamp(6) with time zone,
    expires_at timestamp(6) with time zone NOT NULL,
    family_id character varying(64) NOT NULL,
    issued_at timestamp(6) with time zone NOT NULL,
    scope character varying(2000) NOT NULL,
    sealed_response bytea,
    successor_hash character varying(64)
);


--
-- Name: jeton_revoked_token; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.jeton_revoked_token (
    jwt_id character varying(64) NOT NULL,
    client_id character varying(200) NOT NULL,
    expires_at timestamp(6) with time zone NOT NULL,
    revoked_at timestamp(6) with time zone NOT NULL
);


--
-- Name: jeton_token_family; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.jeton_token_family (
    family_id character varying(64) NOT NULL,
    absolute_expiry timestamp(6) with time zone NOT NULL,
    auth_time timestamp(6) with time zone,
    client_id character varying(200) NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    dpop_jkt character varying(64),
    revoked_at timestamp(6) with time zone,
    revoked_reason character varying(64),
    scope character varying(2000) NOT NULL,
    subject character varying(255) NOT NULL,
    userinfo_claims character varying(1000)
);


--
-- Name: jeton_used_jti; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.jeton_used_jti (
    id character varying(36) NOT NULL,
    expires_at timestamp(6) with time zone NOT NULL,
    jti_hash character varying(64) NOT NULL,
    kind character varying(20) NOT NULL,
    used_at timestamp(6) with time zone NOT NULL
);


--
-- Name: jeton_user; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.jeton_user (
    subject character varying(64) NOT NULL,
    claims text NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    enabled boolean NOT NULL,
    password_hash character varying(200) NOT NULL,
    updated_at timestamp(6) with time zone NOT NULL,
    username character varying(200) NOT NULL,
    username_lower character varying(200) NOT NULL
);


--
-- Data for Name: jeton_access_token; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.jeton_access_token VALUES ('legacy-access-jti', '2099-01-01 00:00:00+00', 'legacy-family-00000000000000000000000000000000000000000000000000', false);


--
-- Data for Name: jeton_audit_outbox; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.jeton_audit_outbox VALUES (1, '2026-12-01 10:00:00+00', '00000000-0000-4000-8000-000000000001', 'token.issued', '{"event":"token.issued"}');


--
-- Data for Name: jeton_authorization_code; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.jeton_authorization_code VALUES ('legacy-code-hash-00000000000000000000000000000000000000000000000', '2026-12-01 10:00:00+00', NULL, 'legacy-web', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', true, '2026-12-01 10:00:05+00', '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I', '2026-12-01 10:01:00+00', 'legacy-family-00000000000000000000000000000000000000000000000000', NULL, 'https://legacy.example.org/cb', 'openid offline_access', 'legacy-subject');


--
-- Data for Name: jeton_client; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.jeton_client VALUES ('legacy-web', NULL, NULL, 'client_secret_basic', 'Legacy web app', true, '2026-12-01 10:00:00+00', false, NULL, true, NULL, NULL, false, false, 'authorization_code refresh_token', NULL, NULL, NULL, 'https://legacy.example.org/cb', NULL, NULL, NULL, true, NULL, 'openid profile offline_access', 'sha256:legacy', 'file', NULL, '2026-12-01 10:00:00+00');


--
-- Data for Name: jeton_consent; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.jeton_consent VALUES (1, 'legacy-web', '2026-12-01 10:00:00+00', 'openid profile', 'legacy-subject', '2026-12-01 10:00:00+00');


--
-- Data for Name: jeton_device_authorization; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: jeton_pushed_request; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: jeton_refresh_token; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.jeton_refresh_token VALUES ('legacy-refresh-hash-00000000000000000000000000000000000000000000', 'legacy-web', NULL, '2099-01-01 00:00:00+00', 'legacy-family-00000000000000000000000000000000000000000000000000', '2026-12-01 10:00:00+00', 'openid offline_access', NULL, NULL);


--
-- Data for Name: jeton_revoked_token; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: jeton_token_family; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.jeton_token_family VALUES ('legacy-family-00000000000000000000000000000000000000000000000000', '2099-01-01 00:00:00+00', '2026-12-01 10:00:00+00', 'legacy-web', '2026-12-01 10:00:00+00', NULL, NULL, NULL, 'openid offline_access', 'legacy-subject', NULL);


--
-- Data for Name: jeton_used_jti; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: jeton_user; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.jeton_user VALUES ('legacy-subject', '{"email":"legacy@example.org"}', '2026-12-01 10:00:00+00', true, 'pbkdf2-sha256$20000$c2FsdA$aGFzaA', '2026-12-01 10:00:00+00', 'Legacy.User', 'legacy.user');


--
-- Name: jeton_audit_outbox_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.jeton_audit_outbox_seq', 1, true);


--
-- Name: jeton_consent_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.jeton_consent_seq', 1, true);


--
-- Name: jeton_access_token jeton_access_token_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jeton_access_token
    ADD CONSTRAINT jeton_access_token_pkey PRIMARY KEY (jwt_id);


--
-- Name: jeton_audit_outbox jeton_audit_outbox_event; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jeton_audit_outbox
    ADD CONSTRAINT jeton_audit_outbox_event UNIQUE (event_id);


--
-- Name: jeton_audit_outbox jeton_audit_outbox_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jeton_audit_outbox
    ADD CONSTRAINT jeton_audit_outbox_pkey PRIMARY KEY (seq);


--
-- Name: jeton_authorization_code jeton_authorization_code_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jeton_authorization_code
    ADD CONSTRAINT jeton_authorization_code_pkey PRIMARY KEY (code_hash);


--
-- Name: jeton_client jeton_client_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jeton_client
    ADD CONSTRAINT jeton_client_pkey PRIMARY KEY (client_id);


--
-- Name: jeton_consent jeton_consent_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jeton_consent
    ADD CONSTRAINT jeton_consent_pkey PRIMARY KEY (id);


--
-- Name: jeton_consent jeton_consent_subject_client; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jeton_consent
    ADD CONSTRAINT jeton_consent_subject_client UNIQUE (subject, client_id);


--
-- Name: jeton_device_authorization jeton_device_authorization_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jeton_device_authorization
    ADD CONSTRAINT jeton_device_authorization_pkey PRIMARY KEY (device_code_hash);


--
-- Name: jeton_pushed_request jeton_pushed_request_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jeton_pushed_request
    ADD CONSTRAINT jeton_pushed_request_pkey PRIMARY KEY (uri_hash);


--
-- Name: jeton_refresh_token jeton_refresh_token_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jeton_refresh_token
    ADD CONSTRAINT jeton_refresh_token_pkey PRIMARY KEY (token_hash);


--
-- Name: jeton_revoked_token jeton_revoked_token_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jeton_revoked_token
    ADD CONSTRAINT jeton_revoked_token_pkey PRIMARY KEY (jwt_id);


--
-- Name: jeton_token_family jeton_token_family_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jeton_token_family
    ADD CONSTRAINT jeton_token_family_pkey PRIMARY KEY (family_id);


--
-- Name: jeton_used_jti jeton_used_jti_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jeton_used_jti
    ADD CONSTRAINT jeton_used_jti_pkey PRIMARY KEY (id);


--
-- Name: jeton_user jeton_user_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jeton_user
    ADD CONSTRAINT jeton_user_pkey PRIMARY KEY (subject);


--
-- Name: jeton_user jeton_user_username; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jeton_user
    ADD CONSTRAINT jeton_user_username UNIQUE (username_lower);


--
-- Name: jeton_used_jti uk_used_jti; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.jeton_used_jti
    ADD CONSTRAINT uk_used_jti UNIQUE (kind, jti_hash);


--
-- Name: ix_pushed_request_expires; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_pushed_request_expires ON public.jeton_pushed_request USING btree (expires_at);


--
-- Name: ix_used_jti_expires; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_used_jti_expires ON public.jeton_used_jti USING btree (expires_at);


--
-- Name: jeton_access_token_family; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX jeton_access_token_family ON public.jeton_access_token USING btree (family_id);


--
-- Name: jeton_authorization_code_expires; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX jeton_authorization_code_expires ON public.jeton_authorization_code USING btree (expires_at);


--
-- Name: jeton_device_user_code; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX jeton_device_user_code ON public.jeton_device_authorization USING btree (user_code_hash);


--
-- Name: jeton_refresh_token_family; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX jeton_refresh_token_family ON public.jeton_refresh_token USING btree (family_id);


--
-- Name: jeton_revoked_token_expiry; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX jeton_revoked_token_expiry ON public.jeton_revoked_token USING btree (expires_at);


--
-- PostgreSQL database dump complete
--


