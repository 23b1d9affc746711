package org.sluis.connectors.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.sluis.connectors.ConsentPushdown;
import org.sluis.connectors.RecordCursor;
import org.sluis.connectors.SourceRead;
import org.sluis.policy.Obligation;
import org.sluis.policy.consent.ConsentFilter;
import org.sluis.policy.consent.ConsentIndex;
import org.sluis.policy.consent.ConsentMode;
import org.sluis.policy.consent.ConsentView;
import org.sluis.policy.consent.KeyedHash;
import org.sluis.policy.consent.Pseudonymiser;

/**
 * Applies an access's obligations to its records while they stream: built once per transfer, as
 * cursors wrapped around the source's cursor, so the transfer pulls obligation-conforming records
 * from the last one in constant memory (an aggregate holds one counter per group).
 *
 * <p><b>Order.</b> Whatever order the obligations come in, they are applied as follows, each
 * kind in the order given:
 * <ol>
 *   <li>consent filter, on the raw subject field as the source has it: before projection, so the
 *       subject field decides even when the consumer did not ask for it, and before dropping or
 *       pseudonymising, which would remove or replace the very value consent is stored under;</li>
 *   <li>projection to the requested fields (none requested: all fields), keeping an aggregate's
 *       grouping fields, whose output shape the obligation fixes;</li>
 *   <li>drop fields, then pseudonymise: a field both dropped and pseudonymised is dropped, and
 *       no pseudonym is computed for a value that will not be delivered;</li>
 *   <li>aggregate, over the values as they will be seen (so a pseudonymised grouping field groups
 *       by pseudonym, a dropped one by null);</li>
 *   <li>cap records last, because it limits what is delivered: with an aggregate it counts
 *       groups, and records the consent filter refused do not use up the cap.</li>
 * </ol>
 * {@link Obligation.DeleteBy} is the consumer's duty: it is recorded with the transfer, not applied here.
 *
 * <p><b>Consent freshness.</b> The consent supplier is asked for the current view for every
 * record, so a revocation applies from the next record read after the view changes. That is the
 * simplest rule that meets "revocation takes effect on the next record streamed", and it is
 * cheap: the exchange's supplier returns its cached view (a field read, a nanosecond or so),
 * against some 500 ns for the rest of the stage, the subject's keyed hash (memoised per stream by
 * {@link ConsentFilter}, the decision never) and the view's lookup; {@code PipelineBenchmark}
 * measures the stage with the supplier in it at about 1.2 million records/s with the NDJSON
 * writer, so asking less often would buy little and weaken the guarantee.
 *
 * <p><b>Records without a subject.</b> A record whose subject field is missing, null or a nested
 * value is not delivered under opt-in or opt-out: nobody can tell whose consent applies. A number
 * or boolean subject is asked about as its JSON text.
 *
 * <p><b>Pseudonyms.</b> A value is replaced by {@link Pseudonymiser#pseudonym} of its text: a
 * string's own text, a number's or boolean's JSON text, a nested value's compact JSON text. Null
 * stays null and a missing field stays missing. The key is the agreement's, derived with
 * {@link Pseudonymiser#forAgreement} from the id in the key label {@code agreement:<id>}.
 */
public final class ObligationPipeline {
    /**
     * The most groups an aggregate holds before it fails the transfer: about 200 bytes each
     * (a tree node, the key array, a counter and short values), so at most about 25 MB.
     */
    public static final int MAX_GROUPS = 1 << 17;

    private ObligationPipeline() {
    }

    /**
     * The keys the pipeline hashes with.
     *
     * @param subjectHasher the exchange's subject key: consents are stored under this hash of the raw subject id
     * @param pseudonymKey  the exchange's master pseudonym key; each agreement's own key is derived from it
     */
    public record PipelineKeys(KeyedHash subjectHasher, KeyedHash pseudonymKey) {
        /** Checks both keys are present. */
        public PipelineKeys {
            Objects.requireNonNull(subjectHasher, "subjectHasher");
            Objects.requireNonNull(pseudonymKey, "pseudonymKey");
        }
    }

    /**
     * Wraps a source cursor in the stages its obligations demand. Closing the returned cursor
     * closes {@code source}.
     *
     * @param source          the records as the source yields them
     * @param obligations     the access's obligations, in any order
     * @param keys            the subject and pseudonym keys
     * @param consent         the current consent state; asked once per record read under a consent filter
     * @param requestedFields the fields the consumer asked for; empty means all
     * @return a cursor yielding the records to deliver
     * @throws IllegalArgumentException if the obligations cannot be fulfilled as given: more than one aggregate,
     *                                  an aggregate grouping by {@code "count"}, a consent filter whose query is for
     *                                  another mode, or a pseudonym key label that does not name an agreement
     */
    public static RecordCursor apply(RecordCursor source, List<Obligation> obligations, PipelineKeys keys,
                                     Supplier<ConsentView> consent, Set<String> requestedFields) {
        return apply(source, obligations, keys, consent, requestedFields, MAX_GROUPS);
    }

