# METADATA
# title: Einstein Trust Layer protection turned off
# description: >-
#   The Einstein Trust Layer masks personal data in prompts before they leave Salesforce
#   (EinsteinAISettings enableTrustPIIMasking) and keeps Azure OpenAI calls in the org's model region
#   (EinsteinGptSettings disableAIProviderRegionFallback). Settings that turn masking off, or let calls fall
#   back to another region, send unmasked personal data or send it elsewhere. Reported only where the
#   settings file says so: a setting that was not retrieved is not judged.
# custom:
#   id: SFP-AI-007
#   severity: high
#   category: ai
#   scope: component
#   remediation: >-
#     Setup > Einstein Trust Layer: turn data masking on for the data types your prompts carry (Metadata API:
#     EinsteinAISettings enableTrustPIIMasking true); Setup > Einstein Setup: turn off region fallback
#     (EinsteinGptSettings disableAIProviderRegionFallback true) when prompts must stay in one region.
#   frameworks:
#     GDPR: ["Art. 25", "Art. 32", "Art. 44"]
#     NIS2: ["Art. 21(2)(d)", "Art. 21(2)(h)"]
#     ISO27001: ["A.8.11", "A.5.14"]
#     ISO42001: ["A.10.3"]
#   references:
#     - https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_einsteinaisettings.htm
#     - https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_einsteingptsettings.htm
package sfpolicy.rules.ai.trust_layer

import data.sfpolicy.lib
import rego.v1

checks := {
	["EinsteinAI", "enableTrustPIIMasking", false, "high", "Einstein Trust Layer data masking is off: prompts reach the model with personal data unmasked"],
	["EinsteinGpt", "disableAIProviderRegionFallback", false, "medium", "model calls may fall back to a region outside the org's model region"],
}

deny contains f if {
	some [section, key, bad, severity, msg] in checks
	settings := input.settings[section]
	settings[key] == bad
	f := lib.with_severity(
		lib.finding_at("Settings", section, settings, settings, key, sprintf("%s.%s", [section, key]),
			sprintf("%sSettings %s is %v: %s", [section, key, bad, msg])),
		severity,
	)
}
