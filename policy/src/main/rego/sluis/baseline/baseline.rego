# Sluis baseline policy: site-wide rules an operator (or a provider running OPA next to its own
# data source) applies on top of the exchange's own contract and consent decision.
#
# Query: data.sluis.baseline.result -> {"allow": bool, "deny": [message, ...]}
# allow is true exactly when deny is empty. The input document and the data the exchange
# serves in its bundle (data.sluis.exchange) are described in ../../README.md.
#
# Every rule fails closed: what the policy cannot check (a missing input field, an unknown
# confidentiality class, a caller whose region is unknown) is denied, never ignored.
package sluis.baseline

import rego.v1

# EU member states plus the EEA states Iceland, Liechtenstein and Norway (ISO 3166-1 alpha-2).
# Greece is "GR" in ISO 3166 (the EU's own "EL" is accepted too).
eea_countries := {
	"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "GR", "HR", "HU",
	"IE", "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI",
	"SK",
}

# Field sensitivity classes, from least to most sensitive.
confidentiality_classes := {"public", "quasi-identifier", "sensitive", "identifier"}

# Classes whose data may only go to callers in the EU/EEA (GDPR chapter V).
eea_only_classes := {"sensitive", "identifier"}

required_fields := ["caller", "participantStatus", "datasetId", "confidentiality", "agreement"]

default allow := false

allow if count(deny) == 0

result := {"allow": allow, "deny": deny}

# --- input completeness ------------------------------------------------------------------

deny contains msg if {
	some field in required_fields
	not input[field]
	msg := sprintf("input.%s is missing; the baseline policy denies what it cannot check", [field])
}

deny contains msg if {
	input.confidentiality
	not input.confidentiality in confidentiality_classes
	msg := sprintf("confidentiality class %q is unknown; expected one of %v", [input.confidentiality, confidentiality_classes])
}

deny contains msg if {
	input.agreement
	not input.agreement.id
	msg := "input.agreement.id is missing; the baseline policy denies what it cannot check"
}

# --- participant status ------------------------------------------------------------------

deny contains msg if {
	input.participantStatus
	input.participantStatus != "active"
	msg := sprintf("participant %s is %s at the exchange; only active participants may receive data", [input.caller, input.participantStatus])
}

deny contains msg if {
	status := data.sluis.exchange.participants[input.caller].status
	status != "active"
	msg := sprintf("participant %s is %s at the exchange; only active participants may receive data", [input.caller, status])
}

# Only when the exchange's participant list is loaded (from the bundle): a caller it does not
# know is refused.
deny contains msg if {
	participants := data.sluis.exchange.participants
	input.caller
	not participants[input.caller]
	msg := sprintf("participant %s is not known to the exchange", [input.caller])
}

# --- confidentiality against the caller's region -----------------------------------------

# The caller's region: from the input, else from the exchange's participant list.
caller_region := input.region if {
	is_string(input.region)
} else := region if {
	region := data.sluis.exchange.participants[input.caller].region
	is_string(region)
}

# "NL-NH" (ISO 3166-2) -> "NL"; "nl" -> "NL".
caller_country := country if {
	country := upper(split(caller_region, "-")[0])
}

caller_in_eea if caller_country in eea_countries

deny contains msg if {
	input.confidentiality in eea_only_classes
	not caller_region
	msg := sprintf("dataset %s holds %s fields and the caller's region is unknown; such data stays in the EU/EEA", [input.datasetId, input.confidentiality])
}

deny contains msg if {
	input.confidentiality in eea_only_classes
	caller_region
	not caller_in_eea
	msg := sprintf("dataset %s holds %s fields and caller region %s is outside the EU/EEA", [input.datasetId, input.confidentiality, caller_region])
}

# --- the agreement, against the exchange's list of active agreements ---------------------
# These rules apply only when data.sluis.exchange.agreements is loaded (the exchange's bundle):
# an OPA without that data cannot tell, and the exchange has already checked the agreement.

deny contains msg if {
	agreements := data.sluis.exchange.agreements
	not agreements[input.agreement.id]
	msg := sprintf("agreement %s is not active at the exchange", [input.agreement.id])
}

deny contains msg if {
	entry := data.sluis.exchange.agreements[input.agreement.id]
	entry.status != "active"
	msg := sprintf("agreement %s is %s at the exchange, not active", [input.agreement.id, entry.status])
}

deny contains msg if {
	entry := data.sluis.exchange.agreements[input.agreement.id]
	entry.assignee != input.caller
	msg := sprintf("agreement %s was concluded with %s, not with caller %s", [input.agreement.id, entry.assignee, input.caller])
}

deny contains msg if {
	entry := data.sluis.exchange.agreements[input.agreement.id]
	entry.datasetId != input.datasetId
	msg := sprintf("agreement %s covers dataset %s, not %s", [input.agreement.id, entry.datasetId, input.datasetId])
}

deny contains msg if {
	entry := data.sluis.exchange.agreements[input.agreement.id]
	time.parse_rfc3339_ns(input.time) < time.parse_rfc3339_ns(entry.validFrom)
	msg := sprintf("agreement %s is not valid before %s (request time %s)", [input.agreement.id, entry.validFrom, input.time])
}

deny contains msg if {
	entry := data.sluis.exchange.agreements[input.agreement.id]
	time.parse_rfc3339_ns(input.time) >= time.parse_rfc3339_ns(entry.validUntil)
	msg := sprintf("agreement %s expired at %s (request time %s)", [input.agreement.id, entry.validUntil, input.time])
}
