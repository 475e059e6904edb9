package sfpolicy.rules.sharing.guest_sharing_rule_test

import data.sfpolicy.rules.sharing.guest_sharing_rule as rule
import rego.v1

rules := {"Account": {"_file": "sharingRules/Account.sharingRules-meta.xml", "_line": 2, "sharingGuestRules": [
	{"_line": 3, "fullName": "Public_accounts", "accessLevel": "Read"},
]}}

test_guest_rule_is_high if {
	findings := rule.deny with input as {"sharingRules": rules, "derived": {"sensitiveObjects": {}}}
	count(findings) == 1
	some f in findings
	f.severity == "high"
	f.location.line == 3
}

test_guest_rule_on_sensitive_object_is_critical if {
	findings := rule.deny with input as {"sharingRules": rules, "derived": {"sensitiveObjects": {"Account": ["Account.SSN__c"]}}}
	some f in findings
	f.severity == "critical"
}

test_criteria_rules_are_not_guest_rules if {
	other := {"Account": {"_file": "f", "_line": 1, "sharingCriteriaRules": [{"_line": 3, "fullName": "x"}]}}
	count(rule.deny) == 0 with input as {"sharingRules": other, "derived": {"sensitiveObjects": {}}}
}

catalogue := {"Product__c": {"_file": "sharingRules/Product__c.sharingRules-meta.xml", "_line": 2, "sharingGuestRules": [
	{"_line": 3, "fullName": "Products_for_guests", "accessLevel": "Read"},
]}}

catalogue_org(objects, personal) := {"sharingRules": catalogue, "objects": objects,
	"derived": {"sensitiveObjects": {}, "personalObjects": personal}}

# A read-only rule on a custom object of the scan without sensitive fields whose records are nobody's is the
# site's public catalogue.
test_public_catalogue_passes if {
	count(rule.deny) == 0 with input as catalogue_org({"Product__c": {"fields": []}}, {})
}

test_catalogue_shape_still_reported_when_it_belongs_to_a_person_or_is_not_in_the_scan if {
	person := rule.deny with input as catalogue_org({"Product__c": {"fields": []}}, {"Product__c": "each belongs to a Contact"})
	count(person) == 1
	unknown := rule.deny with input as catalogue_org({}, {})
	count(unknown) == 1
}

test_standard_object_is_reported_even_without_sensitive_fields if {
	findings := rule.deny with input as {"sharingRules": rules, "objects": {"Account": {"fields": []}},
		"derived": {"sensitiveObjects": {}, "personalObjects": {}}}
	count(findings) == 1
}
