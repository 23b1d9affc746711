package org.sluis.connectors.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.connectors.pipeline.ListCursor.drain;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sluis.connectors.ConsentPushdown;
import org.sluis.connectors.RecordCursor;
import org.sluis.connectors.SourceRead;
import org.sluis.connectors.pipeline.ObligationPipeline.PipelineKeys;
import org.sluis.policy.Obligation;
import org.sluis.policy.consent.Consent;
import org.sluis.policy.consent.ConsentIndex;
import org.sluis.policy.consent.ConsentMode;
import org.sluis.policy.consent.ConsentQuery;
import org.sluis.policy.consent.ConsentView;
import org.sluis.policy.consent.KeyedHash;
import org.sluis.policy.consent.Pseudonymiser;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ObligationPipelineTest {
    static final KeyedHash SUBJECT_KEY = new KeyedHash(bytes(0));
    static final KeyedHash PSEUDONYM_KEY = new KeyedHash(bytes(32));
    static final PipelineKeys KEYS = new PipelineKeys(SUBJECT_KEY, PSEUDONYM_KEY);
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final Supplier<ConsentView> NO_CONSENTS = ConsentIndex::empty;
    static final Pseudonymiser A17 = Pseudonymiser.forAgreement(PSEUDONYM_KEY, "a-17");

    static byte[] bytes(int from) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (from + i);
        }
        return key;
    }

    static ConsentQuery query(ConsentMode mode) {
        return new ConsentQuery(mode, "cohort-2026", Set.of("health"), Set.of("scientific-research"),
                Set.of("urn:sluis:participant:lab"), NOW);
    }

    static Obligation.ConsentFilter consentFilter(ConsentMode mode) {
        return new Obligation.ConsentFilter(mode, "subject", query(mode));
    }

    static Consent consent(String rawSubject, boolean permit) {
        return new Consent(SUBJECT_KEY.hash(rawSubject), Optional.of("cohort-2026"), Optional.empty(), Set.of(), Set.of(),
                Optional.empty(), Optional.empty(), permit);
    }

    static Supplier<ConsentView> consents(Consent... consents) {
        ConsentIndex index = ConsentIndex.of(List.of(consents));
        return () -> index;
    }

    static List<String> run(ListCursor source, List<Obligation> obligations, Set<String> requested) throws IOException {
        return drain(ObligationPipeline.apply(source, obligations, KEYS, NO_CONSENTS, requested));
    }

    static List<String> run(ListCursor source, List<Obligation> obligations) throws IOException {
        return run(source, obligations, Set.of());
    }

    static ListCursor patients() {
        return new ListCursor(
                "{\"subject\":\"s1\",\"patient\":\"P1\",\"age\":41,\"zip\":\"1011\"}",
                "{\"subject\":\"s2\",\"patient\":\"P2\",\"age\":52,\"zip\":\"1012\"}",
                "{\"subject\":\"s3\",\"patient\":\"P3\",\"age\":63,\"zip\":\"1011\"}");
    }

    @Nested
    class WithoutObligations {
        @Test
        void delivers_every_record_unchanged() throws IOException {
            assertEquals(List.of("{\"subject\":\"s1\",\"patient\":\"P1\",\"age\":41,\"zip\":\"1011\"}",
                    "{\"subject\":\"s2\",\"patient\":\"P2\",\"age\":52,\"zip\":\"1012\"}",
                    "{\"subject\":\"s3\",\"patient\":\"P3\",\"age\":63,\"zip\":\"1011\"}"), run(patients(), List.of()));
        }

        @Test
        void applies_nothing_for_a_delete_by_deadline_which_the_consumer_fulfils() throws IOException {
            assertEquals(run(patients(), List.of()), run(patients(), List.of(new Obligation.DeleteBy(NOW))));
        }

        @Test
        void closing_the_pipeline_closes_the_source() {
            ListCursor source = patients();
            ObligationPipeline.apply(source, List.of(new Obligation.CapRecords(1), new Obligation.Aggregate(List.of("zip"), 1)),
                    KEYS, NO_CONSENTS, Set.of("age")).close();
            assertTrue(source.closed());
        }
    }

    @Nested
    class ConsentFilterStage {
        @Test
        void under_opt_in_delivers_only_the_records_of_subjects_who_permitted() throws IOException {
            List<String> out = drain(ObligationPipeline.apply(patients(), List.of(consentFilter(ConsentMode.OPT_IN)), KEYS,
                    consents(consent("s2", true), consent("s3", false)), Set.of()));
            assertEquals(List.of("{\"subject\":\"s2\",\"patient\":\"P2\",\"age\":52,\"zip\":\"1012\"}"), out);
        }

        @Test
        void under_opt_out_delivers_every_record_but_those_of_subjects_who_denied() throws IOException {
            List<String> out = drain(ObligationPipeline.apply(patients(), List.of(consentFilter(ConsentMode.OPT_OUT)), KEYS,
                    consents(consent("s2", false)), Set.of()));
            assertEquals(List.of("{\"subject\":\"s1\",\"patient\":\"P1\",\"age\":41,\"zip\":\"1011\"}",
                    "{\"subject\":\"s3\",\"patient\":\"P3\",\"age\":63,\"zip\":\"1011\"}"), out);
        }

        @Test
        void under_opt_out_does_not_deliver_a_record_without_the_subject_field() throws IOException {
            ListCursor source = new ListCursor("{\"patient\":\"P1\"}", "{\"subject\":\"s2\",\"patient\":\"P2\"}");
            assertEquals(List.of("{\"subject\":\"s2\",\"patient\":\"P2\"}"), drain(ObligationPipeline.apply(source,
                    List.of(consentFilter(ConsentMode.OPT_OUT)), KEYS, NO_CONSENTS, Set.of())));
        }

        @Test
        void under_opt_in_does_not_deliver_a_record_without_the_subject_field_even_if_everyone_permitted() throws IOException {
            ListCursor source = new ListCursor("{\"patient\":\"P1\"}", "{\"subject\":\"s2\",\"patient\":\"P2\"}");
            ConsentView everyone = (hash, q) -> true;
            assertEquals(List.of("{\"subject\":\"s2\",\"patient\":\"P2\"}"), drain(ObligationPipeline.apply(source,
                    List.of(consentFilter(ConsentMode.OPT_IN)), KEYS, () -> everyone, Set.of())));
        }

        @Test
        void does_not_deliver_a_record_whose_subject_is_null_or_nested() throws IOException {
            ListCursor source = new ListCursor("{\"subject\":null}", "{\"subject\":{\"id\":\"s1\"}}", "{\"subject\":\"s1\"}");
            assertEquals(List.of("{\"subject\":\"s1\"}"), drain(ObligationPipeline.apply(source,
                    List.of(consentFilter(ConsentMode.OPT_OUT)), KEYS, NO_CONSENTS, Set.of())));
        }

        @Test
        void asks_about_a_numeric_subject_as_its_text() throws IOException {
            ListCursor source = new ListCursor("{\"subject\":4711}", "{\"subject\":4712}");
            assertEquals(List.of("{\"subject\":4712}"), drain(ObligationPipeline.apply(source,
                    List.of(consentFilter(ConsentMode.OPT_OUT)), KEYS, consents(consent("4711", false)), Set.of())));
        }

        @Test
        void a_revocation_stops_the_very_next_record_read() throws IOException {
            ListCursor source = new ListCursor("{\"subject\":\"s1\",\"n\":1}", "{\"subject\":\"s1\",\"n\":2}",
                    "{\"subject\":\"s2\",\"n\":3}");
            AtomicReference<ConsentView> current = new AtomicReference<>(ConsentIndex.empty());
            try (RecordCursor out = ObligationPipeline.apply(source, List.of(consentFilter(ConsentMode.OPT_OUT)), KEYS,
                    current::get, Set.of())) {
                assertEquals("{\"subject\":\"s1\",\"n\":1}", out.next().toString());
                current.set(ConsentIndex.of(List.of(consent("s1", false))));
                assertEquals("{\"subject\":\"s2\",\"n\":3}", out.next().toString());
                assertNull(out.next());
            }
        }

        @Test
        void asks_the_consent_supplier_for_the_current_view_once_per_record() throws IOException {
            AtomicInteger asked = new AtomicInteger();
            ConsentIndex index = ConsentIndex.empty();
            drain(ObligationPipeline.apply(patients(), List.of(consentFilter(ConsentMode.OPT_OUT)), KEYS, () -> {
                asked.incrementAndGet();
                return index;
            }, Set.of()));
            assertEquals(3, asked.get());
        }

        @Test
        void decides_on_the_subject_field_even_when_it_was_not_requested() throws IOException {
            List<String> out = drain(ObligationPipeline.apply(patients(), List.of(consentFilter(ConsentMode.OPT_IN)), KEYS,
                    consents(consent("s3", true)), Set.of("age")));
            assertEquals(List.of("{\"age\":63}"), out);
        }

        @Test
        void decides_on_the_raw_subject_even_when_the_subject_field_is_pseudonymised_and_dropped() throws IOException {
            List<Obligation> obligations = List.of(new Obligation.DropFields(Set.of("subject")),
                    new Obligation.Pseudonymise(Set.of("subject"), "agreement:a-17"), consentFilter(ConsentMode.OPT_IN));
            List<String> out = drain(ObligationPipeline.apply(patients(), obligations, KEYS, consents(consent("s1", true)),
                    Set.of()));
            assertEquals(List.of("{\"patient\":\"P1\",\"age\":41,\"zip\":\"1011\"}"), out);
        }

        @Test
        void refuses_a_filter_whose_query_is_for_another_mode() {
            Obligation.ConsentFilter mismatched = new Obligation.ConsentFilter(ConsentMode.OPT_IN, "subject",
                    query(ConsentMode.OPT_OUT));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ObligationPipeline.apply(patients(), List.of(mismatched), KEYS, NO_CONSENTS, Set.of()));
            assertEquals("expected the consent query's mode to be the filter's opt-in, found opt-out", e.getMessage());
        }
    }

    @Nested
    class Projection {
        @Test
        void keeps_only_the_requested_fields_in_source_order() throws IOException {
            assertEquals(List.of("{\"patient\":\"P1\",\"zip\":\"1011\"}", "{\"patient\":\"P2\",\"zip\":\"1012\"}",
                    "{\"patient\":\"P3\",\"zip\":\"1011\"}"), run(patients(), List.of(), Set.of("zip", "patient")));
        }

        @Test
        void delivers_an_empty_record_when_it_has_none_of_the_requested_fields() throws IOException {
            assertEquals(List.of("{}"), run(new ListCursor("{\"a\":1}"), List.of(), Set.of("b")));
        }
    }

    @Nested
    class DropFieldsStage {
        @Test
        void removes_the_fields_and_ignores_those_a_record_lacks() throws IOException {
            ListCursor source = new ListCursor("{\"subject\":\"s1\",\"patient\":\"P1\",\"age\":41}", "{\"age\":52}");
            assertEquals(List.of("{\"age\":41}", "{\"age\":52}"),
                    run(source, List.of(new Obligation.DropFields(Set.of("subject", "patient")))));
        }

        @Test
        void a_dropped_field_stays_dropped_even_if_requested() throws IOException {
            assertEquals(List.of("{\"age\":41}", "{\"age\":52}", "{\"age\":63}"),
                    run(patients(), List.of(new Obligation.DropFields(Set.of("patient"))), Set.of("patient", "age")));
        }
    }

    @Nested
    class PseudonymiseStage {
        @Test
        void replaces_text_values_with_the_agreements_pseudonyms() throws IOException {
            List<String> out = run(new ListCursor("{\"patient\":\"P1\",\"age\":41}"),
                    List.of(new Obligation.Pseudonymise(Set.of("patient"), "agreement:a-17")));
            assertEquals(List.of("{\"patient\":\"" + A17.pseudonym("P1") + "\",\"age\":41}"), out);
        }

        @Test
        void pseudonymises_a_number_and_a_boolean_as_their_text_and_a_nested_value_as_its_json() throws IOException {
            List<String> out = run(new ListCursor("{\"n\":4711,\"b\":true,\"o\":{\"x\":[1,2]}}"),
                    List.of(new Obligation.Pseudonymise(Set.of("n", "b", "o"), "agreement:a-17")));
            assertEquals(List.of("{\"n\":\"" + A17.pseudonym("4711") + "\",\"b\":\"" + A17.pseudonym("true") + "\",\"o\":\""
                    + A17.pseudonym("{\"x\":[1,2]}") + "\"}"), out);
        }

        @Test
        void leaves_null_null_and_a_missing_field_missing() throws IOException {
            assertEquals(List.of("{\"patient\":null}", "{\"age\":3}"), run(new ListCursor("{\"patient\":null}", "{\"age\":3}"),
                    List.of(new Obligation.Pseudonymise(Set.of("patient"), "agreement:a-17"))));
        }

        @Test
        void gives_the_same_value_the_same_pseudonym_within_one_agreement() throws IOException {
            List<String> out = run(new ListCursor("{\"p\":\"P1\"}", "{\"p\":\"P1\"}", "{\"p\":\"P2\"}"),
                    List.of(new Obligation.Pseudonymise(Set.of("p"), "agreement:a-17")));
            assertEquals(out.get(0), out.get(1));
            assertNotEquals(out.get(0), out.get(2));
        }

        @Test
        void gives_the_same_value_different_pseudonyms_under_two_agreements() throws IOException {
            String a17 = run(new ListCursor("{\"p\":\"P1\"}"), List.of(new Obligation.Pseudonymise(Set.of("p"), "agreement:a-17")))
                    .get(0);
            String a18 = run(new ListCursor("{\"p\":\"P1\"}"), List.of(new Obligation.Pseudonymise(Set.of("p"), "agreement:a-18")))
                    .get(0);
            assertNotEquals(a17, a18);
            assertEquals("{\"p\":\"" + Pseudonymiser.forAgreement(PSEUDONYM_KEY, "a-18").pseudonym("P1") + "\"}", a18);
        }

        @Test
        void drops_rather_than_pseudonymises_a_field_named_by_both() throws IOException {
            assertEquals(List.of("{\"age\":41}"), run(new ListCursor("{\"patient\":\"P1\",\"age\":41}"),
                    List.of(new Obligation.Pseudonymise(Set.of("patient"), "agreement:a-17"),
                            new Obligation.DropFields(Set.of("patient")))));
        }

        @Test
        void refuses_a_key_label_that_names_no_agreement() {
            Obligation.Pseudonymise odd = new Obligation.Pseudonymise(Set.of("p"), "dataset:d-1");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ObligationPipeline.apply(patients(), List.of(odd), KEYS, NO_CONSENTS, Set.of()));
            assertEquals("expected a pseudonym key label 'agreement:<agreementId>', found 'dataset:d-1'", e.getMessage());
        }
    }

    @Nested
    class AggregateStage {
        @Test
        void delivers_one_count_per_group_sorted_by_the_grouping_values() throws IOException {
            ListCursor source = new ListCursor("{\"zip\":\"1012\",\"sex\":\"f\"}", "{\"zip\":\"1011\",\"sex\":\"m\"}",
                    "{\"zip\":\"1011\",\"sex\":\"f\"}", "{\"zip\":\"1011\",\"sex\":\"m\"}");
            assertEquals(List.of("{\"zip\":\"1011\",\"sex\":\"f\",\"count\":1}", "{\"zip\":\"1011\",\"sex\":\"m\",\"count\":2}",
                    "{\"zip\":\"1012\",\"sex\":\"f\",\"count\":1}"),
                    run(source, List.of(new Obligation.Aggregate(List.of("zip", "sex"), 1))));
        }

        @Test
        void suppresses_a_group_of_k_minus_one_and_keeps_a_group_of_k() throws IOException {
            ListCursor source = new ListCursor("{\"zip\":\"A\"}", "{\"zip\":\"B\"}", "{\"zip\":\"A\"}", "{\"zip\":\"B\"}",
                    "{\"zip\":\"A\"}");
            assertEquals(List.of("{\"zip\":\"A\",\"count\":3}"), run(source, List.of(new Obligation.Aggregate(List.of("zip"), 3))));
        }

        @Test
        void gives_the_same_output_whatever_the_input_order() throws IOException {
            List<String> records = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                records.add("{\"zip\":\"" + (char) ('A' + i % 7) + "\",\"age\":" + (i % 3) + "}");
            }
            Obligation.Aggregate aggregate = new Obligation.Aggregate(List.of("zip", "age"), 2);
            List<String> forward = run(new ListCursor(records.toArray(new String[0])), List.of(aggregate));
            Collections.shuffle(records, new Random(7));
            List<String> shuffled = run(new ListCursor(records.toArray(new String[0])), List.of(aggregate));
            assertEquals(forward, shuffled);
            assertEquals("{\"zip\":\"A\",\"age\":0,\"count\":2}", forward.get(0));
        }

        @Test
        void counts_records_missing_a_grouping_field_with_those_whose_value_is_null_and_sorts_them_first() throws IOException {
            ListCursor source = new ListCursor("{\"zip\":\"1011\"}", "{\"age\":3}", "{\"zip\":null}");
            assertEquals(List.of("{\"zip\":null,\"count\":2}", "{\"zip\":\"1011\",\"count\":1}"),
                    run(source, List.of(new Obligation.Aggregate(List.of("zip"), 1))));
        }

        @Test
        void sorts_numbers_by_value_and_groups_equal_numbers_whatever_their_notation() throws IOException {
            ListCursor source = new ListCursor("{\"n\":10}", "{\"n\":9}", "{\"n\":1.0}", "{\"n\":1}", "{\"n\":-2.5}");
            assertEquals(List.of("{\"n\":-2.5,\"count\":1}", "{\"n\":1.0,\"count\":2}", "{\"n\":9,\"count\":1}",
                    "{\"n\":10,\"count\":1}"), run(source, List.of(new Obligation.Aggregate(List.of("n"), 1))));
        }

        @Test
        void without_grouping_fields_delivers_one_overall_count() throws IOException {
            assertEquals(List.of("{\"count\":3}"), run(patients(), List.of(new Obligation.Aggregate(List.of(), 3))));
        }

        @Test
        void without_grouping_fields_delivers_nothing_for_fewer_than_k_records() throws IOException {
            assertEquals(List.of(), run(patients(), List.of(new Obligation.Aggregate(List.of(), 4))));
        }

        @Test
        void keeps_its_grouping_fields_even_when_other_fields_were_requested() throws IOException {
            assertEquals(List.of("{\"zip\":\"1011\",\"count\":2}", "{\"zip\":\"1012\",\"count\":1}"),
                    run(patients(), List.of(new Obligation.Aggregate(List.of("zip"), 1)), Set.of("age")));
        }

        @Test
        void groups_by_pseudonym_when_the_grouping_field_is_pseudonymised() throws IOException {
            List<String> out = run(patients(), List.of(new Obligation.Aggregate(List.of("zip"), 2),
                    new Obligation.Pseudonymise(Set.of("zip"), "agreement:a-17")));
            assertEquals(List.of("{\"zip\":\"" + A17.pseudonym("1011") + "\",\"count\":2}"), out);
        }

        @Test
        void over_a_million_recycled_records_in_ten_groups_holds_no_more_than_ten_groups() throws IOException {
            // maxGroups = 10 makes holding anything beyond one entry per group fail the run; the source
            // reuses one record object, so a stage that kept records would count the wrong groups.
            RecordCursor out = ObligationPipeline.apply(new GeneratedCursor(1_000_000, 10),
                    List.of(new Obligation.Aggregate(List.of("region"), 1)), KEYS, NO_CONSENTS, Set.of(), 10);
            List<String> expected = new ArrayList<>();
            for (int g = 0; g < 10; g++) {
                expected.add("{\"region\":\"r" + g + "\",\"count\":100000}");
            }
            assertEquals(expected, drain(out));
        }

        @Test
        void fails_the_transfer_beyond_the_group_limit() {
            RecordCursor out = ObligationPipeline.apply(new GeneratedCursor(100, 4),
                    List.of(new Obligation.Aggregate(List.of("region"), 1)), KEYS, NO_CONSENTS, Set.of(), 3);
            IOException e = assertThrows(IOException.class, out::next);
            assertEquals("expected at most 3 groups for an aggregate by [region], found more; the grouping fields are too fine"
                    + " to aggregate", e.getMessage());
        }

        @Test
        void refuses_two_different_aggregates() {
            List<Obligation> two = List.of(new Obligation.Aggregate(List.of("zip"), 5), new Obligation.Aggregate(List.of("age"), 5));
            assertThrows(IllegalArgumentException.class,
                    () -> ObligationPipeline.apply(patients(), two, KEYS, NO_CONSENTS, Set.of()));
        }

        @Test
        void refuses_grouping_by_the_count_member() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ObligationPipeline.apply(patients(),
                    List.of(new Obligation.Aggregate(List.of("count"), 5)), KEYS, NO_CONSENTS, Set.of()));
            assertEquals("expected grouping fields other than 'count', the aggregate's count, found [count]", e.getMessage());
        }
    }

    @Nested
    class CapStage {
        @Test
        void delivers_at_most_max_records_and_reads_no_further() throws IOException {
            ListCursor source = patients();
            assertEquals(List.of("{\"subject\":\"s1\",\"patient\":\"P1\",\"age\":41,\"zip\":\"1011\"}",
                    "{\"subject\":\"s2\",\"patient\":\"P2\",\"age\":52,\"zip\":\"1012\"}"),
                    run(source, List.of(new Obligation.CapRecords(2))));
            assertEquals(2, source.read());
        }

        @Test
        void a_cap_of_zero_reads_nothing() throws IOException {
            ListCursor source = patients();
            assertEquals(List.of(), run(source, List.of(new Obligation.CapRecords(0))));
            assertEquals(0, source.read());
        }

        @Test
        void the_smaller_of_two_caps_wins() throws IOException {
            assertEquals(1, run(patients(), List.of(new Obligation.CapRecords(2), new Obligation.CapRecords(1))).size());
        }

        @Test
        void records_the_consent_filter_refused_do_not_use_up_the_cap() throws IOException {
            List<String> out = drain(ObligationPipeline.apply(patients(),
                    List.of(new Obligation.CapRecords(1), consentFilter(ConsentMode.OPT_OUT)), KEYS,
                    consents(consent("s1", false)), Set.of("subject")));
            assertEquals(List.of("{\"subject\":\"s2\"}"), out);
        }

        @Test
        void after_an_aggregate_caps_the_groups_delivered() throws IOException {
            assertEquals(List.of("{\"zip\":\"1011\",\"count\":2}"),
                    run(patients(), List.of(new Obligation.CapRecords(1), new Obligation.Aggregate(List.of("zip"), 1))));
        }
    }

    @Nested
    class Combined {
        final List<Obligation> all = List.of(consentFilter(ConsentMode.OPT_OUT), new Obligation.DropFields(Set.of("zip")),
                new Obligation.Pseudonymise(Set.of("patient"), "agreement:a-17"), new Obligation.CapRecords(1),
                new Obligation.DeleteBy(NOW));

        @Test
        void filters_projects_drops_pseudonymises_and_caps_in_that_order() throws IOException {
            List<String> out = drain(ObligationPipeline.apply(patients(), all, KEYS, consents(consent("s1", false)),
                    Set.of("patient", "age", "zip")));
            assertEquals(List.of("{\"patient\":\"" + A17.pseudonym("P2") + "\",\"age\":52}"), out);
        }

        @Test
        void gives_the_same_output_whatever_order_the_obligations_come_in() throws IOException {
            List<Obligation> reversed = new ArrayList<>(all);
            Collections.reverse(reversed);
            assertEquals(drain(ObligationPipeline.apply(patients(), all, KEYS, consents(consent("s1", false)), Set.of())),
                    drain(ObligationPipeline.apply(patients(), reversed, KEYS, consents(consent("s1", false)), Set.of())));
        }

        @Test
        void aggregates_only_the_records_consent_admits() throws IOException {
            List<String> out = drain(ObligationPipeline.apply(patients(),
                    List.of(new Obligation.Aggregate(List.of("zip"), 1), consentFilter(ConsentMode.OPT_OUT)), KEYS,
                    consents(consent("s3", false)), Set.of()));
            assertEquals(List.of("{\"zip\":\"1011\",\"count\":1}", "{\"zip\":\"1012\",\"count\":1}"), out);
        }
    }

    @Nested
    class Columns {
        @Test
        void are_the_grouping_fields_and_the_count_under_an_aggregate() {
            assertEquals(List.of("zip", "sex", "count"), ObligationPipeline.columns(
                    List.of(new Obligation.Aggregate(List.of("zip", "sex"), 5)), Set.of("age")));
        }

        @Test
        void are_the_requested_fields_not_dropped_sorted_by_name() {
            assertEquals(List.of("age", "zip"), ObligationPipeline.columns(
                    List.of(new Obligation.DropFields(Set.of("patient"))), Set.of("zip", "patient", "age")));
        }

        @Test
        void are_none_when_every_field_was_requested() {
            assertEquals(List.of(), ObligationPipeline.columns(List.of(), Set.of()));
        }
    }

    @Nested
    class SourceReadAndLimit {
        final SourceRead asked = new SourceRead(Set.of("age"), Optional.of(2L), Optional.of("7"), "a-17", "lab", "t-1");
        final byte[] key = bytes(0);

        SourceRead forSource(Obligation... obligations) {
            return ObligationPipeline.sourceRead(List.of(obligations), asked, ConsentIndex.of(List.of(consent("s1", false),
                    consent("s2", true))), key);
        }

        @Test
        void without_obligations_is_what_the_consumer_asked_for() {
            assertEquals(asked, forSource());
        }

        @Test
        void asks_for_the_subject_field_and_the_grouping_fields_too_and_for_no_limit_when_records_may_be_dropped_or_merged() {
            SourceRead read = forSource(consentFilter(ConsentMode.OPT_OUT), new Obligation.Aggregate(List.of("zip"), 2));
            assertEquals(Set.of("age", "subject", "zip"), read.fields());
            assertEquals(Optional.empty(), read.limit());
            assertEquals(Optional.of("7"), read.since());
        }

        @Test
        void asks_for_all_fields_when_the_consumer_did() {
            SourceRead all = new SourceRead(Set.of(), Optional.empty(), Optional.empty(), "a-17", "lab", "t-1");
            assertEquals(Set.of(), ObligationPipeline.sourceRead(List.of(consentFilter(ConsentMode.OPT_IN)), all, ConsentIndex.empty(), key)
                    .fields());
        }

        @Test
        void keeps_the_limit_when_only_projection_drops_and_pseudonyms_apply() {
            Obligation pseudonymise = new Obligation.Pseudonymise(Set.of("patient"), "agreement:a-17");
            assertEquals(Optional.of(2L), forSource(new Obligation.DropFields(Set.of("zip")), pseudonymise).limit());
        }

        @Test
        void pushes_down_the_consent_filter_with_the_subjects_that_depart_from_the_default() {
            assertEquals(Optional.of(new ConsentPushdown("subject", key, false, Set.of(SUBJECT_KEY.hash("s1")))),
                    forSource(consentFilter(ConsentMode.OPT_OUT)).consent());
            assertEquals(Optional.of(new ConsentPushdown("subject", key, true, Set.of(SUBJECT_KEY.hash("s2")))),
                    forSource(consentFilter(ConsentMode.OPT_IN)).consent());
            assertEquals(Optional.empty(), forSource().consent());
        }

        @Test
        void the_consumers_limit_caps_what_is_delivered_after_the_consent_filter() throws IOException {
            List<String> out = drain(ObligationPipeline.apply(patients(), List.of(consentFilter(ConsentMode.OPT_OUT)), KEYS,
                    consents(consent("s1", false)), Set.of("subject"), Optional.of(1L)));
            assertEquals(List.of("{\"subject\":\"s2\"}"), out);
        }
    }
}
