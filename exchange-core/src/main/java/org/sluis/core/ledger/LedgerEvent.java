package org.sluis.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sluis.policy.Reason;

/**
 * What happened, as a ledger entry records it: the closed set of exchange events. Each kind's
 * record components are the entry's {@code body}; {@link #participants()}, {@link #dataset()} and
 * {@link #agreement()} are its references, used to filter the log and to decide who may read an
 * entry. No kind carries personal data: data subjects appear only as {@link SubjectHash}.
 */
public sealed interface LedgerEvent {
    /** The stable kind name, e.g. {@code agreement.signed}. */
    String kind();

    /** The participants this event concerns (they may read the entry). */
    List<String> participants();

    /** The dataset it concerns, if any. */
    default Optional<String> dataset() {
        return Optional.empty();
    }

    /** The agreement it concerns, if any. */
    default Optional<String> agreement() {
        return Optional.empty();
    }

    /** A participant was onboarded; {@code certificateSha256} is the hex SHA-256 of its certificate (DER). */
    record ParticipantRegistered(String participant, List<String> roles, String certificateSha256) implements LedgerEvent {
        public ParticipantRegistered {
            Objects.requireNonNull(participant, "participant");
            roles = List.copyOf(roles);
        }

        @Override
        public String kind() {
            return "participant.registered";
        }

        @Override
        public List<String> participants() {
            return List.of(participant);
        }
    }

    /** A participant's status changed: {@code suspended}, {@code reinstated} or {@code revoked}. */
    record ParticipantStatusChanged(String participant, String status, String reason) implements LedgerEvent {
        public ParticipantStatusChanged {
            Objects.requireNonNull(participant, "participant");
            if (!List.of("suspended", "reinstated", "revoked").contains(status)) {
                throw new IllegalArgumentException("expected status suspended, reinstated or revoked, found " + status);
            }
        }

        @Override
        public String kind() {
            return "participant." + status;
        }

        @Override
        public List<String> participants() {
            return List.of(participant);
        }
    }

    /** A dataset was published, changed or withdrawn; {@code contentSha256} is the hex SHA-256 of its canonical description. */
    record DatasetChanged(String provider, String datasetId, String change, String contentSha256) implements LedgerEvent {
        public DatasetChanged {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(datasetId, "datasetId");
            if (!List.of("published", "changed", "withdrawn").contains(change)) {
                throw new IllegalArgumentException("expected change published, changed or withdrawn, found " + change);
            }
        }

        @Override
        public String kind() {
            return "dataset." + change;
        }

        @Override
        public List<String> participants() {
            return List.of(provider);
        }

        @Override
        public Optional<String> dataset() {
            return Optional.of(datasetId);
        }
    }

    /**
     * An event between a provider and a consumer about one dataset, under an agreement once there
     * is one. Its references follow from those components.
     */
    sealed interface BetweenParties extends LedgerEvent
            permits NegotiationStep, AgreementSigned, AgreementTerminated, AccessDecided, TransferCompleted {
        /** The providing participant; null only when a request was denied before its provider was known. */
        String provider();

        /** The consuming participant. */
        String consumer();

        /** The dataset, if known. */
        String datasetId();

        /** The agreement, once there is one. */
        String agreementId();

        @Override
        default List<String> participants() {
            return provider() == null ? List.of(consumer()) : List.of(provider(), consumer());
        }

        @Override
        default Optional<String> dataset() {
            return Optional.ofNullable(datasetId());
        }

        @Override
        default Optional<String> agreement() {
            return Optional.ofNullable(agreementId());
        }
    }

    /** A negotiation moved to {@code state} (Dataspace Protocol states); {@code agreementId} is set from AGREED on. */
    record NegotiationStep(String negotiation, String datasetId, String provider, String consumer, String state,
                           String agreementId) implements BetweenParties {
        public NegotiationStep {
            Objects.requireNonNull(negotiation, "negotiation");
            Objects.requireNonNull(consumer, "consumer");
            Objects.requireNonNull(state, "state");
        }

        @Override
        public String kind() {
            return "negotiation.step";
        }
    }

