# METADATA
# title: Customer-facing agent can reach sensitive data or run in system mode
# description: >-
#   A customer-facing agent (an Agentforce service agent or a bot), above all one a website visitor reaches
#   without logging in, acts for whoever types into it. Each action its topics may call runs with the agent
#   user's access, or without its limits when it runs a flow in system mode (the agent user's object and
#   field permissions do not apply; without sharing, its record access neither) or an Apex class without
#   sharing. This reports every such agent once, listing its actions that run in system mode, bypass
#   sharing, or read or change sensitive fields (derived.aiDataFlows). Critical when the agent is reachable
#   without login and reaches sensitive fields, high when it is reachable without login or reaches them,
#   medium otherwise. The finding is located at the agent; its related elements are the actions.
# custom:
#   id: SFP-AI-001
#   severity: high
#   category: ai
#   scope: component
#   remediation: >-
#     For each listed action: in Setup > Flows, set How to Run the Flow to "System Context with Sharing" or
#     user context; declare the Apex class "with sharing" and check field access (WITH USER_MODE). Keep
#     sensitive fields out of what the agent user's permission set grants, give such actions a topic that
#     verifies the customer first, and require login on the Embedded Service deployment (Setup > Embedded
#     Service Deployments; user verification on the messaging channel) when the agent handles personal data.
#   frameworks:
#     GDPR: ["Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(i)", "Art. 21(2)(e)"]
#     ISO27001: ["A.8.3", "A.5.15", "A.8.28"]
#     ISO42001: ["A.9.2", "A.9.4"]
#     EUAIAct: ["Art. 15"]
#   references:
#     - https://developer.salesforce.com/docs/ai/agentforce/references/agents-metadata-tooling
#     - https://help.salesforce.com/s/articleView?id=sf.flow_distribute_context.htm
#     - https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_embeddedserviceconfig.htm
package sfpolicy.rules.ai.exposed_agent

import data.sfpolicy.lib
import rego.v1

flows := input.derived.aiDataFlows

deny contains f if {
	some name, agent in flows.agents
	agent.customerFacing
	risky := {a | some a in agent.actions; reaches(flows.actions[a])}
	count(risky) > 0
	elements := {[flows.actions[a]._file, flows.actions[a]._line, concern(flows.actions[a])] | some a in risky}
	sensitive := {a | some a in risky; count(flows.actions[a].sensitiveFields) > 0}
	f := lib.with_severity(
		lib.owned({
			"msg": sprintf("%s agent %s%s can call %s that %s: %s", [
				"Customer-facing", name, login_note(agent), lib.plural(count(risky), "action"),
				"run in system mode, bypass sharing or reach sensitive fields", lib.listing(risky),
			]),
			"resource": {"type": "Bot", "name": name},
			"location": {"file": agent._file, "line": agent._line},
			"key": "exposedActions",
			"related": [{"file": e[0], "line": e[1], "msg": e[2]} | some e in sort([x | some x in elements])],
		}),
		severity(agent, sensitive),
	)
}

reaches(action) if action.bypassesSharing

reaches(action) if object.get(action, "systemMode", false)
reaches(action) if count(action.sensitiveFields) > 0

concern(action) := sprintf("%s runs %s %s (%s)%s", [
	action.name, action.targetType, object.get(action, "target", ""), action.runsAs, sensitive_note(action),
])

sensitive_note(action) := sprintf("; reaches %s: %s", [
	lib.plural(count(action.sensitiveFields), "sensitive field"),
	lib.listing({s.field | some s in action.sensitiveFields}),
]) if count(action.sensitiveFields) > 0
else := ""

login_note(agent) := sprintf(" (reachable without login through %s)", [
	lib.listing({d.name | some d in agent.deployments; d.unauthenticated}),
]) if agent.unauthenticated
else := ""

severity(agent, sensitive) := "critical" if {
	agent.unauthenticated
	count(sensitive) > 0
} else := "high" if {
	agent.unauthenticated
} else := "high" if {
	count(sensitive) > 0
} else := "medium"
