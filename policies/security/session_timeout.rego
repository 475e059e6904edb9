# METADATA
# title: Session timeout longer than the limit
# description: >-
#   Sessions that stay valid for more than two hours (security.maxSessionTimeoutMinutes in sfpolicy.yaml)
#   widen the window in which an unattended browser or a stolen session cookie gives access. Checked on
#   the org's Session Settings and on profile session settings.
# custom:
#   id: SFP-SEC-001
#   severity: medium
#   category: security
#   scope: component
#   remediation: >-
#     Setup > Session Settings > Timeout Value: 2 hours or less (and tick "Force logout on session
#     timeout"); for profiles, Setup > Profiles > (profile) > Session Settings > Session Times Out After.
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(i)", "Art. 21(2)(j)"]
#     ISO27001: ["A.8.5"]
#   references:
#     - https://help.salesforce.com/s/articleView?id=sf.admin_sessions.htm
package sfpolicy.rules.security.session_timeout

import data.sfpolicy.lib
import rego.v1

minutes := {"TwentyFourHours": 1440, "TwelveHours": 720, "EightHours": 480, "FourHours": 240, "TwoHours": 120,
	"SixtyMinutes": 60, "ThirtyMinutes": 30, "FifteenMinutes": 15}

limit := object.get(lib.config, ["security", "maxSessionTimeoutMinutes"], 120)

deny contains f if {
	[_, value] := lib.security_setting("sessionSettings", "sessionTimeout")
	minutes[value] > limit
	f := lib.setting_finding("sessionSettings", "sessionTimeout",
		sprintf("Sessions time out after %s (%d minutes, limit %d)", [value, minutes[value], limit]))
}

deny contains f if {
	some name, setting in input.profileSessionSettings
	timeout := setting.sessionTimeout
	is_number(timeout)
	timeout > limit
	f := lib.finding_at(
		"ProfileSessionSetting", name, setting, setting, "sessionTimeout", "sessionTimeout",
		sprintf("Profile session setting %s keeps sessions for %d minutes (limit %d)", [name, timeout, limit]),
	)
}
