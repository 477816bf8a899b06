package com.greenex.portal.security;

import com.greenex.portal.audit.AuditAction;
import com.greenex.portal.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * Who can sign in on a fresh installation. There is no default password.
 * <ul>
 * <li>The demo setting ({@code demo} profile) has one user per role: regulator, dispatcher, integrator,
 * admin, prosumer1/prosumer2 trading as P-001/P-002 (with PV: they sell by day and buy at night), and household1
 * trading as the first household of SS-01 without PV (it buys day and night: its green certificates come within
 * minutes). Their password is {@code GREENEX_DEMO_PASSWORD};
 * without it one is generated at each start and printed once.</li>
 * <li>Otherwise {@code greenex.admin.username} with the password in {@code GREENEX_ADMIN_PASSWORD} creates
 * the first administrator when there are no users yet.</li>
 * </ul>
 */
@Component
class UserBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(UserBootstrap.class);

    record DemoUser(String username, String displayName, String participant, List<String> roles) {
    }

    static final List<DemoUser> DEMO = List.of(
            new DemoUser("regulator", "Regulator (demo)", null, List.of("REGULATOR")),
            new DemoUser("dispatcher", "Grid dispatcher (demo)", null, List.of("DISPATCHER")),
            new DemoUser("integrator", "SCADA integrator (demo)", null, List.of("INTEGRATOR")),
            new DemoUser("admin", "Administrator (demo)", null, List.of("ADMIN")),
            new DemoUser("prosumer1", "Prosumer P-001 (demo)", "P-001", List.of("PARTICIPANT")),
            new DemoUser("prosumer2", "Prosumer P-002 (demo)", "P-002", List.of("PARTICIPANT")));

    private final Users users;
    private final Environment env;
    private final JdbcClient jdbc;
    private final AuditLog audit;

    UserBootstrap(Users users, Environment env, JdbcClient jdbc, AuditLog audit) {
        this.users = users;
        this.env = env;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (env.acceptsProfiles(Profiles.of("demo"))) {
            demoUsers();
        } else {
            firstAdmin();
        }
    }

    private void demoUsers() {
        String password = env.getProperty("GREENEX_DEMO_PASSWORD");
        boolean generated = password == null || password.isBlank();
        if (generated) {
            password = generate();
        }
        List<DemoUser> demo = new java.util.ArrayList<>(DEMO);
        com.greenex.scada.sim.SimulatedSubstation.firstWithoutPv("SS-01", env.getProperty("greenex.scada.simulated-prosumers", Integer.class, 200))
                .ifPresent(i -> demo.add(new DemoUser("household1", "Household P-%03d without PV (demo)".formatted(i), "P-%03d".formatted(i),
                        List.of("PARTICIPANT"))));
        for (DemoUser u : demo) {
            if (u.participant() != null && jdbc.sql("SELECT count(*) FROM participants WHERE id = ?").param(u.participant()).query(Long.class).single() == 0) {
                log.warn("demo user {} not created: participant {} is not registered (the simulated substation registers it)", u.username(), u.participant());
                continue;
            }
            users.save(u.username(), u.displayName(), password, u.participant(), u.roles());
        }
        audit.append("system", AuditAction.DEMO_USERS, "users", Map.of("password", generated ? "generated" : "GREENEX_DEMO_PASSWORD"));
        if (generated) {
            // Printed once, here, and nowhere else: it is not stored except as bcrypt hashes.
            System.out.printf("%n  Demo users %s, password: %s%n  (set GREENEX_DEMO_PASSWORD to choose it)%n%n",
                    demo.stream().map(DemoUser::username).toList(), password);
        } else {
            log.info("Demo users {} with the password from GREENEX_DEMO_PASSWORD", demo.stream().map(DemoUser::username).toList());
        }
    }

    private void firstAdmin() {
        String username = env.getProperty("greenex.admin.username");
        if (username == null || username.isBlank()) {
            if (users.count() == 0) {
                log.warn("No users: nobody can sign in. Start with --greenex.admin.username=<name> and GREENEX_ADMIN_PASSWORD set, or with the demo profile.");
            }
            return;
        }
        String password = env.getProperty("GREENEX_ADMIN_PASSWORD");
        if (password == null || password.isBlank()) {
            throw new IllegalStateException("greenex.admin.username is set (" + username + ") but GREENEX_ADMIN_PASSWORD is not: set the first administrator's password there");
        }
        if (users.find(username).isPresent()) {
            return;
        }
        users.save(username, username, password, null, List.of("ADMIN"));
        audit.append("system", AuditAction.USER_CREATED, "user:" + username, Map.of("roles", List.of("ADMIN")));
        log.info("Created the administrator {}", username);
    }

    private static String generate() {
        final String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
