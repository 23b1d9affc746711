package org.sluis.core.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.sluis.connectors.net.Cidr;
import org.sluis.core.Exchange;
import org.sluis.core.cli.Main;
import org.sluis.core.identity.Bootstrap;
import org.sluis.core.identity.ClientCredentials;
import org.sluis.core.store.TestDatabase;

/**
 * A real exchange for the demo's end-to-end tests: on a fresh test database, with loopback allowed
 * for the demo's own upstreams, the demo's participants registered through the API, and the two
 * checks every domain ends with: a pseudonym recomputed independently of the exchange's code, and
 * the ledger verified by {@code sluis ledger verify} on the audit office's export.
 */
final class DemoExchange implements AutoCloseable {
    final TestDatabase db = TestDatabase.create();
    final Exchange exchange;
    final URI base;
    final Map<String, DemoClient> cast;
    final StringWriter told = new StringWriter();
    final Story story = new Story(new PrintWriter(told, true));
    private final Path dataDir;

    DemoExchange(Path dataDir) throws Exception {
        this.dataDir = dataDir;
        exchange = Exchange.start(db.config(dataDir).withAllowNetworks(List.of(Cidr.parse("127.0.0.0/8"))));
        base = URI.create("http://127.0.0.1:" + exchange.port());
        DemoClient operator = new DemoClient(base, ClientCredentials.load(dataDir.resolve(Bootstrap.KEY_FILE),
                dataDir.resolve(Bootstrap.CERT_FILE)));
        cast = DemoCast.register(operator, base, dataDir.resolve("creds"), story);
    }

    DemoClient as(String participant) {
        return cast.get(participant);
    }

    /**
     * The pseudonym of {@code value} under {@code agreementId}, computed with the JDK's HMAC from the
     * exchange's pseudonym key file: HMAC-SHA-256 under the agreement's sub-key
     * {@code HMAC(master, "agreement:<id>" || 0x01)} (RFC 5869 expand, first block), base64url without padding.
     */
    String pseudonym(String agreementId, String value) throws Exception {
        byte[] master = Files.readAllBytes(dataDir.resolve("keys").resolve("pseudonym.key"));
        byte[] label = ("agreement:" + agreementId).getBytes(StandardCharsets.UTF_8);
        byte[] info = java.util.Arrays.copyOf(label, label.length + 1);
        info[label.length] = 1;
        byte[] subKey = hmac(master, info);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(subKey, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(byte[] key, byte[] message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message);
    }

    /**
     * The audit office exports the ledger up to a fresh checkpoint and {@code sluis ledger verify}
     * checks it; asserts it verifies every entry.
     */
    void assertLedgerVerifiesWithTheCli(Path dir) throws Exception {
        DemoClient auditor = as(DemoCast.AUDIT);
        DemoClient operator = new DemoClient(base, ClientCredentials.load(dataDir.resolve(Bootstrap.KEY_FILE),
                dataDir.resolve(Bootstrap.CERT_FILE)));
        operator.post("/v1/ledger/checkpoint", null).expect(200, "signing a checkpoint");
        String note = auditor.get("/v1/ledger/checkpoint").text();
        long size = Long.parseLong(note.split("\n")[1]);
        Path export = dir.resolve("export.ndjson");
        Path checkpoint = dir.resolve("checkpoint");
        Files.write(export, auditor.get("/v1/ledger/export?to=" + size).body());
        Files.writeString(checkpoint, note);
        String key = auditor.get("/.well-known/sluis-configuration").json().get("ledgerVerifierKey").asText();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("ledger", "verify", "--export", export.toString(), "--checkpoint", checkpoint.toString(), "--key", key);
        assertEquals(0, exit, err.toString());
        assertTrue(out.toString().startsWith("OK: verified " + size + " entries"), out.toString());
    }

    @Override
    public void close() {
        exchange.close();
        db.close();
    }
}
