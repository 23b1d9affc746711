# opa test policy/src/main/rego -v
package sluis.baseline_test

import rego.v1

import data.sluis.baseline

# --- fixtures ----------------------------------------------------------------------------

umc := "https://id.sluis.example/participants/umc-utrecht"

amc := "https://id.sluis.example/participants/amsterdam-umc"

# A research hospital in Noord-Holland asks, under an active agreement, for a dataset with
# sensitive fields: the one request every rule lets through.
request := {
	"caller": "https://id.sluis.example/participants/umc-utrecht",
	"roles": ["CONSUMER"],
	"region": "NL-NH",
	"participantStatus": "active",
	"datasetId": "icu-admissions",
	"domain": "health",
	"confidentiality": "sensitive",
	"provider": "https://id.sluis.example/participants/amsterdam-umc",
	"agreement": {
		"id": "agr-1",
		"offerId": "offer-icu-1",
		"template": "health-secondary-use",
		"assigner": "https://id.sluis.example/participants/amsterdam-umc",
		"assignee": "https://id.sluis.example/participants/umc-utrecht",
		"concluded": "2025-01-10T09:00:00Z",
	},
	"purpose": "scientific-research",
	"action": "use",
	"time": "2025-06-01T12:00:00Z",
}

# What the exchange serves as data.sluis.exchange in its bundle.
exchange := {
	"participants": {
		"https://id.sluis.example/participants/umc-utrecht": {"status": "active", "region": "NL-NH", "roles": ["CONSUMER"]},
		"https://id.sluis.example/participants/amsterdam-umc": {"status": "active", "region": "NL-NH", "roles": ["PROVIDER"]},
	},
	"agreements": {"agr-1": {
		"status": "active",
		"offerId": "offer-icu-1",
		"template": "health-secondary-use",
		"datasetId": "icu-admissions",
		"assigner": "https://id.sluis.example/participants/amsterdam-umc",
		"assignee": "https://id.sluis.example/participants/umc-utrecht",
		"concluded": "2025-01-10T09:00:00Z",
		"validFrom": "2025-01-10T09:00:00Z",
		"validUntil": "2026-01-10T09:00:00Z",
	}},
}

decide(req, facts) := r if {
	r := baseline.result with input as req with data.sluis.exchange as facts
}

decide_without_data(req) := r if {
	r := baseline.result with input as req
}

denied(r, fragment) if {
	not r.allow
	some m in r.deny
	contains(m, fragment)
}

allowed(r) if {
	r.allow == true
	count(r.deny) == 0
}

# --- the whole decision ------------------------------------------------------------------

test_allows_an_active_eea_caller_under_an_active_agreement if {
	allowed(decide(request, exchange))
}

test_allows_without_exchange_data_when_the_input_passes if {
	allowed(decide_without_data(request))
}

test_result_has_exactly_allow_and_deny if {
	r := decide(request, exchange)
	object.keys(r) == {"allow", "deny"}
}

test_every_reason_is_reported_not_only_the_first if {
	req := object.union(request, {"participantStatus": "suspended", "region": "US-CA"})
	r := decide(req, exchange)
	count(r.deny) == 2
}

# --- input completeness ------------------------------------------------------------------

test_denies_an_empty_input if {
	r := decide_without_data({})
	denied(r, "input.caller is missing")
}

test_denies_when_the_caller_is_missing if {
	denied(decide(object.remove(request, ["caller"]), exchange), "input.caller is missing")
}

test_denies_when_the_agreement_id_is_missing if {
	req := object.union(object.remove(request, ["agreement"]), {"agreement": object.remove(request.agreement, ["id"])})
	denied(decide_without_data(req), "input.agreement.id is missing")
}

test_denies_an_unknown_confidentiality_class if {
	req := object.union(request, {"confidentiality": "secret"})
	denied(decide(req, exchange), "confidentiality class \"secret\" is unknown")
}

# --- participant status ------------------------------------------------------------------

test_denies_a_caller_the_input_marks_suspended if {
	req := object.union(request, {"participantStatus": "suspended"})
	denied(decide_without_data(req), "is suspended at the exchange")
}

