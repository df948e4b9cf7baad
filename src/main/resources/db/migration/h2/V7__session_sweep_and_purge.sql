-- Sessions that expire are ended by a sweep, and ended sessions are purged after a retention (issue #18;
-- docs/logout.md): the sweep looks for open sessions past their idle expiry, the purge for sessions that
-- ended before the retention's cutoff.
create index jeton_session_idle_expiry on jeton_session (idle_expires_at);
create index jeton_session_ended on jeton_session (ended_at);
