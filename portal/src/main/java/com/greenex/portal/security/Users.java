package com.greenex.portal.security;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The portal's users, in the users and user_roles tables; passwords kept as bcrypt hashes only. */
@Service
public class Users implements UserDetailsService {

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;

    public Users(JdbcClient jdbc, PasswordEncoder encoder) {
        this.jdbc = jdbc;
        this.encoder = encoder;
    }

    @Override
    public GreenexUser loadUserByUsername(String username) {
        return find(username).orElseThrow(() -> new UsernameNotFoundException("no user " + username));
    }

    public Optional<GreenexUser> find(String username) {
        return jdbc.sql("SELECT id, username, password_hash, enabled, display_name, participant_id FROM users WHERE username = ?")
                .param(username)
                .query((rs, i) -> new GreenexUser(rs.getLong("id"), rs.getString("username"), rs.getString("password_hash"),
                        rs.getBoolean("enabled"), rs.getString("display_name"), rs.getString("participant_id"), roles(rs.getLong("id"))))
                .optional();
    }

    public Optional<GreenexUser> findById(long id) {
        return jdbc.sql("SELECT username FROM users WHERE id = ?").param(id).query(String.class).optional().flatMap(this::find);
    }

    private List<String> roles(long userId) {
        return jdbc.sql("SELECT role FROM user_roles WHERE user_id = ? ORDER BY role").param(userId).query(String.class).list();
    }

    public long count() {
        return jdbc.sql("SELECT count(*) FROM users").query(Long.class).single();
    }

    /**
     * Creates the user, or sets the password, roles and participant of the one with that name.
     *
     * @throws IllegalArgumentException naming the role that does not exist, or a participant user without a participant
     */
    @Transactional
    public long save(String username, String displayName, String rawPassword, String participantId, Collection<String> roles) {
        for (String r : roles) {
            if (!GreenexUser.ROLES.contains(r)) {
                throw new IllegalArgumentException("user " + username + ": no role " + r + " (roles: " + GreenexUser.ROLES + ")");
            }
        }
        if ((roles.contains("PARTICIPANT") || roles.contains("APPLICANT")) && participantId == null) {
            throw new IllegalArgumentException("user " + username + ": a PARTICIPANT user needs the participant it trades as");
        }
        if (rawPassword == null || rawPassword.length() < 12) {
            throw new IllegalArgumentException("user " + username + ": the password needs at least 12 characters");
        }
        long id = jdbc.sql("""
                        INSERT INTO users (username, display_name, password_hash, participant_id) VALUES (?, ?, ?, ?)
                        ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name,
                               password_hash = EXCLUDED.password_hash, participant_id = EXCLUDED.participant_id
                        RETURNING id""")
                .params(username, displayName, encoder.encode(rawPassword), participantId)
                .query(Long.class).single();
        jdbc.sql("DELETE FROM user_roles WHERE user_id = ?").param(id).update();
        for (String r : roles) {
            jdbc.sql("INSERT INTO user_roles (user_id, role) VALUES (?, ?)").params(id, r).update();
        }
        return id;
    }

    /**
     * A self-service applicant's login (role APPLICANT, seeing only its own participant).
     *
     * @throws IllegalStateException when the username is taken
     */
    @Transactional
    public long createApplicant(String username, String displayName, String rawPassword, String participantId) {
        Long id = jdbc.sql("INSERT INTO users (username, display_name, password_hash, participant_id) VALUES (?, ?, ?, ?) ON CONFLICT (username) DO NOTHING RETURNING id")
                .params(username, displayName, encoder.encode(rawPassword), participantId).query(Long.class).optional().orElse(null);
        if (id == null) {
            throw new IllegalStateException("username: \"" + username + "\" is taken; choose another");
        }
        jdbc.sql("INSERT INTO user_roles (user_id, role) VALUES (?, 'APPLICANT')").param(id).update();
        return id;
    }

    /** An approved applicant's login becomes a participant's (in the caller's transaction). */
    public void admitApplicant(long userId) {
        jdbc.sql("UPDATE user_roles SET role = 'PARTICIPANT' WHERE user_id = ? AND role = 'APPLICANT'").param(userId).update();
    }
}
