package sfpolicy.rules.sharing.public_owd_test

import data.sfpolicy.rules.sharing.public_owd as rule
import rego.v1

org(model, sensitive) := {"objects": {"Customer__c": {"_file": "o", "_line": 2, "sharingModel": model,
	"_lines": {"sharingModel": 12}}}, "derived": {"sensitiveObjects": sensitive}}

test_public_read_write_on_sensitive_object_is_denied if {
	findings := rule.deny with input as org("ReadWrite", {"Customer__c": ["Customer__c.Email__c"]})
	{f.location.line | some f in findings} == {12}
}

test_private_passes if {
	count(rule.deny) == 0 with input as org("Private", {"Customer__c": ["Customer__c.Email__c"]})
}

test_non_sensitive_object_passes if {
	count(rule.deny) == 0 with input as org("ReadWrite", {})
}

tiered(model, tier) := {"objects": {"Patient__c": {"_file": "o", "_line": 2, "sharingModel": model,
	"_lines": {"sharingModel": 12}}}, "derived": {
	"sensitiveObjects": {"Patient__c": ["Patient__c.F__c"]},
	"sensitiveFields": {"Patient__c.F__c": {"tier": tier, "tierReason": sprintf("%s: name looks like x", [tier]), "reasons": []}},
}}

tiers_config := {"sensitive": {"tiers": {"special_category": {"severity": "high"}, "financial": {"severity": "low"}}}}

test_public_read_only_on_special_category_data_is_denied_with_its_tier if {
	findings := rule.deny with input as tiered("Read", "special_category") with data.sfpolicy.config as tiers_config
	count(findings) == 1
	some f in findings
	f.severity == "high"
	contains(f.msg, "highest tier: Patient__c.F__c, special_category: name looks like x")
}

test_public_read_only_on_identifier_and_criminal_data_is_denied if {
	count(rule.deny) == 1 with input as tiered("Read", "government_id")
	count(rule.deny) == 1 with input as tiered("Read", "criminal")
}

test_public_read_only_on_contact_financial_or_classified_data_passes if {
	count(rule.deny) == 0 with input as tiered("Read", "contact")
	count(rule.deny) == 0 with input as tiered("Read", "financial")
	count(rule.deny) == 0 with input as tiered("Read", "classified")
}

test_public_read_write_takes_the_tier_severity if {
	findings := rule.deny with input as tiered("ReadWrite", "financial") with data.sfpolicy.config as tiers_config
	{f.severity | some f in findings} == {"low"}
}

test_public_read_write_on_contact_data_is_reported_at_its_tier if {
	findings := rule.deny with input as tiered("ReadWrite", "contact") with data.sfpolicy.config as {"sensitive": {"tiers": {"contact": {"severity": "low"}}}}
	{f.severity | some f in findings} == {"low"}
}

test_a_field_without_tier_is_classified_and_keeps_the_rule_severity if {
	findings := rule.deny with input as org("ReadWrite", {"Customer__c": ["Customer__c.Email__c"]})
		with data.sfpolicy.config as tiers_config
	{f.severity | some f in findings} == {"high"}
}
