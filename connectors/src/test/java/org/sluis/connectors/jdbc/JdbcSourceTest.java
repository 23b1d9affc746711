package org.sluis.connectors.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sluis.policy.consent.KeyedHash;
import org.sluis.connectors.ConsentPushdown;
import org.sluis.connectors.RecordCursor;
import org.sluis.connectors.SourceRead;

class JdbcSourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BIG = 100_000;
    private static TestDatabase db;

    @BeforeAll
    static void createData() {
        db = TestDatabase.create();
        db.run("""
                CREATE TABLE typed (id bigint PRIMARY KEY, n int, small smallint, amount numeric(10,2), ratio float8,
                  r float4, name text, flag boolean, at timestamptz, local timestamp, day date, doc jsonb, tags text[],
                  nums int[], blob bytea, note varchar(10), uid uuid)""",
                """
                INSERT INTO typed VALUES
                 (1, 42, -7, 12.50, 0.25, 1.5, 'zoë "q"', true, '2024-05-01 10:30:00.123456+02', '2024-05-01 10:30:00',
                  '2024-05-01', '{"b":[1,2],"a":null}', '{x,"y z"}', '{{1,2},{3,4}}', '\\x0102ff', 'short',
                  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
                 (2, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null),
                 (3, 0, 0, 'NaN', 'Infinity', '-Infinity', '', false, 'infinity', '-infinity', 'infinity', '[]', '{}',
                  '{}', '', '', null)""",
                "CREATE TABLE events (seq int NOT NULL, at timestamptz NOT NULL UNIQUE, kind text, grp int)",
                """
                INSERT INTO events SELECT g, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour',
                  'k' || g, g % 3 FROM generate_series(1, 50) g""",
                "CREATE TABLE \"MixedCase\" (\"Id\" int PRIMARY KEY, \"Value\" text)",
                "INSERT INTO \"MixedCase\" VALUES (1, 'one')",
                "CREATE SCHEMA other",
                "CREATE TABLE other.things (code text PRIMARY KEY, label text)",
                "INSERT INTO other.things VALUES ('b', 'bee'), ('a', 'ay'), ('c', 'see')",
                "CREATE TABLE big (id int PRIMARY KEY, payload text NOT NULL)",
                "INSERT INTO big SELECT g, md5(g::text) FROM generate_series(1, " + BIG + ") g",
                "CREATE VIEW even_events AS SELECT * FROM events WHERE seq % 2 = 0");
    }

    @AfterAll
    static void dropData() {
        db.close();
    }

    private static JdbcSourceConfig table(String table) {
        return JdbcSourceConfig.ofTable(db.url(), null, null, table);
    }

    private static JdbcSourceConfig query(String sql, Optional<String> key) {
        return JdbcSourceConfig.ofQuery(db.url(), null, null, sql, key);
    }

    private static SourceRead read(Optional<Long> limit, Optional<String> since, String... fields) {
        return new SourceRead(Set.of(fields), limit, since, "agr-1", "consumer-1", "tr-1");
    }

    private static SourceRead all(String... fields) {
        return read(Optional.empty(), Optional.empty(), fields);
    }

    private static List<ObjectNode> readAll(JdbcSourceConfig config, SourceRead read) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        try (RecordCursor cursor = new JdbcSource(config).open(read)) {
            for (ObjectNode r; (r = cursor.next()) != null; ) {
                out.add(r);
            }
        }
        return out;
    }

    private static List<Integer> ints(List<ObjectNode> records, String field) {
        return records.stream().map(r -> r.get(field).intValue()).toList();
    }

    @Nested
    class ColumnTypes {
        @Test
        void eachPostgresTypeBecomesItsJson_exactly() throws IOException {
            ObjectNode first = readAll(table("typed"), all()).get(0);
            assertEquals("{\"id\":1,\"n\":42,\"small\":-7,\"amount\":12.50,\"ratio\":0.25,\"r\":1.5,\"name\":\"zoë \\\"q\\\"\","
                    + "\"flag\":true,\"at\":\"2024-05-01T08:30:00.123456Z\",\"local\":\"2024-05-01T10:30:00\","
                    + "\"day\":\"2024-05-01\",\"doc\":{\"a\":null,\"b\":[1,2]},\"tags\":[\"x\",\"y z\"],"
                    + "\"nums\":[[1,2],[3,4]],\"blob\":\"AQL/\",\"note\":\"short\","
                    + "\"uid\":\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"}", JSON.writeValueAsString(first));
        }

        @Test
        void sqlNull_becomesJsonNull_inEveryType() throws IOException {
            ObjectNode second = readAll(table("typed"), all()).get(1);
            for (String name : fieldNames(second)) {
                if (!name.equals("id")) {
                    assertTrue(second.get(name).isNull(), name + " should be null, was " + second.get(name));
                }
            }
            assertEquals(17, second.size());
        }

        @Test
        void nonFiniteNumbersAndInfiniteTimes_becomePostgresText() throws IOException {
            ObjectNode third = readAll(table("typed"), all("amount", "ratio", "r", "at", "local", "day", "doc", "tags", "blob"))
                    .get(2);
            assertEquals("{\"amount\":\"NaN\",\"ratio\":\"Infinity\",\"r\":\"-Infinity\",\"at\":\"infinity\","
                    + "\"local\":\"-infinity\",\"day\":\"infinity\",\"doc\":[],\"tags\":[],\"blob\":\"\"}",
                    JSON.writeValueAsString(third));
        }
    }

    @Nested
    class Projection {
        @Test
        void requestedFields_areTheOnlyOnes_inTheTablesColumnOrder() throws IOException {
            List<ObjectNode> records = readAll(table("typed"), all("flag", "name"));
            assertEquals(List.of("name", "flag"), fieldNames(records.get(0)));
        }

        @Test
        void orderKeyNotRequested_continuesPagesButIsNotYielded() throws IOException {
            List<ObjectNode> records = readAll(table("big").withSizes(100, 1000), all("payload"));
            assertEquals(BIG, records.size());
            assertEquals(List.of("payload"), fieldNames(records.get(BIG - 1)));
        }

        @Test
        void unknownField_isRefused_namingIt() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> readAll(table("typed"), all("name", "ssn")));
            assertTrue(e.getMessage().contains("[ssn]"), e.getMessage());
        }

        @Test
        void sqlInFieldName_isRefusedAsUnknown_andRunsNothing() throws Exception {
            String attack = "id\" FROM typed; DROP TABLE typed; --";
            assertThrows(IllegalArgumentException.class, () -> readAll(table("typed"), all(attack)));
            assertEquals(3, readAll(table("typed"), all("id")).size());
        }

        @Test
        void quotedNames_keepTheirCase() throws IOException {
            List<ObjectNode> records = readAll(table("MixedCase"), all("Value"));
            assertEquals("[{\"Value\":\"one\"}]", JSON.writeValueAsString(records));
        }

        @Test
        void schemaQualifiedTable_isReadInPrimaryKeyOrder() throws IOException {
            List<ObjectNode> records = readAll(table("other.things"), all("code"));
            assertEquals(List.of("a", "b", "c"), records.stream().map(r -> r.get("code").asText()).toList());
        }
    }

    @Nested
    class Configuration {
        @Test
        void sqlInTableName_isRefused() {
            for (String attack : List.of("typed; DROP TABLE typed", "typed\"", "pg_catalog.pg_authid a", "a.b.c", "")) {
                assertThrows(IllegalArgumentException.class, () -> table(attack), attack);
            }
        }

        @Test
        void missingTable_isAnIOException_namingIt() {
            IOException e = assertThrows(IOException.class, () -> readAll(table("nope"), all()));
            assertTrue(e.getMessage().contains("\"nope\""), e.getMessage());
        }

        @Test
        void password_isInNoStringAndNoMessage() {
            JdbcSourceConfig config = JdbcSourceConfig.ofTable(db.url().replaceFirst("\\?.*", "") + "?password=hunter2",
                    "nobody_here", "s3cret-pw", "typed");
            IOException e = assertThrows(IOException.class, () -> readAll(config, all()));
            assertFalse(config.toString().contains("s3cret-pw") || config.toString().contains("hunter2"), config.toString());
            assertFalse(e.getMessage().contains("s3cret-pw") || e.getMessage().contains("hunter2"), e.getMessage());
        }

        @Test
        void notUniqueOrderKeyOnATable_isRefused() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> readAll(table("events").withOrderKey("grp"), all()));
            assertTrue(e.getMessage().contains("'grp'"), e.getMessage());
        }

        @Test
        void tableWithoutPrimaryKey_readsInOneCursor_butRefusesSince() throws IOException {
            assertEquals(25, readAll(table("even_events").withSizes(10, 10), all()).size());
            assertThrows(IllegalArgumentException.class,
                    () -> readAll(table("even_events"), read(Optional.empty(), Optional.of("3"))));
        }
    }

    @Nested
    class Since {
        @Test
        void since_yieldsRecordsAfterThatKey_inKeyOrder() throws IOException {
            List<ObjectNode> records = readAll(table("big").withSizes(10, 100), read(Optional.empty(), Optional.of("99950")));
            assertEquals(java.util.stream.IntStream.rangeClosed(99_951, BIG).boxed().toList(), ints(records, "id"));
        }

        @Test
        void since_isReadAsTheKeyColumnsType() throws IOException {
            List<ObjectNode> records = readAll(table("events").withOrderKey("at"),
                    read(Optional.empty(), Optional.of("2024-01-03T00:00:00+02:00"), "seq"));
            // 2024-01-02T22:00Z is seq 46; timestamptz comparison, not text comparison.
            assertEquals(List.of(47, 48, 49, 50), ints(records, "seq"));
        }

        @Test
        void sinceNotOfTheKeysType_isRefused() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> readAll(table("big"), read(Optional.empty(), Optional.of("1 OR 1=1"))));
            assertTrue(e.getMessage().contains("'id' (int4)"), e.getMessage());
        }
    }

    @Nested
    class Limit {
        @Test
        void limit_capsTheRecords_acrossPages() throws IOException {
            List<ObjectNode> records = readAll(table("big").withSizes(10, 10), read(Optional.of(25L), Optional.empty(), "id"));
            assertEquals(java.util.stream.IntStream.rangeClosed(1, 25).boxed().toList(), ints(records, "id"));
        }

        @Test
        void limitWithSince_countsFromTheResumePoint() throws IOException {
            List<ObjectNode> records = readAll(table("big"), read(Optional.of(3L), Optional.of("10"), "id"));
            assertEquals(List.of(11, 12, 13), ints(records, "id"));
        }
    }

    @Nested
    class QuerySource {
        @Test
        void query_takesProjectionSinceAndLimitAroundIt() throws IOException {
            List<ObjectNode> records = readAll(
                    query("SELECT seq, kind, seq * 10 AS tens FROM events WHERE grp = 0 -- comment\n;", Optional.of("seq")),
                    read(Optional.of(2L), Optional.of("10"), "tens"));
            assertEquals("[{\"tens\":120},{\"tens\":150}]", JSON.writeValueAsString(records));
        }

        @Test
        void queryWithoutOrderKey_readsEverythingInOneCursor() throws IOException {
            assertEquals(50, readAll(query("SELECT kind FROM events", Optional.empty()).withSizes(7, 7), all()).size());
        }

        @Test
        void repeatedOrderKey_isAnIOException_notSilentLoss() {
            IOException e = assertThrows(IOException.class,
                    () -> readAll(query("SELECT grp FROM events", Optional.of("grp")), all()));
            assertTrue(e.getMessage().contains("unique"), e.getMessage());
        }

        @Test
        void queryThatWrites_failsInTheReadOnlyTransaction() throws Exception {
            db.run("CREATE SEQUENCE counter");
            IOException e = assertThrows(IOException.class,
                    () -> readAll(query("SELECT nextval('counter') AS n", Optional.empty()), all()));
            assertTrue(e.getMessage().contains("read-only transaction"), e.getMessage());
        }

        @Test
        void dataModifyingCte_cannotBeWrapped_andIsRefused() throws Exception {
            assertThrows(IOException.class, () -> readAll(
                    query("WITH gone AS (DELETE FROM events RETURNING seq) SELECT seq FROM gone", Optional.empty()), all()));
            assertEquals(50, readAll(table("events").withOrderKey("at"), all()).size());
        }
    }

    @Nested
    class Streaming {
        @Test
        void hundredThousandRows_arriveOnceEach_inKeyOrder() throws IOException {
            int expected = 1;
            try (RecordCursor cursor = new JdbcSource(table("big")).open(all())) {
                for (ObjectNode r; (r = cursor.next()) != null; expected++) {
                    assertEquals(expected, r.get("id").intValue());
                }
                assertNull(cursor.next());
            }
            assertEquals(BIG + 1, expected);
        }

        @Test
        void eachPage_isItsOwnTransaction() throws IOException {
            List<ObjectNode> records = readAll(
                    query("SELECT id, now() AS tx_started FROM big", Optional.of("id")).withSizes(1000, 10_000), all());
            assertEquals(BIG, records.size());
            Set<String> transactions = new HashSet<>();
            records.forEach(r -> transactions.add(r.get("tx_started").asText()));
            assertEquals(10, transactions.size());
        }

        @Test
        void rowsAreProducedAsTheCursorIsRead_notAllAtOpen() throws IOException, InterruptedException {
            try (RecordCursor cursor = new JdbcSource(
                    query("SELECT id, clock_timestamp() AS produced FROM big", Optional.empty()).withSizes(1000, 1000))
                    .open(all())) {
                Instant first = Instant.parse(cursor.next().get("produced").asText());
                Thread.sleep(300);
                JsonNode last = null;
                for (ObjectNode r; (r = cursor.next()) != null; ) {
                    last = r;
                }
                Instant lastProduced = Instant.parse(last.get("produced").asText());
                assertTrue(Duration.between(first, lastProduced).toMillis() >= 300,
                        "the server produced the last row " + Duration.between(first, lastProduced)
                                + " after the first: it did not wait for the reader");
            }
        }

        @Test
        void rowsCommittedDuringTheTransfer_afterTheLastKey_arePickedUp() throws IOException, SQLException {
            db.run("CREATE TABLE growing (id int PRIMARY KEY)", "INSERT INTO growing SELECT generate_series(10, 100, 10)");
            List<Integer> ids = new ArrayList<>();
            try (RecordCursor cursor = new JdbcSource(table("growing").withSizes(2, 2)).open(all());
                 Connection c = db.connect(); Statement st = c.createStatement()) {
                ids.add(cursor.next().get("id").intValue());
                ids.add(cursor.next().get("id").intValue());
                st.execute("INSERT INTO growing VALUES (5), (55), (1000)"); // 5 is behind the read; 55 and 1000 ahead
                for (ObjectNode r; (r = cursor.next()) != null; ) {
                    ids.add(r.get("id").intValue());
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM growing")) {
                    rs.next();
                    assertEquals(13, rs.getInt(1));
                }
            }
            assertEquals(List.of(10, 20, 30, 40, 50, 55, 60, 70, 80, 90, 100, 1000), ids);
        }
    }

    @Nested
    class ConsentPushdownInSql {
        /** The custodian's subject key; the exchange derives it, here any 32 bytes will do. */
        static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        static final KeyedHash HASH = new KeyedHash(KEY);

        @BeforeAll
        static void createPatients() {
            db.run("""
                    CREATE TABLE IF NOT EXISTS patients (id int PRIMARY KEY, pid text, num bigint, uid uuid, code char(4), v int)""",
                    """
                    INSERT INTO patients VALUES
                     (1, 'p-1', 101, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'c1', 10),
                     (2, 'p-2', 102, 'b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12', 'c2', 20),
                     (3, 'zoë', -103, null, 'c3', 30),
                     (4, 'p-4', 104, 'd0eebc99-9c0b-4ef8-bb6d-6bb9bd380a14', 'c4', 40),
                     (5, null, null, null, null, 50)
                    ON CONFLICT DO NOTHING""");
        }

        private static SourceRead consent(String field, boolean admitListed, String... subjects) {
            Set<String> listed = new HashSet<>();
            for (String s : subjects) {
                listed.add(HASH.hash(s));
            }
            return new SourceRead(Set.of("id"), Optional.empty(), Optional.empty(), "agr-1", "consumer-1", "tr-1",
                    Optional.of(new ConsentPushdown(field, KEY, admitListed, listed)));
        }

        @Test
        void optIn_theDatabaseReturnsOnlyTheListedSubjects() throws IOException {
            assertEquals(List.of(2, 3), ints(readAll(table("patients"), consent("pid", true, "p-2", "zoë", "p-9")), "id"));
        }

        @Test
        void optOut_theDatabaseReturnsAllButTheListed_andNoRowWithoutASubject() throws IOException {
            assertEquals(List.of(1, 3, 4), ints(readAll(table("patients"), consent("pid", false, "p-2")), "id"));
        }

        @Test
        void optInWithNobodyListed_returnsNothing() throws IOException {
            assertEquals(List.of(), readAll(table("patients"), consent("pid", true)));
        }

        @Test
        void integerAndUuidSubjects_areHashedAsTheirJsonText() throws IOException {
            assertEquals(List.of(3, 4), ints(readAll(table("patients"), consent("num", true, "-103", "104")), "id"));
            assertEquals(List.of(1), ints(readAll(table("patients"), consent("uid", true, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")), "id"));
        }

        @Test
        void acrossPages_andAfterSince_theConditionAndTheKeyBindInOrder() throws IOException {
            SourceRead read = consent("pid", false, "p-4");
            assertEquals(List.of(1, 2, 3), ints(readAll(table("patients").withSizes(1, 1), read), "id"));
            SourceRead after = new SourceRead(read.fields(), Optional.empty(), Optional.of("1"), "agr-1", "consumer-1", "tr-1", read.consent());
            assertEquals(List.of(2, 3), ints(readAll(table("patients").withSizes(1, 1), after), "id"));
        }

        @Test
        void aQuerySource_isFilteredToo() throws IOException {
            JdbcSourceConfig q = query("SELECT id, pid FROM patients WHERE v >= 20", Optional.of("id"));
            assertEquals(List.of(2), ints(readAll(q, consent("pid", true, "p-1", "p-2")), "id"));
        }

        @Test
        void aColumnWhoseTextIsNotTheRecordsText_isNotPushedDown_soEveryRowArrives() throws IOException {
            // char(4) pads 'c1' to 'c1  ' in the record but its ::text drops the padding: hashing in SQL would differ.
            assertEquals(List.of(1, 2, 3, 4, 5), ints(readAll(table("patients"), consent("code", true, "c1")), "id"));
        }

        @Test
        void aSubjectFieldThatIsNoColumn_isNotPushedDown() throws IOException {
            assertEquals(List.of(1, 2, 3, 4, 5), ints(readAll(table("patients"), consent("pid\" OR true --", true, "p-1")), "id"));
        }
    }

    private static List<String> fieldNames(ObjectNode record) {
        List<String> names = new ArrayList<>();
        record.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
