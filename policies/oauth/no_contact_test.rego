package sfpolicy.rules.oauth.no_contact_test

import data.sfpolicy.rules.oauth.no_contact as rule
import rego.v1

test_missing_description_is_reported if {
	findings := rule.deny with input as {"connectedApps": {"X": {"_file": "x", "_line": 2, "contactEmail": "a@b.example"}}}
	{f.key | some f in findings} == {"description.missing"}
}

test_described_app_passes if {
	app := {"_file": "x", "_line": 2, "contactEmail": "a@b.example", "description": "Vendor X, owner CRM"}
	count(rule.deny) == 0 with input as {"connectedApps": {"X": app}}
}

test_external_client_app_without_contact if {
	findings := rule.deny with input as {"externalClientApps": {"Y": {"_file": "y", "_line": 2, "description": "Vendor Y"}}}
	{[f.resource.type, f.key] | some f in findings} == {["ExternalClientApplication", "contactEmail.missing"]}
}
