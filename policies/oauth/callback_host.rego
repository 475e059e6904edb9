# METADATA
# title: OAuth callback URL to a placeholder, local or third-party host
# description: >-
#   Salesforce sends the authorisation code (or, in the user-agent flow, the token itself) to the app's
#   callback URL. A placeholder left from setup (https://callback.com, https://test.com) delivers it to
#   whoever registered that domain (high); a host without a domain (https://callback) to whatever that
#   name resolves to on the user's network (medium); the local machine (localhost) marks an app only a
#   native or CLI client can use, not one for production (low). Reserved example names (example.com,
#   *.example, *.test: RFC 2606) can receive nothing and are left alone. With endpoints.ownDomains set
#   in sfpolicy.yaml, a callback to any other host than those and Salesforce's is reported as
#   third-party, to confirm it is the vendor's (low), and a host under them is never reported. Checked
#   on connected apps and External Client Apps.
# custom:
#   id: SFP-OAUTH-010
#   severity: high
#   category: oauth
#   scope: component
#   remediation: >-
#     Setup > App Manager (or External Client App Manager) > (app) > Edit > OAuth Settings > Callback URL:
#     replace every placeholder with the integration's real redirect endpoint on a domain you or the vendor
#     control, remove localhost entries from apps used in production, and list your own domains under
#     endpoints.ownDomains in sfpolicy.yaml.
#   frameworks:
#     GDPR: ["Art. 28", "Art. 32"]
#     NIS2: ["Art. 21(2)(d)", "Art. 21(2)(e)"]
#     ISO27001: ["A.5.19", "A.8.26"]
#     SBS: ["SBS-OAUTH-001"]
#   references:
#     - https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_connectedapp.htm
#     - https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_extlclntappglobaloauthsettings.htm
#     - https://datatracker.ietf.org/doc/html/rfc6749#section-10.6
#     - https://datatracker.ietf.org/doc/html/rfc8252#section-7.3
package sfpolicy.rules.oauth.callback_host

import data.sfpolicy.lib
import rego.v1

# Registrable domains seen as placeholders in real callback URLs and setup guides.
placeholder_domains := {
	"callback.com", "test.com", "domain.com", "mydomain.com", "yourdomain.com", "yoursite.com", "website.com",
	"mywebsite.com", "sample.com", "foo.com", "bar.com", "abc.com", "xyz.com", "acme.com", "company.com",
	"yourcompany.com", "mycompany.com", "redirect.com", "oauth.com", "app.com", "myapp.com", "login.com",
}

loopback(host) if host in {"localhost", "127.0.0.1", "[::1]", "::1"}

own_domains := object.get(lib.config, ["endpoints", "ownDomains"], [])

salesforce_hosts := object.get(lib.config, ["endpoints", "allowedHosts"], [])

deny contains f if {
	some app in lib.oauth_apps
	some url in app.values.callbackUrls
	host := host_of(url)
	not matches_any(host, own_domains) # your own domain is never a placeholder or a third party
	[severity, why] := judge(host)
	f := lib.with_severity(
		lib.oauth_finding(app, "callbackUrls", sprintf(".host.%s", [host]),
			sprintf("%s sends OAuth codes to %s: %s", [app.label, url, why])),
		severity,
	)
}

# host_of(url): the lower-case host of an http(s) URL (other schemes are app links of mobile clients).
host_of(url) := lower(m[0][2]) if {
	m := regex.find_all_string_submatch_n(`^(?i)(https?)://([^/?#:\s]+|\[[^\]]*\])`, url, 1)
	count(m) == 1
}

judge(host) := ["high", "a placeholder domain owned by someone else"] if {
	host in placeholder_domains
} else := ["high", "a placeholder domain owned by someone else"] if {
	some domain in placeholder_domains
	endswith(host, concat("", [".", domain]))
} else := ["low", "the local machine, usable only by a native or CLI client"] if {
	loopback(host)
} else := ["medium", "a host name without a domain, resolved on the user's own network"] if {
	not contains(host, ".")
	not startswith(host, "[")
} else := ["low", "a host outside endpoints.ownDomains: confirm it is the vendor's"] if {
	count(own_domains) > 0
	not matches_any(host, own_domains)
	not matches_any(host, salesforce_hosts)
}

matches_any(host, patterns) if {
	some pattern in patterns
	matches(host, lower(pattern))
}

matches(host, pattern) if host == pattern

matches(host, pattern) if {
	startswith(pattern, "*.")
	suffix := substring(pattern, 1, -1)
	endswith(host, suffix)
}

matches(host, pattern) if {
	startswith(pattern, "*.")
	host == substring(pattern, 2, -1)
}
