# METADATA
# title: Prompt template uses a model outside the allowed providers or regions
# description: >-
#   Each prompt template version names the model it calls (primaryModel). The prompt, with every record
#   field merged into it, is processed by that model's provider in the provider's region. A model from a
#   provider not in ai.allowedProviders is a finding. A model processed in a jurisdiction outside
#   ai.allowedRegions (by default endpoints.allowedJurisdictions and the org's home jurisdiction) is a
#   transfer when personal data reaches it: a sensitive field of any tier, records of an object about a
#   person (Contact, Lead, Case ... or a custom object whose records belong to one: derived.personalObjects),
#   grounding Apex or flows that read such records, or the conversation of a customer-facing agent. A
#   template that merges only the org's catalogue (a product's name, location and price) transfers no
#   personal data and is not reported for its region. High when the template merges sensitive fields,
#   medium otherwise; low when the model's jurisdiction is unknown (set it in ai.models).
# custom:
#   id: SFP-AI-004
#   severity: medium
#   category: ai
#   scope: component
#   remediation: >-
#     In Setup > Prompt Builder choose a model processed in an allowed region (Einstein Studio > Model
#     Builder for a model hosted where you need it), or turn the provider off (Setup > Einstein Setup,
#     EinsteinGptSettings disableAIProv*) and record the transfer basis; tell sfpolicy where a model runs with
#     ai.models.
#   frameworks:
#     GDPR: ["Art. 44", "Art. 46", "Art. 28"]
#     NIS2: ["Art. 21(2)(d)"]
#     ISO27001: ["A.5.14", "A.5.23", "A.5.34"]
#     ISO42001: ["A.10.3"]
#   references:
#     - https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_genaiprompttemplate.htm
#     - https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_einsteingptsettings.htm
package sfpolicy.rules.ai.prompt_model_region

import data.sfpolicy.lib
import rego.v1

ai := object.get(lib.config, "ai", {})

regions := object.get(ai, "allowedRegions", []) if count(object.get(ai, "allowedRegions", [])) > 0
else := lib.residency_jurisdictions

deny contains f if {
	some name, tmpl in input.derived.aiDataFlows.promptTemplates
	model := tmpl.model
	model.model != null
	personal := object.get(tmpl, "personalData", [])
	some [problem, known] in problems(model, personal)
	f := lib.with_severity(
		lib.finding("GenAiPromptTemplate", name, tmpl, model, "primaryModel", sprintf(
			"Prompt template %s calls model %s (%s): %s", [name, model.model, provider(model), problem],
		)),
		severity(tmpl, known),
	)
}

provider(model) := model.provider if model.provider != null
else := "unknown provider"

# [what is wrong, whether it is known to be wrong]; the findings of one template share the key
# (one weakness: its model), so a template gets one finding.
problems(model, personal) := [[concat("; ", [p | some [p, _] in found]), known]] if {
	found := [x | some x in all_problems(model, personal)]
	count(found) > 0
	known := count([1 | some [_, true] in found]) > 0
}

all_problems(model, personal) := {[p, true] |
	allowed := object.get(ai, "allowedProviders", [])
	count(allowed) > 0
	not model.provider in allowed
	p := sprintf("provider not in ai.allowedProviders (%s)", [concat(", ", allowed)])
} | {[p, true] |
	model.jurisdiction != null
	count(personal) > 0
	not model.jurisdiction in regions
	p := sprintf("processed in %s, outside the allowed regions (%s), and personal data reaches it: %s", [
		model.jurisdiction, concat(", ", sort(regions)), lib.listing(personal),
	])
} | {[p, false] |
	model.jurisdiction == null
	count(personal) > 0
	p := "jurisdiction unknown (set it in ai.models)"
}

severity(_, false) := "low"

severity(tmpl, true) := "high" if {
	some m in tmpl.mergeFields
	sensitive(m)
} else := "medium"

sensitive(m) if m.sensitive != null

sensitive(m) if count(object.get(m, "sensitiveFields", [])) > 0
