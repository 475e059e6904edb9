# METADATA
# title: Clickjack protection off
# description: >-
#   Without clickjack protection Salesforce pages can be framed by another site that tricks users into
#   clicking (approving, sharing, exporting). Checked in Session Settings for Setup pages, non-Setup
#   Salesforce pages and customer Visualforce pages with standard headers or with headers disabled (all
#   four are Health Check baseline settings), and for active Salesforce Sites that allow all framing.
# custom:
#   id: SFP-SEC-006
#   severity: medium
#   category: security
#   scope: component
#   remediation: >-
#     Setup > Session Settings > Clickjack Protection: tick "Enable clickjack protection for Setup pages",
#     "... for non-Setup Salesforce pages", "... for customer Visualforce pages with standard headers" and
#     "... with headers disabled"; for sites, Setup > Sites > (site) > Edit > Clickjack Protection Level:
#     "Allow framing by the same origin only".
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(e)"]
#     ISO27001: ["A.8.26"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.admin_sessions.htm
#     - https://help.salesforce.com/s/articleView?id=xcloud.security_health_check_score.htm
package sfpolicy.rules.security.clickjack_protection

import data.sfpolicy.lib
import rego.v1

pages := {
	"enableClickjackSetup": "Setup pages",
	"enableClickjackNonsetupSFDC": "non-Setup Salesforce pages",
	"enableClickjackNonsetupUser": "customer Visualforce pages with standard headers",
	"enableClickjackNonsetupUserHeaderless": "customer Visualforce pages with headers disabled",
}

deny contains f if {
	some key, what in pages
	[_, false] = lib.security_setting("sessionSettings", key)
	f := lib.setting_finding("sessionSettings", key, sprintf("Clickjack protection is off for %s (%s false)", [what, key]))
}

deny contains f if {
	some name, site in input.sites
	site.active == true
	site.clickjackProtectionLevel == "AllowAllFraming"
	f := lib.finding_at(
		"CustomSite", name, site, site, "clickjackProtectionLevel", "clickjackProtectionLevel",
		sprintf("Site %s allows framing by any web site (clickjackProtectionLevel AllowAllFraming)", [name]),
	)
}
