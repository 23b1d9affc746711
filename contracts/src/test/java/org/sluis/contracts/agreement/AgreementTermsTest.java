package org.sluis.contracts.agreement;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sluis.contracts.odrl.Action;
import org.sluis.contracts.odrl.ConflictStrategy;
import org.sluis.contracts.odrl.Constraint;
import org.sluis.contracts.odrl.LeftOperands;
import org.sluis.contracts.odrl.LogicalOperator;
import org.sluis.contracts.odrl.OdrlCodec;
import org.sluis.contracts.odrl.Operator;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.PolicyRead;
import org.sluis.contracts.odrl.PolicyType;
import org.sluis.contracts.odrl.PolicyValidator;
import org.sluis.contracts.odrl.RightOperand;
import org.sluis.contracts.odrl.Rule;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.contracts.agreement.AgreementFixtures.AGREEMENT_UID;
import static org.sluis.contracts.agreement.AgreementFixtures.CONCLUDED;
import static org.sluis.contracts.agreement.AgreementFixtures.CONSUMER;
import static org.sluis.contracts.agreement.AgreementFixtures.DATASET;
import static org.sluis.contracts.agreement.AgreementFixtures.OFFER_UID;
import static org.sluis.contracts.agreement.AgreementFixtures.PROVIDER;
import static org.sluis.contracts.agreement.AgreementFixtures.TEMPLATE_PURPOSES;
import static org.sluis.contracts.agreement.AgreementFixtures.at;
import static org.sluis.contracts.agreement.AgreementFixtures.dateTime;
import static org.sluis.contracts.agreement.AgreementFixtures.handOffer;
import static org.sluis.contracts.agreement.AgreementFixtures.purposeEq;
import static org.sluis.contracts.agreement.AgreementFixtures.readPermission;
import static org.sluis.contracts.agreement.AgreementFixtures.templateOffer;

class AgreementTermsTest {

    private static final OdrlCodec CODEC = new OdrlCodec();

    private static Policy conclude(Policy offer, String purpose) {
        return AgreementTerms.conclude(offer, AGREEMENT_UID, CONSUMER, CONCLUDED, purpose);
    }

    private static Rule.Permission plus(Rule.Permission p, Constraint extra) {
        List<Constraint> constraints = new ArrayList<>(p.constraints());
        constraints.add(extra);
        return new Rule.Permission(p.uid(), p.target(), p.action(), p.assigner(), p.assignee(), constraints,
                p.duties());
    }

    /** An Agreement of one permission {@code use} on the dataset with these constraints. */
    private static Policy agreementWith(List<Rule.Permission> permissions) {
        return new Policy(PolicyType.AGREEMENT, AGREEMENT_UID, Optional.empty(), Optional.of(CONCLUDED),
                Optional.of(PROVIDER), Optional.of(CONSUMER), Optional.of(DATASET), ConflictStrategy.PROHIBIT,
                permissions, List.of(), List.of());
    }

    private static Rule.Permission use(Constraint... constraints) {
        return new Rule.Permission(Optional.empty(), Optional.empty(), Action.USE, Optional.empty(), Optional.empty(),
                List.of(constraints), List.of());
    }

    @Nested
    class Conclude {

        @ParameterizedTest
        @ValueSource(strings = {"health-secondary-use", "mobility-maas", "corridor-industrial", "open-research"})
        void each_standard_template_offer_concludes_to_the_expected_agreement(String id) {
            Policy offer = templateOffer(id);
            String purpose = TEMPLATE_PURPOSES.get(id);
            Policy expected = new Policy(PolicyType.AGREEMENT, AGREEMENT_UID, offer.profile(), Optional.of(CONCLUDED),
                    Optional.of(PROVIDER), Optional.of(CONSUMER), Optional.of(DATASET), ConflictStrategy.PROHIBIT,
                    offer.permissions().stream().map(p -> plus(p, purposeEq(purpose))).toList(),
                    offer.prohibitions(), List.of());

            assertEquals(expected, conclude(offer, purpose));
        }

        @ParameterizedTest
        @ValueSource(strings = {"health-secondary-use", "mobility-maas", "corridor-industrial", "open-research"})
        void each_standard_template_agreement_is_valid_and_round_trips_through_the_codec(String id) {
            Policy agreement = conclude(templateOffer(id), TEMPLATE_PURPOSES.get(id));

            PolicyRead read = CODEC.read(CODEC.write(agreement));

            assertEquals(List.of(), new PolicyValidator().validate(agreement));
            assertEquals(agreement, assertInstanceOf(PolicyRead.Valid.class, read, () -> read.toString()).policy());
        }

