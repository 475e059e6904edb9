# METADATA
# title: Dangerous administrative permission outside the allow-list
# description: >-
#   Tiered list of administrative permissions. Tier 0 (high) lets the holder make themself or anyone an
#   administrator (Author Apex, Customize Application, Modify Metadata, Manage Profiles and Permission
#   Sets, Assign Permission Sets, Manage Users, Manage Auth Providers, Manage Connected Apps, Manage
#   Encryption Keys, Bypass MFA, Download AppExchange Packages). Tier 1 (medium) weakens an org-wide
#   control (Manage Sharing, Roles, Reset Passwords, View Encrypted Data, Certificates, IP addresses,
#   password and login access policies, data integrations), or one of these: Manage Multi-Factor
#   Authentication in User Interface (ManageTwoFactor) and in API (DelegatedTwoFactor) let the holder
#   disconnect any user's verification methods and issue temporary codes, so a stolen password is enough;
#   Manage Experience Cloud sites (ManageNetworks) decides what sites and their guest users expose;
#   Manage Partners (ManagePartners) and Manage Customer Users (ManageCssUsers) create and enable
#   external users who then read shared records; Manage Sandboxes (ManageSandboxes) copies production
#   data to orgs with weaker controls; Modify Data Classification (ModifyDataClassification) changes a
#   field's securityClassification and compliance groups, so whoever holds it can declassify fields and
#   hide them from DLP, encryption policies and this scanner; Manage Session Permission Set Activations
#   (ManageSessionPermissionSets) activates privileged session-based permission sets without the usual
#   step-up. Tier 2 (low) reveals every user or can lock them out (View All Users, Freeze Users).
#   Manage Encryption Keys (tier 0) can destroy or export the tenant secrets of Shield encryption.
#   One finding per holder, at its highest tier, listing every administrative permission it grants.
#   Holders of Modify All Data are left to SFP-ACS-001: they administer the org whatever else they hold.
#   View All Users is not reported beside View All Data (which reads every user record; SFP-ACS-002
#   reports it). A holder named as a manager or administrator (Manager, Admin) whose only administrative
#   permissions are delegated administration of one area (Manage Customer Users, Manage Partners, Manage
#   Experience Cloud sites) is that area's administrator doing its job and is not reported; the same
#   permission on any other holder (a clerk) is, and the name exempts nothing else.
# custom:
#   id: SFP-ACS-008
#   severity: high
#   category: access
#   scope: component
#   remediation: >-
#     Remove the permission from the profile or permission set (Setup > Profiles or Permission Sets >
#     System Permissions), move administrative duties to named admin permission sets with session
#     activation, and list reviewed holders under allowlist.<Permission> in sfpolicy.yaml.
#   frameworks:
#     GDPR: ["Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(i)"]
#     ISO27001: ["A.5.15", "A.5.18", "A.8.2"]
#     SBS: ["SBS-ACS-001"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.admin_userperms.htm
#     - https://security.salesforce.com/security-benchmark
#     - https://help.salesforce.com/s/articleView?id=sf.security_require_two-factor_authentication.htm
#     - https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-fieldsecurityclassification.html
package sfpolicy.rules.access.admin_permissions

import data.sfpolicy.lib
import rego.v1

tier_severity := ["high", "medium", "low"]

granted[rtype][name] contains [loc._file, loc._line, perm, tier] if {
	some [perm, rtype, name, loc] in lib.user_grants
	tier := lib.admin_permission_tiers[perm]
	not lib.allowlisted(perm, name)
	not lib.holds(rtype, name, "ModifyAllData")
	not guest_view_all_users(perm, rtype, name)
	not covered_by_view_all_data(perm, rtype, name)
	not area_administrator(rtype, name)
}

# Salesforce removed View All Users from guest users (Summer '20): on a guest holder it grants nothing.
guest_view_all_users("ViewAllUsers", rtype, name) if lib.is_guest_holder(rtype, name)

# View All Data reads every record, users included: View All Users beside it reveals nothing more, and
# SFP-ACS-002 reports the holder.
covered_by_view_all_data("ViewAllUsers", rtype, name) if lib.holds(rtype, name, "ViewAllData")

# Delegated administration of one area: managing external users (Manage Customer Users, Manage Partners)
# or Experience Cloud sites (Manage Experience Cloud sites) is what Salesforce designed for a partner or
# customer manager and a site administrator.
delegated_area := {"ManageCssUsers", "ManagePartners", "ManageNetworks"}

# A holder whose name says it manages or administers (Manager, Admin, Administrator) and whose
# administrative permissions are all delegated_area ones is that area's administrator, doing its job: not
# reported. The name alone never exempts anything else: a holder with any other administrative permission
# (every tier 0, the other tier 1 and tier 2 ones) is reported with all of them listed, and a holder not
# named as a manager or administrator (a clerk with Manage Customer Users) is reported.
area_administrator(rtype, name) if {
	regex.match(`(?i)manager|admin`, name)
	every perm in admin_grants(rtype, name) {
		perm in delegated_area
	}
}

admin_grants(rtype, name) := {perm |
	some perm, _ in lib.admin_permission_tiers
	lib.grants_itself(rtype, name, perm)
}

deny contains f if {
	some rtype, holders in granted
	some name, grants in holders
	top := min({g[3] | some g in grants})
	f := lib.with_severity(
		lib.rollup(
			rtype, name, {[g[0], g[1], g[2]] | some g in grants}, sprintf("userPermissions.tier%d", [top]),
			sprintf("%s %s grants %s (%s)", [
				rtype, name, lib.plural(count(grants), "administrative permission"),
				concat("; ", [by_tier(grants, t) | some t in [0, 1, 2]; by_tier(grants, t)]),
			]),
		),
		tier_severity[top],
	)
}

# "tier 1: ManageRoles, ManageSharing" for the permissions of one tier, undefined when there are none.
by_tier(grants, t) := sprintf("tier %d: %s", [t, lib.listing(names)]) if {
	names := {g[2] | some g in grants; g[3] == t}
	count(names) > 0
}
