package sfpolicy.rules.code.apex_without_sharing_callout_test

import data.sfpolicy.rules.code.apex_without_sharing_callout as rule
import rego.v1

sensitive := [{"field": "Contact.Birthdate", "tier": "special_category", "_line": 5}]

send := {"kind": "httpSend", "_line": 9}

org(sharing, fields, callouts, callee) := {"derived": {"apexCode": {"apexClasses/Sync": {
	"type": "ApexClass", "name": "Sync", "_file": "classes/Sync.cls", "_line": 1, "isTest": false,
	"withoutSharing": sharing, "callouts": callouts, "calleeCallouts": callee, "sensitiveFields": fields,
}}}}

test_without_sharing_query_and_callout_is_one_finding if {
	findings := rule.deny with input as org("declared without sharing", sensitive, [send], [])
	count(findings) == 1
	some f in findings
	f.key == "withoutSharing.callout"
	{r.line | some r in f.related} == {5, 9}
}

test_callout_through_a_called_class_or_a_calling_out_batch_counts if {
	via := object.union(send, {"via": "Gateway", "_line": 1})
	count(rule.deny) == 1 with input as org("declared without sharing", sensitive, [], [via])
	batch := {"kind": "executeBatch", "batchClass": "Push", "batchCallsOut": true, "_line": 3}
	count(rule.deny) == 1 with input as org("declared without sharing", sensitive, [batch], [])
}

test_with_sharing_no_sensitive_field_or_no_callout_passes if {
	count(rule.deny) == 0 with input as org(null, sensitive, [send], [])
	count(rule.deny) == 0 with input as org("declared without sharing", [], [send], [])
	count(rule.deny) == 0 with input as org("declared without sharing", sensitive, [], [])
	quiet := {"kind": "executeBatch", "batchClass": "Local", "_line": 3}
	count(rule.deny) == 0 with input as org("declared without sharing", sensitive, [quiet], [])
}