        @Test
        void a_hand_written_offer_concludes_to_the_agreement_written_out_in_full() {
            Rule.Permission use = new Rule.Permission(Optional.empty(), Optional.empty(), Action.USE, Optional.empty(),
                    Optional.empty(), List.of(dateTime(Operator.LT, at("2027-01-01T00:00:00Z")), purposeEq("research")),
                    List.of(Rule.Duty.of(Action.DELETE)));
            Rule.Permission read = readPermission(List.of(purposeEq("research")));
            Policy expected = new Policy(PolicyType.AGREEMENT, AGREEMENT_UID, Optional.empty(),
                    Optional.of(Instant.parse("2026-11-23T10:15:30.125Z")), Optional.of(PROVIDER),
                    Optional.of(CONSUMER), Optional.of(DATASET), ConflictStrategy.PROHIBIT, List.of(use, read),
                    List.of(Rule.Prohibition.of(DATASET, Action.DISTRIBUTE)), List.of(Rule.Duty.of(Action.INFORM)));

            assertEquals(expected, conclude(handOffer(), "research"));
        }

        @Test
        void the_purpose_constraint_is_appended_to_every_permission_as_text() {
            Policy agreement = conclude(handOffer(), "research");

            for (Rule.Permission permission : agreement.permissions()) {
                List<Constraint> constraints = permission.constraints();
                assertEquals(Constraint.Atomic.of(LeftOperands.PURPOSE, Operator.EQ, new RightOperand.Text("research")),
                        constraints.get(constraints.size() - 1));
            }
            assertEquals(2, agreement.permissions().size());
        }

        @Test
        void prohibitions_duties_and_obligations_are_copied_unchanged() {
            Policy offer = handOffer();
            Policy agreement = conclude(offer, "research");

            assertEquals(offer.prohibitions(), agreement.prohibitions());
            assertEquals(offer.obligations(), agreement.obligations());
            assertEquals(offer.permissions().stream().map(Rule.Permission::duties).toList(),
                    agreement.permissions().stream().map(Rule.Permission::duties).toList());
        }

        @Test
        void rules_keep_their_own_uid_target_and_assignee() {
            Rule.Permission read = conclude(handOffer(), "research").permissions().get(1);

            assertEquals(List.of(Optional.of("https://sluis.example/rule/read-1"),
                            Optional.of("https://sluis.example/dataset/summary"), Optional.of(CONSUMER)),
                    List.of(read.uid(), read.target(), read.assignee()));
        }

        @Test
        void issued_is_kept_to_the_millisecond() {
            Policy agreement = AgreementTerms.conclude(handOffer(), AGREEMENT_UID, CONSUMER,
                    Instant.parse("2026-11-23T10:15:30.125999999Z"), "research");

            assertEquals(Optional.of(Instant.parse("2026-11-23T10:15:30.125Z")), agreement.issued());
        }

        @Test
        void a_set_or_an_agreement_is_not_concluded() {
            Policy agreement = conclude(handOffer(), "research");
            Policy set = new Policy(PolicyType.SET, OFFER_UID, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.of(DATASET), ConflictStrategy.INVALID, List.of(use()), List.of(),
                    List.of());

            assertEquals("expected an Offer to conclude, found Agreement " + AGREEMENT_UID, assertThrows(
                    IllegalArgumentException.class, () -> conclude(agreement, "research")).getMessage());
            assertThrows(IllegalArgumentException.class, () -> conclude(set, "research"));
        }

        @Test
        void an_offer_without_a_policy_level_assigner_is_refused() {
            Policy offer = handOffer();
            Policy perRule = new Policy(offer.type(), offer.uid(), offer.profile(), offer.issued(), Optional.empty(),
                    offer.assignee(), offer.target(), offer.conflict(), offer.permissions(), offer.prohibitions(),
                    offer.obligations());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> conclude(perRule, "research"));

