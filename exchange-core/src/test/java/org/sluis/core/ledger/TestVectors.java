package org.sluis.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Loads the test data under {@code src/test/resources/rfc9162}: the transparency-dev/merkle
 * verification vectors (one case per file) and the Certificate Transparency reference tree.
 */
final class TestVectors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private TestVectors() {
    }

    /** One inclusion case file: {@code (String name, JsonNode case)} per file, sorted by path. */
    static Stream<Arguments> inclusionCases() {
        return casesUnder("inclusion");
    }

    /** One consistency case file: {@code (String name, JsonNode case)} per file, sorted by path. */
    static Stream<Arguments> consistencyCases() {
        return casesUnder("consistency");
    }

    /** Number of case files under {@code rfc9162/<folder>}. */
    static long countCases(String folder) {
        return casesUnder(folder).count();
    }

    private static Stream<Arguments> casesUnder(String folder) {
        URL url = TestVectors.class.getResource("/rfc9162/" + folder);
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IllegalStateException(
                    "expected rfc9162/" + folder + " as a directory on the test classpath, found " + url);
        }
        try {
            Path root = Path.of(url.toURI());
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(p -> p.getFileName().toString().endsWith(".json")).sorted()
                        .collect(Collectors.toList());
            }
            List<Arguments> cases = new ArrayList<>();
            for (Path file : files) {
                String name = folder + "/" + root.relativize(file).toString().replace('\\', '/');
                cases.add(Arguments.of(name, JSON.readTree(file.toFile())));
            }
            return cases.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON number read as Go's uint64 would store it, i.e. its low 64 bits. */
    static long uint64(JsonNode node) {
        return node.bigIntegerValue().longValue();
    }

    static byte[] base64(JsonNode node) {
        return Base64.getDecoder().decode(node.asText());
    }

    /** A proof array; JSON null (as in {@code consistency/0/happy-path.json}) is the empty proof. */
    static List<byte[]> base64List(JsonNode node) {
        List<byte[]> hashes = new ArrayList<>();
        if (node != null && !node.isNull()) {
            node.forEach(element -> hashes.add(base64(element)));
        }
        return hashes;
    }

    static byte[] hex(String text) {
        return HEX.parseHex(text);
    }

    static String hex(byte[] hash) {
        return HEX.formatHex(hash);
    }

    /** Hashes as hex strings, so that list assertions compare contents and print readably. */
    static List<String> hexes(List<byte[]> hashes) {
        return hashes.stream().map(TestVectors::hex).collect(Collectors.toList());
    }

    /** The Certificate Transparency reference tree of eight leaves and its published hashes. */
    record Reference(List<byte[]> leaves, List<byte[]> roots, List<List<byte[]>> nodeHashes,
            List<InclusionCase> inclusionProofs, List<ConsistencyCase> consistencyProofs) {

        static Reference load() {
            try (InputStream in = TestVectors.class.getResourceAsStream("/rfc9162/reference-vectors.json")) {
                if (in == null) {
                    throw new IllegalStateException("expected rfc9162/reference-vectors.json on the test classpath");
                }
                JsonNode json = JSON.readTree(in);
                List<List<byte[]>> levels = new ArrayList<>();
                json.get("nodeHashes").forEach(level -> levels.add(hexList(level)));
                List<InclusionCase> inclusion = new ArrayList<>();
                json.get("inclusionProofs").forEach(c -> inclusion.add(new InclusionCase(
                        c.get("leafIndex").asLong(), c.get("treeSize").asLong(), hexList(c.get("proof")))));
                List<ConsistencyCase> consistency = new ArrayList<>();
                json.get("consistencyProofs").forEach(c -> consistency.add(new ConsistencyCase(
                        c.get("size1").asLong(), c.get("size2").asLong(), hexList(c.get("proof")))));
                return new Reference(hexList(json.get("leaves")), hexList(json.get("roots")), levels,
                        inclusion, consistency);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static List<byte[]> hexList(JsonNode array) {
            List<byte[]> hashes = new ArrayList<>();
            array.forEach(element -> hashes.add(hex(element.asText())));
            return hashes;
        }
    }

    record InclusionCase(long leafIndex, long treeSize, List<byte[]> proof) {
    }

    record ConsistencyCase(long size1, long size2, List<byte[]> proof) {
    }
}
