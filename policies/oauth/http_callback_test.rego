package sfpolicy.rules.oauth.http_callback_test

import data.sfpolicy.rules.oauth.http_callback as rule
import rego.v1

app(urls) := {"X": {"_file": "x", "_line": 2, "oauthConfig": {"_line": 4, "callbackUrl": urls, "_lines": {"callbackUrl": 5}}}}

test_http_callback_is_denied if {
	findings := rule.deny with input as {"connectedApps": app("https://ok.example/cb\nhttp://vendor.example/cb")}
	count(findings) == 1
	some f in findings
	f.key == "oauthConfig.callbackUrl.http://vendor.example/cb"
	f.location.line == 5
}

test_loopback_and_https_pass if {
	count(rule.deny) == 0 with input as {"connectedApps": app("http://localhost:1717/OauthRedirect https://x.example")}
}

test_external_client_app_http_callback if {
	global := {"_file": "g", "_line": 1, "externalClientApplication": "Y", "callbackUrl": "http://vendor.io/cb",
		"_lines": {"callbackUrl": 3}}
	findings := rule.deny with input as {"extlClntAppGlobalOauthSettings": {"Y_glbl": global}}
	{[f.resource.name, f.key, f.location.line] | some f in findings} == {["Y", "callbackUrl.http://vendor.io/cb", 3]}
}
