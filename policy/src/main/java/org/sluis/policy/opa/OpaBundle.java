package org.sluis.policy.opa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.sluis.contracts.canonical.CanonicalJson;
import org.sluis.contracts.canonical.CanonicalJsonException;

/**
 * The exchange's live state as an OPA bundle ({@code GET /v1/opa/bundle.tar.gz}), so a provider
 * can run OPA next to its own data source on the same facts the exchange decides on.
 *
 * <p>Format (https://www.openpolicyagent.org/docs/management-bundles#bundle-file-format): a
 * gzipped tar holding
 * <ul>
 *   <li>the shipped Rego, {@link #POLICY_FILES} (not the {@code _test.rego} files);</li>
 *   <li>{@code sluis/exchange/data.json}: the directory of a {@code data.json} is its place in
 *       {@code data}, so the exchange data appears as {@code data.sluis.exchange}, RFC 8785
 *       canonical JSON;</li>
 *   <li>{@code .manifest}: {@code {"revision": …, "roots": ["sluis"]}}. The single root claims
 *       {@code data.sluis} for this bundle, so OPA refuses other bundles or pushes that would
 *       write there, and the provider keeps every other root for its own policies.</li>
 * </ul>
 *
 * <p>Deterministic: entries sorted by name, owner and group empty, ids 0, mode 0644, time 0, and
 * the revision is the SHA-256 (hex) of every entry's name and content, so the same facts give the
 * same revision on every gateway node, and any change of an agreement, a participant or the Rego
 * gives a new one. The ETag is derived from the revision (OPA's bundle downloader sends it back
 * in {@code If-None-Match} and takes 304 as "unchanged"); the bytes for a revision are identical
 * as long as the nodes run the same JDK (its zlib does the deflating).
 */
public final class OpaBundle {

    /** The Rego files the bundle ships, as paths in the bundle and under {@code opa/} on the classpath. */
    public static final List<String> POLICY_FILES = List.of("sluis/baseline/baseline.rego");

    /** Where the exchange data sits in the bundle: {@code data.sluis.exchange}. */
    public static final String DATA_FILE = "sluis/exchange/data.json";

    /** The bundle manifest's name. */
    public static final String MANIFEST_FILE = ".manifest";

    /** The bundle's only root; the Rego packages and the data all live under it. */
    public static final String ROOT = "sluis";

    /** The media type to serve the bundle with. */
    public static final String MEDIA_TYPE = "application/gzip";

    private static final String CLASSPATH_PREFIX = "/opa/";
    private static final int FILE_MODE = 0100644;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final byte[] bytes;
    private final String revision;

    private OpaBundle(byte[] bytes, String revision) {
        this.bytes = bytes;
        this.revision = revision;
    }

    /**
     * Builds the bundle for the exchange's current facts.
     *
     * @param exchangeData {@code {"agreements": {id: {…}}, "participants": {iri: {"status": …,
     *                     "region": …, "roles": […]}}}}; both members are required objects, other
     *                     members are passed through (the shape of the entries is in the Rego README)
     * @return the bundle
     * @throws IllegalArgumentException if {@code exchangeData} lacks that shape or is not I-JSON
     *                                  (RFC 8785 §3.1, e.g. a number beyond double precision)
     */
    public static OpaBundle build(JsonNode exchangeData) {
        Objects.requireNonNull(exchangeData, "exchangeData");
        requireShape(exchangeData);
        Map<String, byte[]> content = new TreeMap<>(PolicyFiles.CONTENT);
        try {
            content.put(DATA_FILE, CanonicalJson.canonicalize(exchangeData));
        } catch (CanonicalJsonException e) {
            throw new IllegalArgumentException("expected the exchange data to be I-JSON (RFC 8785 §3.1), found: "
                    + e.getMessage(), e);
        }
        String revision = revisionOf(content);
        ObjectNode manifest = NODES.objectNode();
        manifest.put("revision", revision);
        manifest.putArray("roots").add(ROOT);
        content.put(MANIFEST_FILE, CanonicalJson.canonicalize(manifest));
        return new OpaBundle(tarGz(content), revision);
    }

    /**
     * The {@code .tar.gz} bytes.
     *
     * @return a copy of the bytes
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The bundle revision: SHA-256 (lowercase hex) over the names and contents of the Rego files
     * and {@code data.json}, as written to {@code .manifest}.
     *
     * @return 64 hex digits
     */
    public String revision() {
        return revision;
    }

    /**
     * The strong ETag (RFC 9110 §8.8.3) to serve the bundle with: the revision, quoted.
     *
     * @return {@code "<revision>"} including the quotes
     */
    public String etag() {
        return '"' + revision + '"';
    }

    private static void requireShape(JsonNode data) {
        if (!data.isObject()) {
            throw new IllegalArgumentException("expected the exchange data to be a JSON object with \"agreements\" and"
                    + " \"participants\", found " + data.getNodeType());
        }
        for (String member : List.of("agreements", "participants")) {
            JsonNode value = data.get(member);
            if (value == null || !value.isObject()) {
                throw new IllegalArgumentException("expected the exchange data member \"" + member
                        + "\" to be an object keyed by id, found " + (value == null ? "none" : value.getNodeType()));
            }
        }
    }

    /**
     * Length-prefixed so no two different sets of files hash alike: for each file in name order,
     * its UTF-8 name, a 0 byte, its length as 8 bytes, its content.
     */
    private static String revisionOf(Map<String, byte[]> files) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest javadoc): this is a broken runtime.
            throw new IllegalStateException("expected the Java platform to provide SHA-256, found none", e);
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            sha256.update(file.getKey().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(file.getValue().length).array());
            sha256.update(file.getValue());
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static byte[] tarGz(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // JDK's GZIPOutputStream writes a fixed header (no name, time 0), so equal input gives equal bytes.
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out), "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().length);
                entry.setMode(FILE_MODE);
                entry.setLastModifiedTime(FileTime.fromMillis(0));
                // Some commons-compress versions default the owner to the JVM's user.name; the bytes
                // must never depend on the host that built them.
                entry.setUserName("");
                entry.setGroupName("");
                entry.setUserId(0);
                entry.setGroupId(0);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing an in-memory tar.gz failed", e);
        }
        return out.toByteArray();
    }

    /** The shipped Rego, read once from the classpath ({@code opa/…}, put there by policy/pom.xml). */
    private static final class PolicyFiles {

        static final Map<String, byte[]> CONTENT = load();

        private static Map<String, byte[]> load() {
            Map<String, byte[]> content = new TreeMap<>();
            for (String path : POLICY_FILES) {
                try (InputStream in = OpaBundle.class.getResourceAsStream(CLASSPATH_PREFIX + path)) {
                    if (in == null) {
                        throw new IllegalStateException("expected the Rego file " + CLASSPATH_PREFIX.substring(1) + path
                                + " on the classpath (policy/src/main/rego, copied by policy/pom.xml), found none");
                    }
                    content.put(path, in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException("reading the shipped Rego file " + path + " failed", e);
                }
            }
            return Map.copyOf(content);
        }
    }
}
