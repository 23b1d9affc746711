package org.sluis.core.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL LISTEN/NOTIFY between exchange instances: a change committed through one instance
 * (a revoked consent, an ended agreement) reaches every instance's caches within milliseconds.
 *
 * <p>One thread per instance holds its own connection (not one of the pool's) and waits on it for
 * notifications; the wait blocks on the socket, so nothing is polled. NOTIFY is transactional:
 * {@link #send} inside a transaction is delivered only if, and when, it commits. If the connection
 * breaks, notifications may have been lost, so every subscriber gets a {@code null} payload,
 * meaning "forget everything", once the listener is back.
 */
public final class Notifications implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);
    private static final int WAIT_MS = 500;

    private final String url;
    private final Properties login;
    private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;
    private final CountDownLatch listening = new CountDownLatch(1);

    Notifications(String url, String user, String password) {
        this.url = url;
        this.login = new Properties();
        if (user != null && !user.isEmpty()) {
            login.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            login.setProperty("password", password);
        }
        login.setProperty("ApplicationName", "sluis-listen");
        this.thread = new Thread(this::run, "sluis-listen");
        this.thread.setDaemon(true);
    }

    /** Sends {@code payload} on {@code channel} when the transaction of {@code tx} commits. */
    public static void send(DSLContext tx, String channel, String payload) {
        tx.execute("SELECT pg_notify(?, ?)", channel, payload);
    }

    /**
     * Calls {@code onPayload} on the listener thread for every notification on {@code channel}
     * (keep it short), and with {@code null} after a reconnection. Subscribe before {@link #start}.
     */
    public void subscribe(String channel, Consumer<String> onPayload) {
        if (!channel.matches("[a-z_]{1,63}")) {
            throw new IllegalArgumentException("expected a channel name of lowercase letters and underscores, found " + channel);
        }
        subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(onPayload);
    }

    /** Starts listening; returns once the first LISTEN is in place (or after two seconds). */
    public Notifications start() {
        thread.start();
        try {
            if (!listening.await(2, TimeUnit.SECONDS)) {
                LOG.warn("not yet listening for changes from other instances; caches are reloaded once it is");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    private void run() {
        boolean first = true;
        while (!closed) {
            try (Connection c = DriverManager.getConnection(url, login)) {
                try (Statement s = c.createStatement()) {
                    for (String channel : subscribers.keySet()) {
                        s.execute("LISTEN " + channel);
                    }
                }
                if (!first) {
                    subscribers.values().forEach(list -> list.forEach(s -> s.accept(null)));
                }
                first = false;
                listening.countDown();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] received = pg.getNotifications(WAIT_MS);
                    if (received != null) {
                        for (PGNotification n : received) {
                            subscribers.getOrDefault(n.getName(), List.of()).forEach(s -> s.accept(n.getParameter()));
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!closed) {
                    LOG.warn("listening for changes from other instances failed; reconnecting in 1 s: {}", e.toString());
                    sleep();
                }
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops listening. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
