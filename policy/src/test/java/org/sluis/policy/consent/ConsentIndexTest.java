package org.sluis.policy.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConsentIndexTest {
    static final String ALICE = hash(1);
    static final String BOB = hash(2);
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final String LAB = "urn:sluis:participant:lab";
    static final String UMC = "urn:sluis:participant:umc";
    static final String RESEARCH_INSTITUTES = "urn:sluis:participant-category:research-institute";

    /** A well-formed subject hash (43 base64url characters) standing for subject {@code n}. */
    static String hash(int n) {
        return String.format("%043d", n);
    }

    /** The lab asks for cohort-2026 (a health dataset) for scientific research, now. */
    static ConsentQuery query(ConsentMode mode) {
        return new ConsentQuery(mode, "cohort-2026", Set.of("health"), Set.of("scientific-research"), Set.of(LAB, RESEARCH_INSTITUTES), NOW);
    }

    static Consent dataset(boolean permit, Set<String> purposes, Set<String> recipients) {
        return new Consent(ALICE, Optional.of("cohort-2026"), Optional.empty(), purposes, recipients, Optional.empty(), Optional.empty(), permit);
    }

    static Consent category(boolean permit, Set<String> purposes, Set<String> recipients) {
        return new Consent(ALICE, Optional.empty(), Optional.of("health"), purposes, recipients, Optional.empty(), Optional.empty(), permit);
    }

    static Consent during(boolean permit, Instant from, Instant until) {
        return new Consent(ALICE, Optional.of("cohort-2026"), Optional.empty(), Set.of(), Set.of(), Optional.ofNullable(from),
                Optional.ofNullable(until), permit);
    }

    static boolean permits(ConsentMode mode, Consent... consents) {
        return ConsentIndex.of(List.of(consents)).permits(ALICE, query(mode));
    }

    @Nested
    class Modes {
        @Test
        void opt_in_without_consent_denies() {
            assertFalse(ConsentIndex.empty().permits(ALICE, query(ConsentMode.OPT_IN)));
        }

        @Test
        void opt_out_without_consent_permits() {
            assertTrue(ConsentIndex.empty().permits(ALICE, query(ConsentMode.OPT_OUT)));
        }

        @Test
        void opt_in_with_a_permission_permits() {
            assertTrue(permits(ConsentMode.OPT_IN, dataset(true, Set.of(), Set.of())));
        }

        @Test
        void opt_out_with_a_denial_denies() {
            assertFalse(permits(ConsentMode.OPT_OUT, dataset(false, Set.of(), Set.of())));
        }

        @Test
        void mode_none_permits_despite_a_denial() {
            assertTrue(permits(ConsentMode.NONE, dataset(false, Set.of(), Set.of())));
        }

        @Test
        void another_subjects_permission_does_not_let_a_subject_in() {
            Consent bobs = new Consent(BOB, Optional.of("cohort-2026"), Optional.empty(), Set.of(), Set.of(), Optional.empty(),
                    Optional.empty(), true);
            assertFalse(ConsentIndex.of(List.of(bobs)).permits(ALICE, query(ConsentMode.OPT_IN)));
        }

        @Test
        void exceptions_are_the_permitted_under_opt_in_and_the_denied_under_opt_out() {
            Consent alicePermits = dataset(true, Set.of(), Set.of());
            Consent bobDenies = new Consent(BOB, Optional.of("cohort-2026"), Optional.empty(), Set.of(), Set.of(), Optional.empty(),
                    Optional.empty(), false);
            ConsentIndex index = ConsentIndex.of(List.of(alicePermits, bobDenies));
            assertEquals(Set.of(ALICE), index.exceptions(query(ConsentMode.OPT_IN)));
            assertEquals(Set.of(BOB), index.exceptions(query(ConsentMode.OPT_OUT)));
            assertEquals(Set.of(), index.exceptions(query(ConsentMode.NONE)));
        }

        @Test
        void size_counts_every_consent_given() {
            assertEquals(3, ConsentIndex.of(List.of(dataset(true, Set.of(), Set.of()), dataset(false, Set.of(), Set.of()),
                    category(true, Set.of(), Set.of()))).size());
        }

        @Test
        void the_empty_index_has_size_zero() {
            assertEquals(0, ConsentIndex.empty().size());
        }
    }

    /**
     * Two applicable consents, in both orders of giving them, and which one decides. Each row:
     * name, first consent, second consent, expected decision (under opt-in and opt-out alike,
     * since an applicable consent decides whatever the mode).
     */
    static Stream<Arguments> specificity() {
        Set<String> any = Set.of();
        Set<String> research = Set.of("scientific-research");
        Set<String> lab = Set.of(LAB);
        return Stream.of(
                Arguments.of("dataset permit beats category deny", dataset(true, any, any), category(false, any, any), true),
                Arguments.of("dataset deny beats category permit", dataset(false, any, any), category(true, any, any), false),
                Arguments.of("dataset permit for anything beats category deny for purpose and recipient",
                        dataset(true, any, any), category(false, research, lab), true),
                Arguments.of("purpose permit beats unrestricted deny", dataset(true, research, any), dataset(false, any, any), true),
                Arguments.of("recipient permit beats unrestricted deny", dataset(true, any, lab), dataset(false, any, any), true),
                Arguments.of("purpose-and-recipient permit beats purpose deny", dataset(true, research, lab), dataset(false, research, any), true),
                Arguments.of("purpose-and-recipient deny beats recipient permit", dataset(false, research, lab), dataset(true, any, lab), false),
                Arguments.of("category purpose permit beats category deny", category(true, research, any), category(false, any, any), true),
                Arguments.of("equal: unrestricted deny beats unrestricted permit", dataset(false, any, any), dataset(true, any, any), false),
                Arguments.of("equal: purpose deny beats recipient permit", dataset(false, research, any), dataset(true, any, lab), false),
                Arguments.of("equal: recipient deny beats purpose permit", dataset(false, any, lab), dataset(true, research, any), false),
                Arguments.of("equal: category deny beats category permit", category(false, research, lab), category(true, research, lab), false),
                Arguments.of("equal permits permit", dataset(true, research, any), dataset(true, any, lab), true));
    }

    @Nested
    class Specificity {
        @ParameterizedTest(name = "{0}")
        @MethodSource("org.sluis.policy.consent.ConsentIndexTest#specificity")
        void the_most_specific_applicable_consent_decides_under_opt_in(String name, Consent a, Consent b, boolean expected) {
            assertEquals(expected, permits(ConsentMode.OPT_IN, a, b));
            assertEquals(expected, permits(ConsentMode.OPT_IN, b, a));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.sluis.policy.consent.ConsentIndexTest#specificity")
        void the_most_specific_applicable_consent_decides_under_opt_out(String name, Consent a, Consent b, boolean expected) {
            assertEquals(expected, permits(ConsentMode.OPT_OUT, a, b));
            assertEquals(expected, permits(ConsentMode.OPT_OUT, b, a));
        }

        @Test
        void a_more_specific_consent_that_does_not_apply_leaves_the_decision_to_the_next() {
            Consent forPublicHealth = dataset(true, Set.of("public-health"), Set.of(LAB));
            assertFalse(permits(ConsentMode.OPT_IN, forPublicHealth, dataset(false, Set.of(), Set.of())));
        }

        @Test
        void ranks_are_four_to_six_for_datasets_and_zero_to_two_for_categories() {
            assertEquals(List.of(4, 5, 6, 0, 1, 2), Stream.of(dataset(true, Set.of(), Set.of()), dataset(true, Set.of("x"), Set.of()),
                    dataset(true, Set.of("x"), Set.of("y")), category(true, Set.of(), Set.of()), category(true, Set.of(), Set.of("y")),
                    category(true, Set.of("x"), Set.of("y"))).map(Consent::specificity).toList());
        }
    }

    @Nested
    class Matching {
        @Test
        void a_category_consent_applies_to_a_dataset_of_that_category() {
            assertTrue(permits(ConsentMode.OPT_IN, category(true, Set.of(), Set.of())));
        }

        @Test
        void a_category_consent_does_not_apply_to_a_dataset_of_another_category() {
            Consent mobility = new Consent(ALICE, Optional.empty(), Optional.of("mobility"), Set.of(), Set.of(), Optional.empty(),
                    Optional.empty(), true);
            assertFalse(permits(ConsentMode.OPT_IN, mobility));
        }

        @Test
        void a_dataset_consent_does_not_apply_to_another_dataset() {
            Consent other = new Consent(ALICE, Optional.of("cohort-2025"), Optional.empty(), Set.of(), Set.of(), Optional.empty(),
                    Optional.empty(), true);
            assertFalse(permits(ConsentMode.OPT_IN, other));
        }

        @Test
        void a_consent_for_a_broader_purpose_applies_through_the_widened_query() {
            ConsentQuery narrow = new ConsentQuery(ConsentMode.OPT_IN, "cohort-2026", Set.of("health"),
                    Set.of("cancer-registry-research", "scientific-research"), Set.of(LAB), NOW);
            assertTrue(ConsentIndex.of(List.of(dataset(true, Set.of("scientific-research"), Set.of()))).permits(ALICE, narrow));
        }

        @Test
        void a_consent_for_a_narrower_purpose_does_not_apply_to_the_broader_request() {
            assertFalse(permits(ConsentMode.OPT_IN, dataset(true, Set.of("cancer-registry-research"), Set.of())));
        }

        @Test
        void a_consent_for_one_of_several_purposes_applies() {
            assertTrue(permits(ConsentMode.OPT_IN, dataset(true, Set.of("public-health", "scientific-research"), Set.of())));
        }

        @Test
        void a_consent_for_a_recipient_category_applies_to_a_member() {
            assertTrue(permits(ConsentMode.OPT_IN, dataset(true, Set.of(), Set.of(RESEARCH_INSTITUTES))));
        }

        @Test
        void a_consent_for_another_recipient_does_not_apply() {
            assertFalse(permits(ConsentMode.OPT_IN, dataset(true, Set.of(), Set.of(UMC))));
        }

        @Test
        void a_denial_for_another_recipient_does_not_stop_this_one() {
            assertTrue(permits(ConsentMode.OPT_OUT, dataset(false, Set.of(), Set.of(UMC))));
        }
    }

    @Nested
    class Period {
        static final Instant BEFORE = NOW.minusNanos(1);
        static final Instant AFTER = NOW.plusNanos(1);

        @Test
        void valid_from_is_inclusive_at_the_exact_instant() {
            assertTrue(permits(ConsentMode.OPT_IN, during(true, NOW, null)));
        }

        @Test
        void valid_from_one_nanosecond_later_does_not_apply_yet() {
            assertFalse(permits(ConsentMode.OPT_IN, during(true, AFTER, null)));
        }

        @Test
        void valid_until_is_exclusive_at_the_exact_instant() {
            assertFalse(permits(ConsentMode.OPT_IN, during(true, null, NOW)));
        }

        @Test
        void valid_until_one_nanosecond_later_still_applies() {
            assertTrue(permits(ConsentMode.OPT_IN, during(true, null, AFTER)));
        }

        @Test
        void a_period_around_now_applies() {
            assertTrue(permits(ConsentMode.OPT_IN, during(true, BEFORE, AFTER)));
        }

        @Test
        void an_expired_denial_no_longer_stops_an_opt_out() {
            assertTrue(permits(ConsentMode.OPT_OUT, during(false, null, NOW)));
        }

        @Test
        void an_expired_more_specific_permission_leaves_the_decision_to_a_current_denial() {
            Consent expired = new Consent(ALICE, Optional.of("cohort-2026"), Optional.empty(), Set.of("scientific-research"), Set.of(LAB),
                    Optional.empty(), Optional.of(NOW), true);
            assertFalse(permits(ConsentMode.OPT_OUT, expired, dataset(false, Set.of(), Set.of())));
        }
    }

    /** The index against a reference that ranks by brute force, on random consent sets. */
    @Nested
    class AgainstReference {
        static boolean reference(List<Consent> consents, String subject, ConsentQuery q) {
            if (q.mode() == ConsentMode.NONE) {
                return true;
            }
            int best = -1;
            boolean decision = q.mode() == ConsentMode.OPT_OUT;
            for (Consent c : consents) {
                if (!c.subjectHash().equals(subject) || !c.appliesTo(q)) {
                    continue;
                }
                if (c.specificity() > best) {
                    best = c.specificity();
                    decision = c.permit();
                } else if (c.specificity() == best) {
                    decision &= c.permit();
                }
            }
            return decision;
        }

        @Test
        void agrees_on_ten_thousand_random_cases_and_so_do_its_exceptions() {
            SplittableRandom random = new SplittableRandom(20261123);
            List<String> purposes = List.of("scientific-research", "public-health", "marketing");
            List<String> recipients = List.of(LAB, UMC, RESEARCH_INSTITUTES);
            int disagreements = 0;
            int exceptionDisagreements = 0;
            for (int round = 0; round < 10_000; round++) {
                List<Consent> consents = new ArrayList<>();
                int n = random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    boolean onDataset = random.nextBoolean();
                    Optional<Instant> from = random.nextInt(3) == 0 ? Optional.of(NOW.plusSeconds(random.nextInt(3) - 1)) : Optional.empty();
                    Optional<Instant> until = random.nextInt(3) == 0 ? Optional.of(NOW.plusSeconds(random.nextInt(3))) : Optional.empty();
                    if (from.isPresent() && until.isPresent() && !from.get().isBefore(until.get())) {
                        until = Optional.empty();
                    }
                    consents.add(new Consent(hash(random.nextInt(2)), onDataset ? Optional.of(random.nextBoolean() ? "cohort-2026" : "other")
                            : Optional.empty(), onDataset ? Optional.empty() : Optional.of(random.nextBoolean() ? "health" : "mobility"),
                            pick(random, purposes), pick(random, recipients), from, until, random.nextBoolean()));
                }
                ConsentMode mode = ConsentMode.values()[random.nextInt(3)];
                ConsentQuery q = new ConsentQuery(mode, "cohort-2026", Set.of("health"), pick(random, purposes), pick(random, recipients), NOW);
                ConsentIndex index = ConsentIndex.of(consents);
                if (index.permits(hash(0), q) != reference(consents, hash(0), q)) {
                    disagreements++;
                }
                Set<String> exceptions = index.exceptions(q);
                for (int subject = 0; subject < 3; subject++) { // hash(2) never has a consent
                    boolean listed = exceptions.contains(hash(subject));
                    boolean expected = mode != ConsentMode.NONE && reference(consents, hash(subject), q) == (mode == ConsentMode.OPT_IN);
                    if (listed != expected) {
                        exceptionDisagreements++;
                    }
                }
            }
            assertEquals(0, disagreements);
            assertEquals(0, exceptionDisagreements);
        }

        private static Set<String> pick(SplittableRandom random, List<String> values) {
            Set<String> out = new java.util.HashSet<>();
            for (String v : values) {
                if (random.nextInt(3) == 0) {
                    out.add(v);
                }
            }
            return out;
        }
    }
}
