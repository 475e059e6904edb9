# METADATA
# title: Sharing rule opens a sensitive object to all internal, partner or customer users
# description: >-
#   A criteria or owner sharing rule whose target is All Internal Users, All Partner Users or All
#   Customer Portal Users undoes a Private org-wide default for everyone at once. On an object holding
#   sensitive fields it is reported as medium, as high when it grants Edit.
# custom:
#   id: SFP-SHR-003
#   severity: medium
#   category: sharing
#   scope: component
#   remediation: >-
#     Setup > Sharing Settings > (object) Sharing Rules > Edit: share to the public group or role that
#     needs the records, with Read Only access unless edits are required.
#   frameworks:
#     GDPR: ["Art. 5(1)(c)", "Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(i)"]
#     ISO27001: ["A.5.15", "A.8.3"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.security_about_sharing_rules.htm
package sfpolicy.rules.sharing.broad_sharing_rule

import data.sfpolicy.lib
import rego.v1

audiences := {"allInternalUsers": "all internal users", "allPartnerUsers": "all partner users",
	"allCustomerPortalUsers": "all customer portal users"}

deny contains f if {
	some object_name, rules in input.sharingRules
	lib.protected_object(object_name)
	some kind in ["sharingCriteriaRules", "sharingOwnerRules"]
	some rule in object.get(rules, kind, [])
	shared_to := object.get(rule, "sharedTo", {})
	is_object(shared_to)
	some target, audience in audiences
	target in object.keys(shared_to)
	access := object.get(rule, "accessLevel", "Read")
	f := lib.with_severity(
		lib.finding(
			"SharingRules", object_name, rules, rule, sprintf("%s.%s.%s", [kind, rule.fullName, target]),
			sprintf("Sharing rule %s gives %s %s access to %s records%s", [
				rule.fullName, audience, access, object_name, lib.sensitive_note(object_name),
			]),
		),
		severity(access),
	)
}

severity(access) := "high" if access in {"Edit", "All"}
else := "medium"