    /**
     * Wraps a source cursor in the stages its obligations demand and then caps what is delivered
     * at the consumer's {@code limit}: the read the source got from {@link #sourceRead} may carry
     * no limit, since the source cannot know how many of its records will pass. Closing the
     * returned cursor closes {@code source}, so the cap stops the source as soon as it is reached.
     *
     * @param limit the most records the consumer asked for; empty: all
     * @see #apply(RecordCursor, List, PipelineKeys, Supplier, Set)
     */
    public static RecordCursor apply(RecordCursor source, List<Obligation> obligations, PipelineKeys keys,
                                     Supplier<ConsentView> consent, Set<String> requestedFields, Optional<Long> limit) {
        RecordCursor out = apply(source, obligations, keys, consent, requestedFields);
        return limit.isPresent() ? new CappedCursor(out, limit.get()) : out;
    }

    /**
     * What to ask the source for, given what the consumer asked for ({@code asked}):
     * <ul>
     *   <li>fields: the requested ones, plus those the stages before projection read, each consent
     *       filter's subject field and an aggregate's grouping fields (so a source that projects
     *       does not remove them); all when none were requested;</li>
     *   <li>limit: the consumer's only when no stage can drop or merge records before the cap (no
     *       consent filter, no aggregate); otherwise none, and the cap of
     *       {@link #apply(RecordCursor, List, PipelineKeys, Supplier, Set, Optional)} closes the
     *       source once enough records are delivered;</li>
     *   <li>consent: the one consent filter as a {@link ConsentPushdown}, with the subjects whose
     *       consent departs from the mode's default now; none with no or several consent filters.</li>
     * </ul>
     *
     * @param obligations the access's obligations
     * @param asked       the consumer's request: fields, limit, resume point and whose transfer it is
     * @param consents    the custodian's consents in force now
     * @param subjectKey  the custodian's subject key, the one {@link PipelineKeys#subjectHasher()} hashes under
     * @return the read to open the source with
     */
    public static SourceRead sourceRead(List<Obligation> obligations, SourceRead asked, ConsentIndex consents, byte[] subjectKey) {
        Plan plan = Plan.of(obligations);
        Set<String> fields = new LinkedHashSet<>(asked.fields());
        if (!fields.isEmpty()) {
            plan.consentFilters.forEach(c -> fields.add(c.subjectField()));
            if (plan.aggregate != null) {
                fields.addAll(plan.aggregate.groupBy());
            }
        }
        boolean dropsOrMerges = !plan.consentFilters.isEmpty() || plan.aggregate != null;
        Optional<ConsentPushdown> pushdown = Optional.empty();
        if (plan.consentFilters.size() == 1) {
            Obligation.ConsentFilter c = plan.consentFilters.get(0);
            pushdown = Optional.of(new ConsentPushdown(c.subjectField(), subjectKey, c.mode() == ConsentMode.OPT_IN,
                    consents.exceptions(c.query())));
        }
        return new SourceRead(fields, dropsOrMerges ? Optional.empty() : asked.limit(), asked.since(), asked.agreementId(),
                asked.consumer(), asked.transferId(), pushdown);
    }

