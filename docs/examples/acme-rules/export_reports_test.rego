package sfpolicy.rules.acme.export_reports_test

import data.sfpolicy.rules.acme.export_reports as rule
import rego.v1

grant := {"_file": "force-app/main/default/permissionsets/X.permissionset-meta.xml", "_line": 2,
	"userPermissions": [{"_line": 6, "enabled": true, "name": "ExportReport"}]}

org(sets) := {"profiles": {}, "permissionSets": sets, "derived": {"permissionSetGroups": {}}}

test_marketing_grant_is_denied_at_its_line if {
	findings := rule.deny with input as org({"Marketing": grant})
	count(findings) == 1
	some f in findings
	f.resource == {"type": "PermissionSet", "name": "Marketing"}
	f.location.line == 6
}

test_reporting_team_passes if {
	findings := rule.deny with input as org({"Reporting_Analysts": grant})
	count(findings) == 0
}