            assertTrue(e.getMessage().contains("assigner"), e.getMessage());
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "agreement-1", "/agreement/1", "https://sluis.example/a 1"})
        void an_agreement_uid_that_is_not_an_absolute_iri_is_refused(String uid) {
            assertThrows(IllegalArgumentException.class,
                    () -> AgreementTerms.conclude(handOffer(), uid, CONSUMER, CONCLUDED, "research"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "consumer", "//sluis.example/party/consumer", "urn:party: consumer"})
        void an_assignee_that_is_not_an_absolute_iri_is_refused(String assignee) {
            assertThrows(IllegalArgumentException.class,
                    () -> AgreementTerms.conclude(handOffer(), AGREEMENT_UID, assignee, CONCLUDED, "research"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "\t\n"})
        void a_blank_purpose_is_refused(String purpose) {
            assertThrows(IllegalArgumentException.class, () -> conclude(handOffer(), purpose));
        }

        @Test
        void a_missing_argument_is_refused() {
            assertThrows(NullPointerException.class, () -> conclude(null, "research"));
            assertThrows(NullPointerException.class,
                    () -> AgreementTerms.conclude(handOffer(), AGREEMENT_UID, CONSUMER, null, "research"));
            assertThrows(NullPointerException.class, () -> conclude(handOffer(), null));
        }

        @Test
        void an_offer_that_cannot_make_a_valid_agreement_is_refused_with_its_problems() {
            Policy noTarget = new Policy(PolicyType.OFFER, OFFER_UID, Optional.empty(), Optional.empty(),
                    Optional.of(PROVIDER), Optional.empty(), Optional.empty(), ConflictStrategy.INVALID,
                    List.of(use()), List.of(), List.of());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> conclude(noTarget, "research"));

            assertTrue(e.getMessage().contains("/permission/0/target"), e.getMessage());
        }
    }

    @Nested
    class ValidUntil {

        @Test
        void lt_a_date_time_ends_at_that_instant() {
            assertEquals(Optional.of(Instant.parse("2027-01-01T00:00:00Z")), AgreementTerms.validUntil(
                    agreementWith(List.of(use(dateTime(Operator.LT, at("2027-01-01T00:00:00Z")))))));
        }

        @Test
        void lteq_a_date_time_ends_one_millisecond_after_it() {
            assertEquals(Optional.of(Instant.parse("2026-12-31T23:59:59.001Z")), AgreementTerms.validUntil(
                    agreementWith(List.of(use(dateTime(Operator.LTEQ, at("2026-12-31T23:59:59Z")))))));
        }

        @Test
        void a_date_time_with_an_offset_is_taken_as_its_instant() {
            assertEquals(Optional.of(Instant.parse("2026-12-31T22:00:00Z")), AgreementTerms.validUntil(
                    agreementWith(List.of(use(dateTime(Operator.LT, at("2027-01-01T00:00:00+02:00")))))));
        }

        @Test
        void lt_a_date_ends_at_the_start_of_that_day_in_utc() {
            assertEquals(Optional.of(Instant.parse("2027-01-01T00:00:00Z")), AgreementTerms.validUntil(agreementWith(
                    List.of(use(dateTime(Operator.LT, new RightOperand.Date(LocalDate.of(2027, 1, 1))))))));
        }

        @Test
        void lteq_a_date_ends_at_the_start_of_the_next_day_in_utc() {
            assertEquals(Optional.of(Instant.parse("2027-01-01T00:00:00Z")), AgreementTerms.validUntil(agreementWith(
                    List.of(use(dateTime(Operator.LTEQ, new RightOperand.Date(LocalDate.of(2026, 12, 31))))))));
        }

        @Test
        void the_earliest_upper_bound_of_a_permission_is_its_end() {
            assertEquals(Optional.of(Instant.parse("2026-06-01T00:00:00Z")), AgreementTerms.validUntil(agreementWith(
                    List.of(use(dateTime(Operator.LT, at("2027-01-01T00:00:00Z")),
                            dateTime(Operator.LT, new RightOperand.Date(LocalDate.of(2026, 6, 1))))))));
        }

        @Test
        void lower_bounds_are_no_end() {
            assertEquals(Optional.empty(), AgreementTerms.validUntil(agreementWith(List.of(use(
                    dateTime(Operator.GTEQ, at("2026-01-01T00:00:00Z")),
                    dateTime(Operator.GT, new RightOperand.Date(LocalDate.of(2026, 1, 1))))))));
        }

        @Test
        void a_bound_inside_a_logical_constraint_is_ignored() {
            Constraint hidden = new Constraint.Logical(LogicalOperator.AND,
                    List.of(dateTime(Operator.LT, at("2027-01-01T00:00:00Z"))));

            assertEquals(Optional.empty(), AgreementTerms.validUntil(agreementWith(List.of(use(hidden)))));
        }

        @Test
        void one_unbounded_permission_means_no_end() {
            assertEquals(Optional.empty(), AgreementTerms.validUntil(agreementWith(List.of(
                    use(dateTime(Operator.LT, at("2027-01-01T00:00:00Z"))), use(purposeEq("research"))))));
        }

        @Test
        void with_two_bounded_permissions_the_later_end_counts() {
            assertEquals(Optional.of(Instant.parse("2028-01-01T00:00:00Z")), AgreementTerms.validUntil(agreementWith(
                    List.of(use(dateTime(Operator.LT, at("2027-01-01T00:00:00Z"))),
                            use(dateTime(Operator.LT, new RightOperand.Date(LocalDate.of(2028, 1, 1))))))));
        }

        @Test
        void a_policy_without_permissions_has_no_end() {
            Policy onlyProhibition = new Policy(PolicyType.AGREEMENT, AGREEMENT_UID, Optional.empty(),
                    Optional.empty(), Optional.of(PROVIDER), Optional.of(CONSUMER), Optional.of(DATASET),
                    ConflictStrategy.INVALID, List.of(), List.of(Rule.Prohibition.of(DATASET, Action.DISTRIBUTE)),
                    List.of());

            assertEquals(Optional.empty(), AgreementTerms.validUntil(onlyProhibition));
        }

        @Test
        void template_agreements_end_when_their_date_parameters_say() {
            assertEquals(List.of(Optional.empty(), Optional.of(Instant.parse("2026-07-01T00:00:00Z")),
                            Optional.of(Instant.parse("2027-12-31T00:00:00Z")), Optional.empty()),
                    List.of("health-secondary-use", "mobility-maas", "corridor-industrial", "open-research").stream()
                            .map(id -> conclude(templateOffer(id), TEMPLATE_PURPOSES.get(id)))
                            .map(AgreementTerms::validUntil).toList());
        }
    }
}
