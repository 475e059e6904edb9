package sfpolicy.rules.ai.trust_layer_test

import data.sfpolicy.rules.ai.trust_layer as rule
import rego.v1

settings(masking, fallback) := {"settings": {
	"EinsteinAI": {"_file": "ai.xml", "_line": 2, "enableTrustPIIMasking": masking, "_lines": {"enableTrustPIIMasking": 3}},
	"EinsteinGpt": {"_file": "gpt.xml", "_line": 2, "disableAIProviderRegionFallback": fallback,
		"_lines": {"disableAIProviderRegionFallback": 4}},
}}

test_masking_off_and_region_fallback_are_reported if {
	findings := rule.deny with input as settings(false, false)
	{[f.severity, f.location.file, f.location.line] | some f in findings} == {["high", "ai.xml", 3], ["medium", "gpt.xml", 4]}
}

test_protective_or_missing_settings_pass if {
	count(rule.deny) == 0 with input as settings(true, true)
	count(rule.deny) == 0 with input as {"settings": {}}
}
