# METADATA
# title: Sharing rule opens records to unauthenticated guest users
# description: >-
#   A guest user sharing rule (sharingGuestRules) shares records with the public, unauthenticated user of
#   an Experience Cloud site or Salesforce Site: anyone on the internet who finds the site can read them.
#   On an object holding sensitive fields this is a direct personal-data exposure (critical). A read-only
#   rule on the org's public catalogue is what the site exists to serve and is not reported: a custom
#   object defined in the scan with no sensitive field whose records belong to no person (no lookup to
#   Contact, Lead, Individual or Case: derived.personalObjects), such as the products or events a site
#   lists. Every other guest rule is reported: on a standard object (accounts, contacts, cases hold
#   customers), on an object whose records belong to a person, on an object the scan does not define (it
#   cannot show the records are public), or granting more than Read.
# custom:
#   id: SFP-SHR-004
#   severity: high
#   category: sharing
#   scope: component
#   remediation: >-
#     Delete the guest sharing rule (Setup > Sharing Settings > (object) Sharing Rules) or narrow its
#     criteria to records that are meant to be public; serve data to guests through a controller that
#     returns only public fields. Review the site's guest profile object permissions at the same time.
#   frameworks:
#     GDPR: ["Art. 5(1)(f)", "Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(i)"]
#     ISO27001: ["A.5.15", "A.8.3"]
#     SBS: ["SBS-CPORTAL-002"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.networks_guest_user_sharing_rules.htm
package sfpolicy.rules.sharing.guest_sharing_rule

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some object_name, rules in input.sharingRules
	some rule in object.get(rules, "sharingGuestRules", [])
	sensitive := object.get(input, ["derived", "sensitiveObjects", object_name], [])
	not public_catalogue(object_name, rule, sensitive)
	f := object.union(
		lib.finding(
			"SharingRules", object_name, rules, rule, sprintf("sharingGuestRules.%s", [rule.fullName]),
			sprintf("Guest sharing rule %s gives unauthenticated users %s access to %s records%s", [
				rule.fullName, object.get(rule, "accessLevel", "?"), object_name, sensitive_note(sensitive),
			]),
		),
		{"severity": severity(sensitive)},
	)
}

severity(sensitive) := "critical" if count(sensitive) > 0
else := "high"

sensitive_note(sensitive) := sprintf(" (sensitive fields: %s)", [concat(", ", sensitive)]) if count(sensitive) > 0
else := ""

# A read-only guest rule on a custom object of the scan without sensitive fields, whose records are nobody's.
public_catalogue(object_name, rule, sensitive) if {
	endswith(object_name, "__c")
	input.objects[object_name]
	count(sensitive) == 0
	not input.derived.personalObjects[object_name]
	object.get(rule, "accessLevel", "Read") == "Read"
}
