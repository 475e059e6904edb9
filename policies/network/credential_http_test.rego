package sfpolicy.rules.network.credential_http_test

import data.sfpolicy.rules.network.credential_http as rule
import rego.v1

endpoint(rtype, url) := {"derived": {"endpoints": {"e": {"type": rtype, "name": "Erp", "url": url,
	"_file": "n", "_line": 6}}}}

test_named_credential_over_http_is_denied if {
	findings := rule.deny with input as endpoint("NamedCredential", "http://erp.example.com/api")
	{f.location.line | some f in findings} == {6}
}

test_https_and_remote_sites_pass if {
	count(rule.deny) == 0 with input as endpoint("NamedCredential", "https://erp.example.com")
	count(rule.deny) == 0 with input as endpoint("RemoteSiteSetting", "http://erp.example.com")
}
