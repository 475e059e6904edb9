package sfpolicy.rules.oauth.callback_host_test

import data.sfpolicy.rules.oauth.callback_host as rule
import rego.v1

app(urls) := {"connectedApps": {"X": {"_file": "x", "_line": 2, "oauthConfig": {
	"_line": 4, "callbackUrl": urls, "isAdminApproved": true, "_lines": {"callbackUrl": 5},
}}}}

eca(url) := {"extlClntAppGlobalOauthSettings": {"Y_glbl": {
	"_file": "y", "_line": 1, "externalClientApplication": "Y", "callbackUrl": url, "_lines": {"callbackUrl": 3},
}}}


test_placeholder_domain_is_high_at_its_line if {
	findings := rule.deny with input as app("https://callback.com")
	{[f.severity, f.key, f.location.line] | some f in findings} == {["high", "oauthConfig.callbackUrl.host.callback.com", 5]}
}

test_each_url_of_the_element_is_judged if {
	findings := rule.deny with input as app("https://callback\nhttp://localhost:1717/OauthRedirect\nhttps://app.example.com/cb")
	{[f.severity, f.key] | some f in findings} == {
		["medium", "oauthConfig.callbackUrl.host.callback"],
		["low", "oauthConfig.callbackUrl.host.localhost"],
	}
}

test_real_hosts_pass_without_own_domains if {
	count(rule.deny) == 0 with input as app("https://vendor.io/oauth/callback https://login.salesforce.com/services/oauth2/success")
	count(rule.deny) == 0 with input as app("myapp://oauth/done")
}

test_third_party_only_with_own_domains if {
	cfg := {"endpoints": {"ownDomains": ["*.acme-corp.eu"], "allowedHosts": ["*.salesforce.com"]}}
	findings := rule.deny with input as app("https://vendor.io/cb https://sso.acme-corp.eu/cb https://login.salesforce.com/x")
		with data.sfpolicy.config as cfg
	{[f.severity, f.key] | some f in findings} == {["low", "oauthConfig.callbackUrl.host.vendor.io"]}
}

test_external_client_app_callback if {
	findings := rule.deny with input as eca("https://callback.com/oauth")
	{[f.resource.type, f.resource.name, f.key, f.location.file, f.location.line] | some f in findings} == {
		["ExternalClientApplication", "Y", "callbackUrl.host.callback.com", "y", 3],
	}
}

test_an_own_domain_is_never_a_placeholder if {
	count(rule.deny) == 0 with input as app("https://sso.acme.com/cb") with data.sfpolicy.config as {"endpoints": {"ownDomains": ["*.acme.com"]}}
	count(rule.deny) == 1 with input as app("https://sso.acme.com/cb")
}
