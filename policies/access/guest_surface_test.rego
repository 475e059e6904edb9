package sfpolicy.rules.access.guest_surface_test

import data.sfpolicy.rules.access.guest_surface as rule
import rego.v1

guest := {"_file": "profiles/Guest.profile-meta.xml", "_line": 2, "userLicense": "Guest User License",
	"classAccesses": [
		{"_line": 5, "apexClass": "SiteController", "enabled": true},
		{"_line": 9, "apexClass": "SiteControllerTest", "enabled": true},
		{"_line": 13, "apexClass": "AdminTools", "enabled": false},
		{"_line": 17, "apexClass": "SafeController", "enabled": true},
		{"_line": 21, "apexClass": "LegacyController", "enabled": true},
	],
	"flowAccesses": [{"_line": 25, "flow": "Book_Tour", "enabled": true}, {"_line": 29, "flow": "Lookup", "enabled": true}],
	"pageAccesses": [{"_line": 33, "apexPage": "StoreFinder", "enabled": true}, {"_line": 41, "apexPage": "SiteLogin", "enabled": true}],
	"customPermissions": [{"_line": 37, "name": "Bypass_Validation", "enabled": true}],
}

org(profiles, sets) := {"profiles": profiles, "permissionSets": sets,
	"apexClasses": {
		"SiteController": {"sharing": "without", "isTest": false},
		"SiteControllerTest": {"sharing": "none", "isTest": true},
		"SafeController": {"sharing": "with", "isTest": false},
	},
	"flows": {"Book_Tour": {"runInMode": "SystemModeWithoutSharing"}, "Lookup": {"runInMode": "SystemModeWithSharing"}},
	"derived": {"guestProfiles": {"Guest": true}, "permissionSetGroups": {}},
}

test_one_finding_per_guest_holder_with_every_open_element if {
	findings := rule.deny with input as org({"Guest": guest, "Sales": object.union(guest, {"userLicense": "Salesforce"})}, {})
	count(findings) == 1
	some f in findings
	f.resource == {"type": "Profile", "name": "Guest"}
	f.key == "guestSurface"
	f.severity == "high"
	f.location.line == 5
	{r.msg | some r in f.related} == {
		"Apex class SiteController (without sharing)", "flow Book_Tour (system mode without sharing)",
		"custom permission Bypass_Validation",
	}
	contains(f.msg, "3 elements")
}

# Pages (the scan does not read their markup) and classes whose source is not in the scan are the
# inventory's guest surface, not findings: nothing shows they escape the guest's permissions.
test_pages_and_unknown_classes_alone_pass if {
	unknown := object.union(object.remove(guest, ["customPermissions", "flowAccesses"]),
		{"classAccesses": [{"_line": 21, "apexClass": "LegacyController", "enabled": true}]})
	count(rule.deny) == 0 with input as org({"Guest": unknown}, {})
}

test_class_without_sharing_declaration_is_medium if {
	bare := {"_file": "g", "_line": 2, "userLicense": "Guest User License",
		"classAccesses": [{"_line": 5, "apexClass": "Bare", "enabled": true}]}
	findings := rule.deny with input as object.union(org({"Guest": bare}, {}), {"apexClasses": {"Bare": {"sharing": "none", "isTest": false}}})
	{f.severity | some f in findings} == {"medium"}
}

test_guest_licensed_permission_set if {
	ps := {"_file": "ps", "_line": 2, "license": "Guest User License", "flowAccesses": [{"_line": 4, "flow": "Book_Tour", "enabled": true}]}
	findings := rule.deny with input as org({}, {"Guest_Booking": ps})
	{[f.resource.type, f.resource.name, f.severity] | some f in findings} == {["PermissionSet", "Guest_Booking", "high"]}
}

test_only_sharing_enforcing_code_passes if {
	closed := {"_file": "g", "_line": 2, "userLicense": "Guest User License",
		"classAccesses": [{"_line": 5, "apexClass": "SafeController", "enabled": true}],
		"flowAccesses": [{"_line": 9, "flow": "Lookup", "enabled": true}],
		"pageAccesses": [{"_line": 13, "apexPage": "SiteLogin", "enabled": false}]}
	count(rule.deny) == 0 with input as org({"Guest": closed}, {})
}

test_stock_site_pages_alone_pass if {
	stock := {"_file": "g", "_line": 2, "userLicense": "Guest User License",
		"pageAccesses": [{"_line": 5, "apexPage": "SiteLogin", "enabled": true}, {"_line": 9, "apexPage": "FileNotFound", "enabled": true}]}
	count(rule.deny) == 0 with input as org({"Guest": stock}, {})
}
