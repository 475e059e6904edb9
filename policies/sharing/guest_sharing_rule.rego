# METADATA
# title: Sharing rule opens records to unauthenticated guest users
# description: >-
#   A guest user sharing rule (sharingGuestRules) shares records with the public, unauthenticated user of
#   an Experience Cloud site or Salesforce Site: anyone on the internet who finds the site can read them.
#   On an object holding sensitive fields this is a direct personal-data exposure.
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
