# METADATA
# title: Guest user can run Apex, Visualforce pages, flows or custom permissions
# description: >-
#   Apex classes, Visualforce pages and flows enabled on a guest-user profile or a guest-licensed
#   permission set are callable by anyone on the internet without logging in: every @AuraEnabled,
#   @RemoteAction or webservice method of such a class and every page and flow is an anonymous API, and a
#   custom permission turns on whatever logic checks it. This is the surface attackers enumerate on
#   Experience Cloud sites. What a reviewer acts on is the part that escapes the guest's own permissions and
#   sharing, so one finding per guest holder lists those elements: high for an Apex class declared without
#   sharing or a flow that runs in system mode without sharing; medium for a class with no sharing
#   declaration (it runs without sharing when called directly) and a custom permission. The rest is what
#   the site exists to serve and is listed in the containment inventory's guest surface, not reported:
#   classes declared with or inherited sharing, flows that run with sharing or in the user's context, Apex
#   test classes, Visualforce
#   pages (the scan does not read page markup; a page's controller runs with the sharing its class declares,
#   judged when the class is enabled for the guest too) and classes or flows whose source is not in the scan.
# custom:
#   id: SFP-ACS-030
#   severity: high
#   category: access
#   scope: component
#   remediation: >-
#     Setup > Sites (or Digital Experiences > Workspaces > Administration > Pages > Go to Force.com) >
#     Public Access Settings: under Enabled Apex Class Access, Visualforce Page Access, Flow Access and
#     Custom Permissions keep only what anonymous visitors must use; in every class that stays, declare
#     "with sharing", check object and field access (WITH USER_MODE), and validate every parameter.
#   frameworks:
#     GDPR: ["Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(e)", "Art. 21(2)(i)"]
#     ISO27001: ["A.5.15", "A.8.3", "A.8.26"]
#     SBS: ["SBS-CPORTAL-002"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.networks_guest_user_profile.htm
#     - https://developer.salesforce.com/docs/atlas.en-us.secure_coding_guide.meta/secure_coding_guide/secure_coding_guidelines_lightning_security.htm
#     - https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_profile.htm
package sfpolicy.rules.access.guest_surface

import data.sfpolicy.lib
import rego.v1

order := {"high": 3, "medium": 2, "low": 1}

deny contains f if {
	some rtype, key in lib.holder_keys
	some name, comp in object.get(input, key, {})
	lib.is_guest_holder(rtype, name)
	file := object.get(comp, "_file", "")
	judged := {[object.get(entry, "_file", file), object.get(entry, "_line", 1), text, severity] |
		some [list, field] in [["classAccesses", "apexClass"], ["flowAccesses", "flow"], ["customPermissions", "name"]]
		some entry in object.get(comp, list, [])
		entry.enabled == true
		is_string(entry[field])
		[text, severity] := judge(list, entry[field])
	}
	count(judged) > 0
	worst := max({order[e[3]] | some e in judged})
	f := lib.with_severity(
		lib.rollup(rtype, name, {[e[0], e[1], e[2]] | some e in judged}, "guestSurface", sprintf(
			"Guest %s %s lets anonymous visitors run %s: %s",
			[lib.holder_label[rtype], name, lib.plural(count(judged), "element"), lib.listing({e[2] | some e in judged})],
		)),
		[sev | some sev, n in order; n == worst][0],
	)
}

# judge(list, name): [how the element is listed, its severity]; undefined for an element that runs within the
# guest's permissions and sharing, or that the scan cannot judge (inventory).
judge("classAccesses", class) := [sprintf("Apex class %s (without sharing)", [class]), "high"] if {
	input.apexClasses[class].sharing == "without"
	input.apexClasses[class].isTest != true
} else := [sprintf("Apex class %s (no sharing declaration)", [class]), "medium"] if {
	input.apexClasses[class].sharing == "none"
	input.apexClasses[class].isTest != true
}

judge("flowAccesses", flow) := [sprintf("flow %s (system mode without sharing)", [flow]), "high"] if {
	input.flows[flow].runInMode == "SystemModeWithoutSharing"
}

judge("customPermissions", permission) := [sprintf("custom permission %s", [permission]), "medium"]
