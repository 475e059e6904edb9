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
#   One finding per holder and tier, listing every permission of that tier it grants.
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

granted[rtype][name][tier] contains [loc._file, loc._line, perm] if {
	some [perm, rtype, name, loc] in lib.user_grants
	tier := lib.admin_permission_tiers[perm]
	not lib.allowlisted(perm, name)
}

deny contains f if {
	some rtype, holders in granted
	some name, tiers in holders
	some tier, elements in tiers
	f := lib.with_severity(
		lib.rollup(
			rtype, name, elements, sprintf("userPermissions.tier%d", [tier]),
			sprintf("%s %s grants %s of tier %d: %s", [
				rtype, name, lib.plural(count(elements), "administrative permission"), tier,
				lib.listing({e[2] | some e in elements}),
			]),
		),
		tier_severity[tier],
	)
}
