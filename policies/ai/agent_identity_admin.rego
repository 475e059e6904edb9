# METADATA
# title: Agent runs as an identity with admin or all-data permissions
# description: >-
#   An agent acts with the permissions of the user it runs as (the Bot's botUser for a service agent). When
#   that identity holds View All Data, Modify All Data or an administrative permission, every action the
#   model decides to take, and every record it grounds a prompt on, has the reach of an administrator: one
#   prompt injection away from any record. The identity's profiles and permission sets are those
#   ai.agentUsers assigns to the agent (the metadata names only the username). The finding is located at the
#   agent, with each grant as a related element.
# custom:
#   id: SFP-AI-005
#   severity: critical
#   category: ai
#   scope: component
#   remediation: >-
#     Give the agent user (Setup > Users, the agent's user) a minimal profile (Einstein Agent User) and one
#     permission set granting exactly the objects, fields, Apex classes and flows its actions need; remove
#     View All Data, Modify All Data and administrative permissions from its profile and permission sets.
#   frameworks:
#     GDPR: ["Art. 25", "Art. 32"]
#     NIS2: ["Art. 21(2)(i)"]
#     ISO27001: ["A.5.15", "A.8.2", "A.5.18"]
#     ISO42001: ["A.9.2"]
#   references:
#     - https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_bot.htm
#     - https://help.salesforce.com/s/articleView?id=sf.copilot_setup_agent_user.htm
package sfpolicy.rules.ai.agent_identity_admin

import data.sfpolicy.lib
import rego.v1

deny contains f if {
	some name, agent in input.derived.aiDataFlows.agents
	holders := {h | some h in identity(agent)}
	grants := {[perm, rtype, holder, loc] |
		some [perm, rtype, holder, loc] in lib.user_grants
		[rtype, holder] in holders
		perm in lib.privileged_permissions
	}
	count(grants) > 0
	perms := {perm | some [perm, _, _, _] in grants}
	elements := {[loc._file, loc._line, sprintf("%s %s grants %s", [rtype, holder, perm])] |
		some [perm, rtype, holder, loc] in grants
	}
	f := lib.owned({
		"msg": sprintf("Agent %s runs as %s, which holds %s: %s", [
			name, running_user(agent), lib.plural(count(perms), "privileged permission"), lib.listing(perms),
		]),
		"resource": {"type": "Bot", "name": name},
		"location": {"file": agent._file, "line": agent._line},
		"key": "identity.privileged",
		"related": [{"file": e[0], "line": e[1], "msg": e[2]} | some e in sort([x | some x in elements])],
	})
}

# The agent's profiles and permission sets, a group's members included (a group grants nothing of its own).
identity(agent) := {[h.type, h.name] | some h in agent.identity.holders; h.type != "PermissionSetGroup"} | {
["PermissionSet", member] |
	some h in agent.identity.holders
	h.type == "PermissionSetGroup"
	some member in object.get(input.permissionSetGroups, [h.name, "permissionSets"], [])
}

running_user(agent) := agent.identity.runningUser if is_string(agent.identity.runningUser)
else := "its user"
