package org.sluis.policy.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConsentFilterTest {
    static final KeyedHash SUBJECT_KEY = new KeyedHash(KeyedHashTest.KEY);
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    static ConsentQuery query(ConsentMode mode) {
        return new ConsentQuery(mode, "cohort-2026", Set.of("health"), Set.of("scientific-research"),
                Set.of("urn:sluis:participant:lab"), NOW);
    }

    static Consent consent(String rawSubject, boolean permit) {
        return new Consent(SUBJECT_KEY.hash(rawSubject), Optional.of("cohort-2026"), Optional.empty(), Set.of(), Set.of(),
                Optional.empty(), Optional.empty(), permit);
    }

    @Nested
    class Admits {
        @Test
        void admits_a_subject_whose_hash_has_a_permission_under_opt_in() {
            ConsentFilter filter = new ConsentFilter(ConsentIndex.of(List.of(consent("pseudo-4711", true))), SUBJECT_KEY,
                    query(ConsentMode.OPT_IN));
            assertTrue(filter.admits("pseudo-4711"));
        }

        @Test
        void refuses_a_subject_without_consent_under_opt_in() {
            ConsentFilter filter = new ConsentFilter(ConsentIndex.of(List.of(consent("pseudo-4711", true))), SUBJECT_KEY,
                    query(ConsentMode.OPT_IN));
            assertFalse(filter.admits("pseudo-4712"));
        }

        @Test
        void refuses_a_subject_whose_hash_has_a_denial_under_opt_out() {
            ConsentFilter filter = new ConsentFilter(ConsentIndex.of(List.of(consent("pseudo-4711", false))), SUBJECT_KEY,
                    query(ConsentMode.OPT_OUT));
            assertFalse(filter.admits("pseudo-4711"));
        }

        @Test
        void does_not_find_a_consent_stored_under_another_subject_key() {
            KeyedHash otherKey = SUBJECT_KEY.derive("another exchange");
            Consent elsewhere = new Consent(otherKey.hash("pseudo-4711"), Optional.of("cohort-2026"), Optional.empty(), Set.of(), Set.of(),
                    Optional.empty(), Optional.empty(), false);
            assertTrue(new ConsentFilter(ConsentIndex.of(List.of(elsewhere)), SUBJECT_KEY, query(ConsentMode.OPT_OUT)).admits("pseudo-4711"));
        }

        @Test
        void refuses_a_record_without_subject_under_opt_out() {
            assertFalse(new ConsentFilter(ConsentIndex.empty(), SUBJECT_KEY, query(ConsentMode.OPT_OUT)).admits(null));
        }

        @Test
        void under_mode_none_admits_without_asking_the_view() {
            AtomicInteger asked = new AtomicInteger();
            ConsentView counting = (hash, q) -> {
                asked.incrementAndGet();
                return false;
            };
            ConsentFilter filter = new ConsentFilter(counting, SUBJECT_KEY, query(ConsentMode.NONE));
            assertTrue(filter.admits("pseudo-4711") && filter.admits(null));
            assertEquals(0, asked.get());
        }

        @Test
        void sees_a_revocation_on_the_next_record_of_a_memoised_subject() {
            AtomicReference<ConsentIndex> current = new AtomicReference<>(ConsentIndex.of(List.of(consent("pseudo-4711", true))));
            ConsentView live = (hash, q) -> current.get().permits(hash, q);
            ConsentFilter filter = new ConsentFilter(live, SUBJECT_KEY, query(ConsentMode.OPT_IN));
            assertTrue(filter.admits("pseudo-4711"));
            current.set(ConsentIndex.empty());
            assertFalse(filter.admits("pseudo-4711"));
        }

        @Test
        void refuses_a_negative_memo_limit() {
            assertThrows(IllegalArgumentException.class, () -> new ConsentFilter(ConsentIndex.empty(), SUBJECT_KEY, query(ConsentMode.OPT_IN), -1));
        }
    }

    @Nested
    class Memo {
        @Test
        void never_holds_more_subjects_than_its_limit() {
            ConsentFilter filter = new ConsentFilter(ConsentIndex.empty(), SUBJECT_KEY, query(ConsentMode.OPT_OUT), 3);
            int most = 0;
            for (int i = 0; i < 100; i++) {
                filter.admits("pseudo-" + i);
                most = Math.max(most, filter.memoSize());
            }
            assertEquals(3, most);
        }

        @Test
        void with_limit_zero_remembers_nothing() {
            ConsentFilter filter = new ConsentFilter(ConsentIndex.empty(), SUBJECT_KEY, query(ConsentMode.OPT_OUT), 0);
            filter.admits("pseudo-4711");
            assertEquals(0, filter.memoSize());
        }

        @Test
        void gives_the_subject_key_hash_whether_remembered_or_not() {
            ConsentFilter filter = new ConsentFilter(ConsentIndex.empty(), SUBJECT_KEY, query(ConsentMode.OPT_OUT), 2);
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 5; i++) {
                    assertEquals(SUBJECT_KEY.hash("pseudo-" + i), filter.subjectHash("pseudo-" + i));
                }
            }
        }

        @Test
        void answers_the_same_with_and_without_memo_over_a_stream() {
            List<Consent> consents = List.of(consent("pseudo-1", false), consent("pseudo-2", true), consent("pseudo-3", false));
            ConsentFilter memoised = new ConsentFilter(ConsentIndex.of(consents), SUBJECT_KEY, query(ConsentMode.OPT_OUT), 2);
            ConsentFilter plain = new ConsentFilter(ConsentIndex.of(consents), SUBJECT_KEY, query(ConsentMode.OPT_OUT), 0);
            int agreed = 0;
            for (int i = 0; i < 40; i++) {
                String subject = "pseudo-" + (i * 7 % 5);
                agreed += memoised.admits(subject) == plain.admits(subject) ? 1 : 0;
            }
            assertEquals(40, agreed);
        }
    }
}
