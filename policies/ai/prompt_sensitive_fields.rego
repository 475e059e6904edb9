# METADATA
# title: Prompt template sends sensitive fields to a model
# description: >-
#   A prompt template merges record fields into the text it sends to a large language model. A sensitive
#   field merged in (directly, in a record snapshot or a related list) leaves Salesforce for the model
#   provider on every call, whoever runs it. Severity by the most sensitive field's tier: high for special
#   category, criminal and government identifier data, medium for financial data and fields classified
#   sensitive, low for contact data.
# custom:
#   id: SFP-AI-003
#   severity: medium
#   category: ai
#   scope: component
#   remediation: >-
#     In Setup > Prompt Builder, remove the sensitive merge fields from the template (or ground it on a flow
#     or Apex class that returns only what the task needs), and keep Einstein Trust Layer data masking on for
#     the field's data type (Setup > Einstein Trust Layer).
#   frameworks:
#     GDPR: ["Art. 5", "Art. 9", "Art. 25", "Art. 28"]
#     NIS2: ["Art. 21(2)(d)", "Art. 21(2)(i)"]
#     ISO27001: ["A.5.12", "A.5.34", "A.8.11"]
#     ISO42001: ["A.5.4"]
#   references:
#     - https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_genaiprompttemplate.htm
#     - https://help.salesforce.com/s/articleView?id=sf.generative_ai_trust_layer.htm
package sfpolicy.rules.ai.prompt_sensitive_fields

import data.sfpolicy.lib
import rego.v1

tier_rank := {"special_category": 4, "criminal": 4, "government_id": 4, "financial": 3, "classified": 3, "contact": 2}

rank_severity := {4: "high", 3: "medium", 2: "low"}

deny contains f if {
	some name, tmpl in input.derived.aiDataFlows.promptTemplates
	hits := {[m._file, m._line, sprintf("%s: %s (%s)", [m.reference, s.field, tier(s)])] |
		some m in tmpl.mergeFields
		some s in sensitive_of(m)
	}
	count(hits) > 0
	fields := {s.field | some m in tmpl.mergeFields; some s in sensitive_of(m)}
	top := max({object.get(tier_rank, tier(s), 3) | some m in tmpl.mergeFields; some s in sensitive_of(m)})
	f := lib.with_severity(
		lib.rollup("GenAiPromptTemplate", name, hits, "sensitiveMergeFields", sprintf(
			"Prompt template %s sends %s to model %s: %s", [
				name, lib.plural(count(fields), "sensitive field"), model_name(tmpl), lib.listing(fields),
			],
		)),
		rank_severity[top],
	)
}

sensitive_of(m) := [m.sensitive] if m.sensitive != null
else := object.get(m, "sensitiveFields", [])

tier(s) := object.get(s, "tier", "classified")

model_name(tmpl) := tmpl.model.model if tmpl.model.model != null
else := "(default)"
