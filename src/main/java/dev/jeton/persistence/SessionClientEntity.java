package dev.jeton.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A client a session signed its user in to; the id is the sid and the client id, so each pair is kept once. */
@Entity
@Table(name = "jeton_session_client")
public class SessionClientEntity {

    @Id
    @Column(name = "id", length = 300)
    private String id;

    @Column(name = "sid", length = 64, nullable = false)
    private String sid;

    @Column(name = "client_id", length = 200, nullable = false)
    private String clientId;

    @Column(name = "joined_at", nullable = false)
    private Instant joinedAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getSid() { return sid; }
    public void setSid(String sid) { this.sid = sid; }
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    public Instant getJoinedAt() { return joinedAt; }
    public void setJoinedAt(Instant joinedAt) { this.joinedAt = joinedAt; }
}
