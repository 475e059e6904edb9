# METADATA
# title: Agent topic changes records without verifying the customer
# description: >-
#   A topic of a customer-facing agent that is open to every visitor (no rule expression opens it only once
#   the customer is verified) must not hold actions that create, change or delete records: anyone who can
#   type into the agent can then make it change a customer's data by naming them. Instructions that ask the
#   model to verify first are not a control; the planner's rule expression on a verification variable is.
#   An action counts as changing records when its flow creates, updates or deletes records (Apex actions
#   are not judged here: their code is not read). The finding is located at the agent, with the topic and
#   its actions as related elements.
# custom:
#   id: SFP-AI-002
#   severity: high
#   category: ai
#   scope: component
#   remediation: >-
#     Move the record-changing actions to a topic the planner opens only for a verified customer: in Agentforce
#     Builder add the Customer Verification topic and a filter on the topic (Metadata API:
#     ruleExpressionAssignments with a rule expression on isVerified or the verified customer id), or require
#     confirmation and check the caller's identity inside the action.
#   frameworks:
#     GDPR: ["Art. 32", "Art. 5"]
#     NIS2: ["Art. 21(2)(i)", "Art. 21(2)(j)"]
#     ISO27001: ["A.5.17", "A.8.5"]
#     ISO42001: ["A.9.2"]
#   references:
#     - https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_genaiplannerbundle.htm
#     - https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_genaiplugin.htm
package sfpolicy.rules.ai.unverified_changes

import data.sfpolicy.lib
import rego.v1

flows := input.derived.aiDataFlows

deny contains f if {
	some name, agent in flows.agents
	agent.customerFacing
	some topic in agent.topics
	not topic.verified
	not topic.verifiesCustomer
	changing := {a | some a in topic.actions; flows.actions[a].changesRecords == true}
	count(changing) > 0
	label := object.get(topic, "name", "(no topic)")
	f := lib.owned({
		"msg": sprintf("Agent %s: topic %s is open without customer verification and can change records through %s: %s", [
			name, label, lib.plural(count(changing), "action"), lib.listing(changing),
		]),
		"resource": {"type": "Bot", "name": name},
		"location": {"file": agent._file, "line": agent._line},
		"key": sprintf("unverifiedTopic.%s", [label]),
		"related": array.concat(
			[{"file": topic._file, "line": topic._line, "msg": sprintf("topic %s, opened without verification", [label])}],
			[{"file": flows.actions[a]._file, "line": flows.actions[a]._line, "msg": sprintf(
				"%s writes %s", [a, concat(", ", flows.actions[a].writes)],
			)} | some a in sort([x | some x in changing])],
		),
	})
}
