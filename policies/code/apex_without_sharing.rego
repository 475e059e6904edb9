# METADATA
# title: Apex class without sharing exposes entry points
# description: >-
#   A class declared "without sharing" ignores record sharing. When it exposes @AuraEnabled,
#   @RestResource, webservice, @InvocableMethod or @RemoteAction members, any user (or guest) who can
#   call them reads or changes records beyond their own access. Read from the class header only.
# custom:
#   id: SFP-CODE-002
#   severity: medium
#   category: code
#   scope: component
#   remediation: >-
#     In the class source (in the repository; Setup > Apex Classes shows the deployed version): declare
#     the class "with sharing" (or "inherited sharing"), run queries WITH USER_MODE /
#     Security.stripInaccessible, and move the few operations that truly need system access into a small
#     private "without sharing" helper that the entry point calls after its own checks.
#   frameworks:
#     GDPR: ["Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(e)"]
#     ISO27001: ["A.8.26", "A.8.28"]
#   references:
#     - https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_classes_keywords_sharing.htm
package sfpolicy.rules.code.apex_without_sharing

import data.sfpolicy.lib
import rego.v1

entry_kinds := {"AuraEnabled", "RestResource", "webservice", "InvocableMethod", "RemoteAction"}

deny contains f if {
	some name, class in input.apexClasses
	class.sharing == "without"
	object.get(class, "isTest", false) != true
	kinds := {p.kind | some p in object.get(class, "entryPoints", []); p.kind in entry_kinds}
	count(kinds) > 0
	f := lib.finding(
		"ApexClass", name, class, class, "sharing.without",
		sprintf("Apex class %s is declared without sharing and exposes %s entry points", [
			name, concat(", ", sort(kinds)),
		]),
	)
}
