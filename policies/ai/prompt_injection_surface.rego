# METADATA
# title: Prompt template merges free text without delimiting it
# description: >-
#   Text people outside the org can write (a case description, a review, a chat message) merged straight
#   into a prompt's instructions can carry instructions of its own: the model cannot tell the template's
#   words from the record's. Fencing merged free text (a quoted block, a tag, a code fence) and telling the
#   model it is data narrows this prompt-injection surface. Free text is a field of type Text Area, Long Text
#   Area or Rich Text, a standard description, comment, subject or body field, or a related list of an object
#   that has such fields. It is written by outsiders when the platform fills the object from outside
#   (Web-to-Case, Email-to-Case, Web-to-Lead, chat, messaging, community feeds), a guest, portal, community
#   or external holder may create or edit the object, an agent action creates or updates its records, or its
#   records belong to a customer (a custom object looking up to Contact, Lead, Individual or Case: a review,
#   a request). Free text only staff write, such as a catalogue entry's description, is not reported.
# custom:
#   id: SFP-AI-006
#   severity: low
#   category: ai
#   scope: component
#   remediation: >-
#     In Setup > Prompt Builder, put each free-text merge field between delimiters (e.g. a line of three
#     quotes before and after, or <review>…</review>) and say in the instructions that the delimited text is
#     data to work on, never instructions; keep the Trust Layer's prompt defense on.
#   frameworks:
#     GDPR: ["Art. 32"]
#     NIS2: ["Art. 21(2)(e)"]
#     ISO27001: ["A.8.28", "A.8.26"]
#     EUAIAct: ["Art. 15"]
#   references:
#     - https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_genaiprompttemplate.htm
#     - https://genai.owasp.org/llmrisk/llm01-prompt-injection/
package sfpolicy.rules.ai.prompt_injection_surface

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some name, tmpl in input.derived.aiDataFlows.promptTemplates
	loose := {[m._file, m._line, m.reference] |
		some m in tmpl.mergeFields
		m.freeText
		not m.delimited
		is_string(object.get(m, "outsiderText", null))
	}
	count(loose) > 0
	refs := {r | some [_, _, r] in loose}
	f := lib.rollup("GenAiPromptTemplate", name, loose, "undelimitedFreeText", sprintf(
		"Prompt template %s merges %s people outside the org can write into its instructions without delimiters: %s", [
			name, lib.plural(count(refs), "free-text field"), lib.listing(refs),
		],
	))
}
