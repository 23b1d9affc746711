package org.sluis.policy;

import org.sluis.policy.consent.ConsentView;
import org.sluis.policy.vocabulary.PurposeVocabulary;
import org.sluis.policy.vocabulary.Regions;

import java.util.Objects;

/**
 * The exchange's in-process access decision point: does this signed ODRL Agreement, at this
 * moment, for this caller and purpose, allow the access, and under which obligations. Compile an
 * agreement once ({@link #compile}), cache the result, and {@link #decide} every access against it;
 * deciding does no I/O and takes microseconds.
 *
 * <p>Order of a decision: an agreement the decision point cannot fully enforce denies with its
 * problems; an unknown requested action denies ({@link Reason#UNKNOWN_ACTION}); a caller other than
 * the agreement's assignee denies ({@link Reason#NOT_ASSIGNEE}); a prohibition covering the action
 * whose constraints hold denies ({@link Reason#PROHIBITED}); otherwise the first permission covering
 * the action whose constraints all hold permits, else the failing constraints are the reasons;
 * finally, for a dataset under consent and a request about one subject, the subject's consent is
 * consulted ({@link Reason#CONSENT}). A permit carries the permission's duties and the policy-level
 * obligations as {@link Obligation}s, plus a {@link Obligation.ConsentFilter} whenever the
 * dataset's consent mode is not {@code none}. The semantics of the rules, constraints, actions and
 * duties are documented on {@code AgreementCompiler}, {@code ConditionCompiler},
 * {@code TimeConditions}, {@code ActionTable} and {@code DutyCompiler}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DecisionPoint {

    private static final DecisionPoint STANDARD = new DecisionPoint(PurposeVocabulary.standard(), Regions.standard());

    private final PurposeVocabulary purposes;
    private final Regions regions;

    private DecisionPoint(PurposeVocabulary purposes, Regions regions) {
        this.purposes = Objects.requireNonNull(purposes, "purposes");
        this.regions = Objects.requireNonNull(regions, "regions");
    }

    /**
     * Returns the decision point with the standard vocabularies.
     *
     * @return a decision point using {@link PurposeVocabulary#standard()} and {@link Regions#standard()}
     */
    public static DecisionPoint standard() {
        return STANDARD;
    }

    /**
     * Creates a decision point with other vocabularies.
     *
     * @param purposes the purposes and which is a kind of which
     * @param regions  the regions and which lies within which
     * @return the decision point
     */
    public static DecisionPoint of(PurposeVocabulary purposes, Regions regions) {
        return new DecisionPoint(purposes, regions);
    }

    /**
     * Returns the purpose vocabulary, which the consent filter widens purposes with.
     *
     * @return the purposes
     */
    public PurposeVocabulary purposes() {
        return purposes;
    }

    /**
     * Prepares an agreement for fast decisions. Never fails on the agreement's content: what it
     * cannot enforce is listed by {@link CompiledAgreement#problems()} and makes every decision deny.
     *
     * @param context the agreement, its start and its dataset
     * @return the compiled agreement, immutable; cache it per agreement
     */
    public CompiledAgreement compile(AgreementContext context) {
        Objects.requireNonNull(context, "context");
        return AgreementCompiler.compile(context, purposes, regions, ActionTable.STANDARD);
    }

    /**
     * Decides one access.
     *
     * @param agreement the compiled agreement the access is made under
     * @param request   the access
     * @param consent   the consent state, consulted when the request is about one subject
     * @return permit with obligations, or deny with reasons
     */
    public Decision decide(CompiledAgreement agreement, AccessRequest request, ConsentView consent) {
        Objects.requireNonNull(agreement, "agreement");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(consent, "consent");
        return ((CompiledPolicy) agreement).decide(request, consent);
    }
}
