"""Where an outbound endpoint's data goes: host → jurisdiction, with well-known AI/LLM APIs labelled.

Data residency (SFP-NET-006) needs a jurisdiction for each host a Salesforce org calls. Nothing in
the metadata says where a host is, so the scanner uses, in order: the user's own ``endpoints.hosts``
map, the built-in table of public AI/LLM API hosts below (documented in docs/rules.md), cloud hosts
that name their region (AWS, Google Cloud), and the country-code top-level domain. A host none of
these place has jurisdiction ``None`` ("unknown"), which the rule reports as such, never as allowed.

Some hosts are a finding wherever they are: public request-capture, tunnelling, paste and out-of-band
testing services (:data:`CAPTURE_HOSTS`) hand whatever an org sends them to anyone holding the URL. And
the org's own domains are never a transfer (:func:`registrable_domain` groups a site's host names under
the domain the org registered).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class KnownHost:
    pattern: str  # host glob
    provider: str
    jurisdiction: str | None  # None: decided by the customer's deployment region, not by the host
    note: str = ""


#: Public AI/LLM API hosts and the region their default endpoint processes data in (provider
#: documentation; "US" where the provider offers no regional endpoint on that host).
AI_HOSTS: tuple[KnownHost, ...] = (
    KnownHost("eu.api.openai.com", "OpenAI API (EU data residency)", "EU"),
    KnownHost("api.openai.com", "OpenAI API", "US"),
    KnownHost("*.openai.azure.com", "Azure OpenAI Service", None, "region of the Azure resource"),
    KnownHost("api.anthropic.com", "Anthropic Claude API", "US"),
    KnownHost("generativelanguage.googleapis.com", "Google Gemini API", "US"),
    KnownHost("api.mistral.ai", "Mistral AI API", "EU", "hosted in the EU (France)"),
    KnownHost("api.cohere.ai", "Cohere API", "US"),
    KnownHost("api.cohere.com", "Cohere API", "US"),
    KnownHost("api.aleph-alpha.com", "Aleph Alpha API", "EU", "hosted in Germany"),
    KnownHost("api.deepl.com", "DeepL API", "EU", "hosted in the EU"),
    KnownHost("api-free.deepl.com", "DeepL API Free", "EU", "hosted in the EU"),
    KnownHost("api.groq.com", "Groq API", "US"),
    KnownHost("api.together.xyz", "Together AI API", "US"),
    KnownHost("api.together.ai", "Together AI API", "US"),
    KnownHost("api.fireworks.ai", "Fireworks AI API", "US"),
    KnownHost("api.perplexity.ai", "Perplexity API", "US"),
    KnownHost("api.x.ai", "xAI Grok API", "US"),
    KnownHost("api.replicate.com", "Replicate API", "US"),
    KnownHost("api-inference.huggingface.co", "Hugging Face Inference API", "US"),
    KnownHost("router.huggingface.co", "Hugging Face Inference Providers", "US"),
    KnownHost("api.ai21.com", "AI21 Labs API", "US"),
    KnownHost("api.deepseek.com", "DeepSeek API", "CN"),
    KnownHost("dashscope.aliyuncs.com", "Alibaba Cloud Model Studio (Qwen)", "CN"),
    KnownHost("dashscope-intl.aliyuncs.com", "Alibaba Cloud Model Studio (Qwen), international", "SG"),
    KnownHost("api.moonshot.cn", "Moonshot AI (Kimi) API", "CN"),
    KnownHost("bedrock-runtime.*.amazonaws.com", "Amazon Bedrock", None, "region in the host name"),
    KnownHost("*-aiplatform.googleapis.com", "Google Vertex AI", None, "region in the host name"),
)

#: Public services that show or forward what is sent to them to whoever holds the URL: request bins, tunnels to
#: a developer's machine, paste sites and out-of-band testing collectors. An endpoint on one of them in a
#: production org is a debugging leftover or an exfiltration path, whatever its jurisdiction.
CAPTURE_HOSTS: tuple[KnownHost, ...] = tuple(KnownHost(pattern, kind, None) for patterns, kind in (
    (("requestb.in", "*.requestb.in", "requestbin.com", "*.requestbin.com", "requestbin.net", "*.requestbin.net",
      "*.pipedream.net", "webhook.site", "*.webhook.site", "*.requestcatcher.com", "beeceptor.com", "*.beeceptor.com",
      "hookbin.com", "*.hookbin.com", "postb.in", "*.postb.in", "ptsv2.com", "ptsv3.com", "mockbin.org",
      "*.mockbin.org"), "public request-capture service"),
    (("*.ngrok.io", "*.ngrok.app", "*.ngrok-free.app", "*.ngrok-free.dev", "*.trycloudflare.com", "*.loca.lt",
      "*.localtunnel.me", "*.serveo.net", "*.localhost.run", "*.lhr.life"), "tunnel to a developer's machine"),
    (("pastebin.com", "*.pastebin.com", "paste.ee", "hastebin.com", "ghostbin.com"), "public paste site"),
    (("*.burpcollaborator.net", "*.oastify.com", "*.interact.sh", "*.oast.fun", "*.oast.me", "*.oast.pro",
      "*.oast.live", "*.oast.site", "*.oast.online"), "out-of-band testing collector"),
) for pattern in patterns)

#: Second-level labels under which a country's registry hands out names (acme.co.uk, agency.gov.au): the
#: registrable domain is then three labels long.
_SECOND_LEVEL = frozenset({"ac", "co", "com", "edu", "gob", "gov", "govt", "go", "gouv", "ne", "net", "or", "org"})

_EU_CCTLDS = frozenset({
    "eu", "at", "be", "bg", "hr", "cy", "cz", "dk", "ee", "fi", "fr", "de", "gr", "hu", "ie", "it", "lv", "lt",
    "lu", "mt", "nl", "pl", "pt", "ro", "sk", "si", "es", "se",
})
_EEA_CCTLDS = frozenset({"is", "li", "no"})
_OTHER_CCTLDS = {"uk": "UK", "ch": "CH", "us": "US", "gov": "US", "mil": "US", "ca": "CA", "au": "AU",
                 "jp": "JP", "cn": "CN", "in": "IN", "sg": "SG", "br": "BR", "ru": "RU", "kr": "KR", "nz": "NZ"}
# Region prefixes of cloud hosts: bedrock-runtime.eu-west-1.amazonaws.com, europe-west4-aiplatform.googleapis.com.
_REGION_HOST = re.compile(r"(?:^|\.)(?P<aws>[a-z]{2}(?:-gov)?-[a-z]+-\d)\.amazonaws\.com$|"
                          r"^(?P<gcp>[a-z]+-[a-z]+\d+)-aiplatform\.googleapis\.com$")
_REGION_JURISDICTION = (("eu-", "EU"), ("europe-", "EU"), ("us-", "US"), ("ca-", "CA"), ("ap-", "APAC"),
                        ("asia-", "APAC"), ("australia-", "AU"), ("me-", "ME"), ("sa-", "BR"),
                        ("southamerica-", "BR"), ("northamerica-", "CA"), ("il-", "IL"), ("af-", "ZA"))


@dataclass(frozen=True)
class Placement:
    host: str
    scheme: str
    jurisdiction: str | None
    source: str  # how it was decided: "config", "built-in AI host list", "cloud region", "country domain"
    provider: str | None = None  # set for known public AI/LLM APIs


def split_url(url: str) -> tuple[str, str]:
    """(scheme, host) of an endpoint URL, lower-case; tolerant of the bare hosts and globs in real files."""
    text = url.strip()
    if "://" not in text:
        text = "https://" + text if text else text
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
    except ValueError:
        return "", ""
    return parts.scheme.lower(), host.lower().rstrip(".")


def _glob(host: str, pattern: str) -> bool:
    pattern = pattern.lower()
    return fnmatch.fnmatchcase(host, pattern) or (pattern.startswith("*.") and host == pattern[2:])


def _region(host: str) -> str | None:
    match = _REGION_HOST.search(host)
    region = match and (match.group("aws") or match.group("gcp"))
    if not region:
        return None
    return next((j for prefix, j in _REGION_JURISDICTION if region.startswith(prefix)), None)


def _country(host: str) -> str | None:
    tld = host.rsplit(".", 1)[-1]
    if tld in _EU_CCTLDS:
        return "EU"
    if tld in _EEA_CCTLDS:
        return "EEA"
    return _OTHER_CCTLDS.get(tld)


def place(url: str, user_hosts: dict[str, str] | None = None) -> Placement:
    """Where the data sent to ``url`` goes, and how the scanner knows."""
    scheme, host = split_url(url)
    ai = next((k for k in AI_HOSTS if _glob(host, k.pattern)), None)
    provider = ai.provider if ai else None
    for pattern, jurisdiction in (user_hosts or {}).items():
        if _glob(host, pattern):
            return Placement(host, scheme, jurisdiction, "config endpoints.hosts", provider)
    if ai and ai.jurisdiction:
        return Placement(host, scheme, ai.jurisdiction, "built-in AI host list", provider)
    region = _region(host)
    if region:
        return Placement(host, scheme, region, "cloud region in host name", provider)
    country = None if ai else _country(host)
    if country:
        return Placement(host, scheme, country, "country domain", provider)
    return Placement(host, scheme, None, "unknown", provider)


def capture_service(host: str) -> str | None:
    """What kind of public capture service ``host`` is (:data:`CAPTURE_HOSTS`), or None."""
    return next((k.provider for k in CAPTURE_HOSTS if _glob(host, k.pattern)), None)


def registrable_domain(host: str) -> str:
    """The domain an organisation registers for ``host``: ``lop.gsa.gov`` → ``gsa.gov``, ``www.acme.co.uk`` →
    ``acme.co.uk`` (two labels, three under a country's second-level label)."""
    labels = host.lower().rstrip(".").split(".")
    keep = 3 if len(labels) > 2 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def country_of(host: str) -> str | None:
    """The jurisdiction a host's country-code (or US government) top-level domain names, or None."""
    return _country(host)


def host_allowed(host: str, patterns: list[str]) -> bool:
    return any(_glob(host, p) for p in patterns)