    static RecordCursor apply(RecordCursor source, List<Obligation> obligations, PipelineKeys keys,
                              Supplier<ConsentView> consent, Set<String> requestedFields, int maxGroups) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(consent, "consent");
        Objects.requireNonNull(requestedFields, "requestedFields");
        Plan plan = Plan.of(obligations);
        List<RecordStep> steps = new ArrayList<>();
        for (Obligation.ConsentFilter c : plan.consentFilters) {
            steps.add(consentStep(c, keys.subjectHasher(), consent));
        }
        if (!requestedFields.isEmpty()) {
            Set<String> keep = new HashSet<>(requestedFields);
            if (plan.aggregate != null) {
                keep.addAll(plan.aggregate.groupBy());
            }
            steps.add(record -> {
                record.retain(keep);
                return true;
            });
        }
        for (Obligation.DropFields d : plan.drops) {
            Set<String> fields = d.fields();
            steps.add(record -> {
                record.remove(fields);
                return true;
            });
        }
        for (Obligation.Pseudonymise p : plan.pseudonymisations) {
            steps.add(pseudonymiseStep(p, keys.pseudonymKey()));
        }
        RecordCursor out = steps.isEmpty() ? source : new SteppedCursor(source, steps.toArray(new RecordStep[0]));
        if (plan.aggregate != null) {
            out = new AggregatingCursor(out, plan.aggregate.groupBy(), plan.aggregate.minGroupSize(), maxGroups);
        }
        for (Obligation.CapRecords cap : plan.caps) {
            out = new CappedCursor(out, cap.max());
        }
        return out;
    }

    /**
     * The columns a tabular format (CSV) should have for what this pipeline delivers, known before
     * the first record: an aggregate's grouping fields and {@code "count"}; otherwise the requested
     * fields that are not dropped, sorted by name so the header is the same on every run whatever
     * set the request arrived as; empty when all fields were requested (the writer then takes the
     * first record's).
     *
     * @param obligations     the access's obligations
     * @param requestedFields the fields the consumer asked for; empty means all
     * @return the column names, in order
     */
    public static List<String> columns(List<Obligation> obligations, Set<String> requestedFields) {
        Plan plan = Plan.of(obligations);
        if (plan.aggregate != null) {
            List<String> columns = new ArrayList<>(plan.aggregate.groupBy());
            columns.add(AggregatingCursor.COUNT);
            return List.copyOf(columns);
        }
        Set<String> columns = new TreeSet<>(requestedFields);
        plan.drops.forEach(d -> columns.removeAll(d.fields()));
        return List.copyOf(columns);
    }

    private static RecordStep consentStep(Obligation.ConsentFilter c, KeyedHash subjectHasher, Supplier<ConsentView> consent) {
        if (c.mode() != c.query().mode()) {
            throw new IllegalArgumentException("expected the consent query's mode to be the filter's " + c.mode().wire()
                    + ", found " + c.query().mode().wire());
        }
        ConsentView live = (subjectHash, query) -> consent.get().permits(subjectHash, query);
        ConsentFilter filter = new ConsentFilter(live, subjectHasher, c.query());
        String subjectField = c.subjectField();
        return record -> filter.admits(subject(record.get(subjectField)));
    }

    private static String subject(JsonNode value) {
        if (value == null || !value.isValueNode() || value.isNull()) {
            return null;
        }
        return value.asText();
    }

    private static RecordStep pseudonymiseStep(Obligation.Pseudonymise p, KeyedHash pseudonymKey) {
        if (!p.keyLabel().startsWith(Pseudonymiser.AGREEMENT_LABEL)
                || p.keyLabel().length() == Pseudonymiser.AGREEMENT_LABEL.length()) {
            throw new IllegalArgumentException("expected a pseudonym key label '" + Pseudonymiser.AGREEMENT_LABEL
                    + "<agreementId>', found '" + p.keyLabel() + "'");
        }
        Pseudonymiser pseudonymiser = Pseudonymiser.forAgreement(pseudonymKey,
                p.keyLabel().substring(Pseudonymiser.AGREEMENT_LABEL.length()));
        return new PseudonymStep(pseudonymiser, p.fields().toArray(new String[0]));
    }

    /** The obligations sorted by kind, in the order they are applied. */
    private static final class Plan {
        final List<Obligation.ConsentFilter> consentFilters = new ArrayList<>();
        final List<Obligation.DropFields> drops = new ArrayList<>();
        final List<Obligation.Pseudonymise> pseudonymisations = new ArrayList<>();
        final List<Obligation.CapRecords> caps = new ArrayList<>();
        Obligation.Aggregate aggregate;

        static Plan of(List<Obligation> obligations) {
            Plan plan = new Plan();
            for (Obligation o : Objects.requireNonNull(obligations, "obligations")) {
                if (o instanceof Obligation.ConsentFilter c) {
                    plan.consentFilters.add(c);
                } else if (o instanceof Obligation.DropFields d) {
                    plan.drops.add(d);
                } else if (o instanceof Obligation.Pseudonymise p) {
                    plan.pseudonymisations.add(p);
                } else if (o instanceof Obligation.CapRecords c) {
                    plan.caps.add(c);
                } else if (o instanceof Obligation.Aggregate a) {
                    plan.aggregate(a);
                } else if (!(o instanceof Obligation.DeleteBy)) {
                    throw new IllegalArgumentException("expected an obligation the pipeline knows, found " + o.kind());
                }
            }
            return plan;
        }

        private void aggregate(Obligation.Aggregate a) {
            if (aggregate != null && !aggregate.equals(a)) {
                // Grouping by both would deliver finer groups than either obligation allows.
                throw new IllegalArgumentException("expected at most one aggregate obligation, found " + aggregate.toJson()
                        + " and " + a.toJson());
            }
            if (a.groupBy().contains(AggregatingCursor.COUNT)) {
                throw new IllegalArgumentException("expected grouping fields other than '" + AggregatingCursor.COUNT
                        + "', the aggregate's count, found " + a.groupBy());
            }
            aggregate = a;
        }
    }
}