test_denies_a_caller_the_exchange_data_marks_suspended if {
	facts := object.union(exchange, {"participants": {"https://id.sluis.example/participants/umc-utrecht": {"status": "suspended"}}})
	denied(decide(request, facts), "is suspended at the exchange")
}

test_denies_any_status_other_than_active if {
	req := object.union(request, {"participantStatus": "offboarded"})
	denied(decide_without_data(req), "is offboarded at the exchange")
}

test_denies_a_caller_unknown_to_the_exchange_when_its_list_is_loaded if {
	facts := object.union(object.remove(exchange, ["participants"]), {"participants": object.remove(exchange.participants, [umc])})
	denied(decide(request, facts), "is not known to the exchange")
}

# --- confidentiality against region ------------------------------------------------------

test_denies_sensitive_data_to_a_caller_outside_the_eea if {
	req := object.union(request, {"region": "US-CA"})
	denied(decide_without_data(req), "caller region US-CA is outside the EU/EEA")
}

test_denies_identifier_data_to_a_caller_outside_the_eea if {
	req := object.union(request, {"region": "GB-LND", "confidentiality": "identifier"})
	denied(decide_without_data(req), "outside the EU/EEA")
}

test_allows_public_data_to_a_caller_outside_the_eea if {
	req := object.union(request, {"region": "US-CA", "confidentiality": "public"})
	allowed(decide_without_data(req))
}

test_allows_quasi_identifiers_to_a_caller_outside_the_eea if {
	req := object.union(request, {"region": "US-CA", "confidentiality": "quasi-identifier"})
	allowed(decide_without_data(req))
}

test_allows_sensitive_data_to_an_eea_state_outside_the_eu if {
	req := object.union(request, {"region": "NO-03"})
	allowed(decide_without_data(req))
}

test_reads_a_bare_lower_case_country_code if {
	req := object.union(request, {"region": "de"})
	allowed(decide_without_data(req))
}

test_denies_sensitive_data_when_the_region_is_unknown if {
	req := object.remove(request, ["region"])
	denied(decide_without_data(req), "region is unknown")
}

test_takes_the_region_from_the_exchange_data_when_the_input_has_none if {
	req := object.remove(request, ["region"])
	allowed(decide(req, exchange))
}

test_the_input_region_wins_over_the_exchange_data if {
	req := object.union(request, {"region": "US-CA"})
	denied(decide(req, exchange), "caller region US-CA")
}

# --- agreement against the exchange data -------------------------------------------------

test_denies_an_agreement_the_exchange_does_not_list if {
	facts := object.union(object.remove(exchange, ["agreements"]), {"agreements": {}})
	denied(decide(request, facts), "agreement agr-1 is not active at the exchange")
}

test_denies_an_agreement_that_is_no_longer_active if {
	facts := object.union(exchange, {"agreements": {"agr-1": {"status": "terminated"}}})
	denied(decide(request, facts), "agreement agr-1 is terminated at the exchange")
}

test_denies_an_agreement_concluded_with_another_participant if {
	facts := object.union(exchange, {"agreements": {"agr-1": {"assignee": amc}}})
	denied(decide(request, facts), "not with caller")
}

test_denies_an_agreement_for_another_dataset if {
	facts := object.union(exchange, {"agreements": {"agr-1": {"datasetId": "mobility-trips"}}})
	denied(decide(request, facts), "covers dataset mobility-trips, not icu-admissions")
}

test_denies_a_request_before_the_agreement_is_valid if {
	req := object.union(request, {"time": "2025-01-10T08:59:59Z"})
	denied(decide(req, exchange), "is not valid before")
}

test_denies_a_request_at_the_end_of_the_agreement if {
	req := object.union(request, {"time": "2026-01-10T09:00:00Z"})
	denied(decide(req, exchange), "expired at")
}

test_allows_a_request_just_before_the_agreement_ends if {
	req := object.union(request, {"time": "2026-01-10T08:59:59Z"})
	allowed(decide(req, exchange))
}

test_skips_agreement_checks_when_the_exchange_data_is_not_loaded if {
	req := object.union(request, {"agreement": {"id": "agr-unknown"}})
	allowed(decide_without_data(req))
}
