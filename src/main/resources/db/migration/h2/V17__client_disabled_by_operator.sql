-- An operator's switch (PUT /admin/clients/{client_id}/enabled): a client an operator disabled stays
-- disabled when a node imports the clients file at its start, or when the client updates its own
-- registration (RFC 7592 §2.2); only the operator's switch enables it again.
alter table jeton_client add column disabled_by_operator boolean default false not null;
