package org.sluis.policy.opa;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sluis.contracts.canonical.CanonicalJson;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OpaBundleTest {

    /** Surefire runs in the module directory, so the Rego sources are here. */
    private static final Path REGO_SOURCES = Path.of("src/main/rego");

    private static ObjectNode exchangeData() {
        return (ObjectNode) OpaFixtures.resource("exchange-data.json");
    }

    /** The bundle read back with a reader other than the writer: GZIP from the JDK, tar from commons-compress. */
    private static Map<String, TarArchiveEntry> headers(OpaBundle bundle) {
        Map<String, TarArchiveEntry> headers = new LinkedHashMap<>();
        read(bundle, (entry, content) -> headers.put(entry.getName(), entry));
        return headers;
    }

    private static Map<String, byte[]> contents(OpaBundle bundle) {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        read(bundle, (entry, content) -> contents.put(entry.getName(), content));
        return contents;
    }

    private interface EntryVisitor {
        void visit(TarArchiveEntry entry, byte[] content);
    }

    private static void read(OpaBundle bundle, EntryVisitor visitor) {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(new ByteArrayInputStream(bundle.bytes())), "UTF-8")) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                visitor.visit(entry, tar.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(byte[] content) throws IOException {
        return OpaFixtures.JSON.readTree(content);
    }

    @Nested
    class Entries {

        @Test
        void are_the_manifest_the_shipped_rego_and_the_data_in_name_order() {
            List<String> names = new ArrayList<>(headers(OpaBundle.build(exchangeData())).keySet());
            assertEquals(List.of(".manifest", "sluis/baseline/baseline.rego", "sluis/exchange/data.json"), names);
        }

        @Test
        void carry_no_test_rego() {
            assertFalse(headers(OpaBundle.build(exchangeData())).keySet().stream().anyMatch(n -> n.endsWith("_test.rego")));
        }

        @Test
        void are_plain_files_with_no_trace_of_the_host_that_built_them() {
            for (TarArchiveEntry entry : headers(OpaBundle.build(exchangeData())).values()) {
                assertTrue(entry.isFile(), entry.getName());
                assertEquals(0644, entry.getMode() & 07777, entry.getName());
                assertEquals(0L, entry.getLastModifiedTime().toMillis(), entry.getName());
                assertEquals("", entry.getUserName(), entry.getName());
                assertEquals("", entry.getGroupName(), entry.getName());
                assertEquals(0L, entry.getLongUserId(), entry.getName());
                assertEquals(0L, entry.getLongGroupId(), entry.getName());
            }
        }

        @Test
        void hold_the_rego_exactly_as_reviewed_in_src_main_rego() throws IOException {
            Map<String, byte[]> contents = contents(OpaBundle.build(exchangeData()));
            for (String file : OpaBundle.POLICY_FILES) {
                assertArrayEquals(Files.readAllBytes(REGO_SOURCES.resolve(file)), contents.get(file), file);
            }
        }

        @Test
        void list_every_shipped_rego_file_so_none_is_forgotten() throws IOException {
            List<String> shipped;
            try (Stream<Path> files = Files.walk(REGO_SOURCES)) {
                shipped = files.filter(p -> p.toString().endsWith(".rego") && !p.toString().endsWith("_test.rego"))
                        .map(p -> REGO_SOURCES.relativize(p).toString().replace('\\', '/'))
                        .sorted()
                        .toList();
            }
            assertEquals(shipped, OpaBundle.POLICY_FILES.stream().sorted().toList());
        }
    }

    @Nested
    class Data {

        @Test
        void is_the_exchange_data_as_canonical_json() {
            ObjectNode data = exchangeData();
            byte[] content = contents(OpaBundle.build(data)).get(OpaBundle.DATA_FILE);
            assertArrayEquals(CanonicalJson.canonicalize(data), content);
        }

        @Test
        void reads_back_as_the_exchange_data() throws IOException {
            ObjectNode data = exchangeData();
            assertEquals(data, json(contents(OpaBundle.build(data)).get(OpaBundle.DATA_FILE)));
        }

        @Test
        void passes_extra_members_through() throws IOException {
            ObjectNode data = exchangeData();
            data.putObject("datasets").putObject("icu-admissions").put("domain", "health");
            JsonNode read = json(contents(OpaBundle.build(data)).get(OpaBundle.DATA_FILE));
            assertEquals("health", read.path("datasets").path("icu-admissions").path("domain").asText());
        }

        @Test
        void may_have_no_agreements_and_no_participants() throws IOException {
            ObjectNode data = OpaFixtures.JSON.createObjectNode();
            data.putObject("agreements");
            data.putObject("participants");
            assertEquals(data, json(contents(OpaBundle.build(data)).get(OpaBundle.DATA_FILE)));
        }
    }

    @Nested
    class Manifest {

        @Test
        void names_the_revision_and_the_sluis_root_only() throws IOException {
            OpaBundle bundle = OpaBundle.build(exchangeData());
            JsonNode manifest = json(contents(bundle).get(OpaBundle.MANIFEST_FILE));
            ObjectNode expected = OpaFixtures.JSON.createObjectNode();
            expected.put("revision", bundle.revision());
            expected.putArray("roots").add("sluis");
            assertEquals(expected, manifest);
        }

        @Test
        void revision_is_64_lowercase_hex_digits() {
            assertTrue(OpaBundle.build(exchangeData()).revision().matches("[0-9a-f]{64}"));
        }
    }

    @Nested
    class Revision {

        @Test
        void same_facts_give_the_same_bytes_and_revision() {
            OpaBundle first = OpaBundle.build(exchangeData());
            OpaBundle second = OpaBundle.build(exchangeData());
            assertArrayEquals(first.bytes(), second.bytes());
            assertEquals(first.revision(), second.revision());
        }

        @Test
        void does_not_depend_on_the_order_members_were_added_in() {
            ObjectNode reordered = OpaFixtures.JSON.createObjectNode();
            reordered.set("agreements", exchangeData().get("agreements"));
            reordered.set("participants", exchangeData().get("participants"));
            assertEquals(OpaBundle.build(exchangeData()).revision(), OpaBundle.build(reordered).revision());
        }

        @Test
        void changes_when_an_agreement_is_terminated() {
            ObjectNode changed = exchangeData();
            ((ObjectNode) changed.path("agreements").path("agr-1")).put("status", "terminated");
            assertNotEquals(OpaBundle.build(exchangeData()).revision(), OpaBundle.build(changed).revision());
        }

        @Test
        void changes_when_an_agreement_is_added() {
            ObjectNode changed = exchangeData();
            ((ObjectNode) changed.path("agreements")).putObject("agr-2").put("status", "active");
            assertNotEquals(OpaBundle.build(exchangeData()).revision(), OpaBundle.build(changed).revision());
        }

        @Test
        void changes_when_a_participant_is_suspended() {
            ObjectNode changed = exchangeData();
            ((ObjectNode) changed.path("participants").path(OpaFixtures.UMC)).put("status", "suspended");
            assertNotEquals(OpaBundle.build(exchangeData()).revision(), OpaBundle.build(changed).revision());
        }

        @Test
        void changed_facts_give_different_bytes_too() {
            ObjectNode changed = exchangeData();
            ((ObjectNode) changed.path("agreements").path("agr-1")).put("status", "terminated");
            assertFalse(Arrays.equals(OpaBundle.build(exchangeData()).bytes(), OpaBundle.build(changed).bytes()));
        }
    }

    @Nested
    class Etag {

        @Test
        void is_the_revision_quoted_as_a_strong_etag() {
            OpaBundle bundle = OpaBundle.build(exchangeData());
            assertEquals("\"" + bundle.revision() + "\"", bundle.etag());
        }

        @Test
        void changes_with_the_revision() {
            ObjectNode changed = exchangeData();
            ((ObjectNode) changed.path("agreements").path("agr-1")).put("status", "terminated");
            assertNotEquals(OpaBundle.build(exchangeData()).etag(), OpaBundle.build(changed).etag());
        }
    }

    @Nested
    class Build {

        @Test
        void rejects_data_that_is_not_an_object() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OpaBundle.build(OpaFixtures.JSON.createArrayNode()));
            assertTrue(e.getMessage().contains("found ARRAY"), e.getMessage());
        }

        @Test
        void rejects_data_without_agreements() {
            ObjectNode data = exchangeData();
            data.remove("agreements");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpaBundle.build(data));
            assertTrue(e.getMessage().contains("\"agreements\" to be an object keyed by id, found none"), e.getMessage());
        }

        @Test
        void rejects_participants_that_are_not_an_object() {
            ObjectNode data = exchangeData();
            data.putArray("participants");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpaBundle.build(data));
            assertTrue(e.getMessage().contains("\"participants\" to be an object keyed by id, found ARRAY"), e.getMessage());
        }

        @Test
        void rejects_a_number_OPA_would_read_differently() {
            ObjectNode data = exchangeData();
            ((ObjectNode) data.path("agreements").path("agr-1")).put("count", new BigInteger("9007199254740993"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpaBundle.build(data));
            assertTrue(e.getMessage().contains("I-JSON"), e.getMessage());
        }

        @Test
        void hands_out_a_copy_of_its_bytes() {
            OpaBundle bundle = OpaBundle.build(exchangeData());
            byte[] bytes = bundle.bytes();
            bytes[0] = (byte) ~bytes[0];
            assertNotEquals(bytes[0], bundle.bytes()[0]);
        }

        @Test
        void is_a_gzip_stream() {
            byte[] bytes = OpaBundle.build(exchangeData()).bytes();
            assertEquals(0x1f, bytes[0] & 0xff);
            assertEquals(0x8b, bytes[1] & 0xff);
        }

        @Test
        void shipped_rego_is_the_baseline_package() {
            byte[] rego = contents(OpaBundle.build(exchangeData())).get("sluis/baseline/baseline.rego");
            assertTrue(new String(rego, UTF_8).contains("\npackage sluis.baseline\n"));
        }
    }
}