    /** The exchange signed an agreement as notary; {@code agreementSha256} is the hex SHA-256 of its canonical form. */
    record AgreementSigned(String agreementId, String datasetId, String provider, String consumer, String agreementSha256)
            implements BetweenParties {
        public AgreementSigned {
            Objects.requireNonNull(agreementId, "agreementId");
            Objects.requireNonNull(consumer, "consumer");
            Objects.requireNonNull(agreementSha256, "agreementSha256");
        }

        @Override
        public String kind() {
            return "agreement.signed";
        }
    }

    /** An agreement ended before its term: terminated by a party or revoked by the operator. */
    record AgreementTerminated(String agreementId, String datasetId, String provider, String consumer, String by, String reason)
            implements BetweenParties {
        public AgreementTerminated {
            Objects.requireNonNull(agreementId, "agreementId");
            Objects.requireNonNull(consumer, "consumer");
            Objects.requireNonNull(by, "by");
        }

        @Override
        public String kind() {
            return "agreement.terminated";
        }
    }

    /**
     * An access was decided, before any data left: {@code permitted} with obligations, or denied
     * with reasons (machine code and a sentence each). {@code decision} is the decision's id;
     * {@code opaDecisionId} is Open Policy Agent's, when OPA was asked. {@code agreementId},
     * {@code datasetId} and {@code provider} are null when the caller named no agreement of its own.
     */
    record AccessDecided(String decision, String agreementId, String datasetId, String provider, String consumer, String purpose,
                         String action, boolean permitted, List<Reason> reasons, List<JsonNode> obligations, String opaDecisionId)
            implements BetweenParties {
        public AccessDecided {
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(consumer, "consumer");
            reasons = List.copyOf(reasons);
            obligations = List.copyOf(obligations);
        }

        @Override
        public String kind() {
            return permitted ? "access.permitted" : "access.denied";
        }
    }

    /** A transfer ended ({@code completed} or {@code aborted}) with what was delivered; {@code sha256} is hex of the exact bytes. */
    record TransferCompleted(String transfer, String agreementId, String datasetId, String provider, String consumer,
                             String state, long records, long bytes, String sha256) implements BetweenParties {
        public TransferCompleted {
            Objects.requireNonNull(transfer, "transfer");
            Objects.requireNonNull(agreementId, "agreementId");
            Objects.requireNonNull(consumer, "consumer");
            Objects.requireNonNull(state, "state");
        }

        @Override
        public String kind() {
            return "transfer.completed";
        }
    }

    /** A custodian recorded ({@code permit}, {@code deny}) or revoked consent {@code consentId} for a data subject, who appears only as a keyed hash. */
    record ConsentChanged(String consentId, String custodian, SubjectHash subject, String datasetId, String category, List<String> purposes,
                          List<String> recipients, String decision) implements LedgerEvent {
        public ConsentChanged {
            Objects.requireNonNull(consentId, "consentId");
            Objects.requireNonNull(custodian, "custodian");
            Objects.requireNonNull(subject, "subject");
            purposes = List.copyOf(purposes);
            recipients = List.copyOf(recipients);
            if (!List.of("permit", "deny", "revoked").contains(decision)) {
                throw new IllegalArgumentException("expected decision permit, deny or revoked, found " + decision);
            }
        }

        @Override
        public String kind() {
            return "consent.changed";
        }

        @Override
        public List<String> participants() {
            return List.of(custodian);
        }

        @Override
        public Optional<String> dataset() {
            return Optional.ofNullable(datasetId);
        }
    }

    /** One of the exchange's signing keys ({@code token}, {@code notary}, {@code ledger}) was rotated. */
    record KeyRotated(String key, String oldKeyId, String newKeyId) implements LedgerEvent {
        public KeyRotated {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(newKeyId, "newKeyId");
        }

        @Override
        public String kind() {
            return "key.rotated";
        }

        @Override
        public List<String> participants() {
            return List.of();
        }
    }
}
