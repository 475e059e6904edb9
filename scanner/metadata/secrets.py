"""Keep secrets out of the org model, and so out of every report, log and message built from it.

Metadata in a repository can hold credentials someone committed by mistake (a connected app's
consumer secret, a named credential's password, a private key, a token pasted into a description).
The model is written to JSON reports, SARIF messages and CI logs, so secrets are removed while the
model is built, before anything else sees it:

* the whole value of an element that holds a secret by its name (``consumerSecret``, ``password``,
  ``oauthToken`` …) is replaced by :data:`REDACTED`; an empty value stays empty so "no secret set"
  is still visible to rules, and the literal ``Placeholder_Value`` Salesforce writes in retrieved
  auth providers stays, because it is not a secret and tells a rule that none was committed;
* an element whose name only suggests a secret (``…Secret``, ``…Password``, ``…Token``, ``…ApiKey``)
  loses its value when the value looks like one: a long string without spaces, not a URL, with high
  entropy (``tokenEndpointUrl`` or ``refreshTokenPolicy`` values stay readable);
* certificate and key bodies (long base64 in an element named ``…cert…`` or ``…key…``) are removed;
* the value of an external credential parameter of an authentication type (``AuthParameter``,
  ``AuthHeader``) is removed;
* in every other text, substrings in well-known token formats (PEM blocks, JWTs, AWS access keys,
  Slack/GitHub/Google/Stripe tokens, ``sk-…`` API keys, Salesforce session ids) are replaced, and so
  are ``Bearer`` tokens, the userinfo of a URL (up to the last ``@`` of its authority) and the values
  of query parameters named like credentials (``api_key``, ``token``, ``sig`` …).

Metadata text is hostile input: every pattern runs in time linear in the text it searches.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Any

REDACTED = "**redacted**"

#: Elements whose whole value is a secret, whatever it looks like.
SECRET_ELEMENTS = frozenset({
    "consumerSecret", "clientSecret", "secret", "sharedSecret", "password", "oauthToken", "oauthRefreshToken",
    "accessToken", "refreshToken", "privateKey", "apiKey", "awsAccessSecret", "awsSecretAccessKey",
    "encryptionKey", "signingKey", "content",
})
#: Values Salesforce writes in place of a secret on retrieve; they are kept so rules can tell them apart.
PLACEHOLDERS = frozenset({"placeholder_value"})

_SECRETISH_NAME = re.compile(r"(secret|password|passwd|token|apikey|privatekey)$", re.IGNORECASE)
_KEY_MATERIAL_NAME = re.compile(r"cert|key", re.IGNORECASE)
_BASE64_BLOB = re.compile(r"[A-Za-z0-9+/=\s]+")
#: Below this a base64 value in a ``…cert…`` element is a certificate's name, not its body.
_PEM_MIN_LENGTH = 100
_SECRETISH_MIN_LENGTH = 16
_SECRETISH_MIN_ENTROPY = 3.0  # bits per character; English words and identifiers score lower

#: External credential parameter types whose value is a credential.
AUTH_PARAMETER_TYPES = frozenset({"AuthParameter", "AuthHeader"})

def _starting(prefix: str, width: int, after_not: str = r"\w") -> str:
    """``prefix`` (``width`` characters) not preceded by an ``after_not`` character.

    The check is a lookbehind placed after the prefix, so every alternative of :data:`_TOKENS` starts
    with a literal: the regex engine then skips to candidate positions without trying each pattern
    everywhere. The check also makes a long run such as ``eyJ-eyJ-…`` a candidate at its first start
    only, not at each of them (which made the JWT pattern quadratic).
    """
    return f"{prefix}(?<!{after_not}.{{{width}}})"


_TOKEN_CHAR = "[A-Za-z0-9_-]"
# Every pattern is linear: it starts at a literal, its runs are possessive (``++``: never given back,
# so a failed match costs its run once) or bounded, and a run cannot start a second candidate.
# tests/test_secrets.py runs each on ~10 MB of text built against it.
_TOKENS = re.compile("|".join(f"(?:{pattern})" for pattern in (
    r"-----BEGIN [A-Z0-9 ]{1,64}-----[\s\S]*?(?:-----END [A-Z0-9 ]{1,64}-----|\Z)",  # PEM keys and certificates
    _starting("eyJ", 3, _TOKEN_CHAR) + r"[A-Za-z0-9_-]{8,}+\.[A-Za-z0-9_-]{8,}+\.[A-Za-z0-9_-]*+",  # JWT
    _starting("A(?:KIA|SIA|GPA|IDA|ROA|NPA|NVA|IPA)", 4) + r"[0-9A-Z]{16}\b",  # AWS access key id
    _starting("xox[abposr]-", 5, _TOKEN_CHAR) + r"[0-9A-Za-z-]{10,}+",  # Slack token
    r"hooks\.slack\.com/services/[A-Za-z0-9/]++",  # Slack webhook
    _starting("gh[pousr]_", 4) + r"[A-Za-z0-9]{30,}+",  # GitHub token
    _starting("github_pat_", 11, _TOKEN_CHAR) + r"[A-Za-z0-9_]{22,}+",  # GitHub fine-grained token
    _starting("AIza", 4) + r"[0-9A-Za-z_-]{35}",  # Google API key
    _starting("[sr]k_(?:live|test)_", 8) + r"[0-9A-Za-z]{16,}+",  # Stripe key
    _starting("sk-", 3, _TOKEN_CHAR) + r"[A-Za-z0-9_-]{20,}+",  # OpenAI, Anthropic and other API keys (sk-proj-…)
    _starting("00D", 3) + r"[0-9A-Za-z]{12,15}![0-9A-Za-z._]{20,}+",  # Salesforce session id / access token
)))
# Every token format above contains one of these; the cheap search decides whether the full one runs
# (it keeps redaction to a few percent of normalising time). Keep both lists in step.
_TOKEN_HINT = re.compile(r"-----BEGIN|eyJ|A(?:KI|SI|GP|ID|RO|NP|NV|IP)A|xox|hooks\.slack|gh[pousr]_|github_pat_|AIza"
                         r"|k_live_|k_test_|sk-|00D")
_MIN_TOKEN_LENGTH = 15  # the shortest format above (a Slack token)
#: A bearer token after its scheme name (RFC 6750 ``b64token``); the scheme name stays readable.
_BEARER = re.compile(_starting("(?:Bearer|bearer|BEARER)", 6) + r"[ \t]++[A-Za-z0-9._~+/-]{8,}+=*+")
#: The userinfo of a URL: everything between ``://`` and the last ``@`` of the authority, whether it
#: is ``user:password``, a password with an empty user name, or a token used as the user name.
_URL_USERINFO = re.compile(r"://(?:[^/\s?#@]*+@)++")
#: A URL query parameter (or one in a fragment or a ``;`` list) and its value.
_PARAMETER = re.compile(r"([?&;#]([A-Za-z0-9_.-]{1,64}+)=)([^&#;\s\"'<>]++)")
#: Parameter names that carry a credential: the name itself or its last ``_``/``-``/``.`` part
#: (``api_key``, ``client_secret``, ``X-Amz-Signature``), whatever the case.
_SECRET_PARAMETER_NAME = re.compile(
    r"(?:^|[_.-])(?:api[_-]?key|apikey|key|token|secret|sig|signature|password|passwd|pwd|pass|auth"
    r"|credentials?|code|session|sessionid|sid)$", re.IGNORECASE)


def _scrub_parameter(match: re.Match[str]) -> str:
    return match.group(1) + REDACTED if _SECRET_PARAMETER_NAME.search(match.group(2)) else match.group(0)


def _has_secret_parameter(text: str) -> bool:
    return any(_SECRET_PARAMETER_NAME.search(m.group(2)) for m in _PARAMETER.finditer(text))


def _entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def _looks_secret(value: str) -> bool:
    return (len(value) >= _SECRETISH_MIN_LENGTH and not any(c.isspace() for c in value)
            and "://" not in value and _entropy(value) >= _SECRETISH_MIN_ENTROPY)


@lru_cache(maxsize=4096)
def _name_class(name: str) -> tuple[bool, bool, bool]:
    """(a secret by name, suggests a secret, may hold key material): element names repeat, so cached."""
    return (name in SECRET_ELEMENTS, _SECRETISH_NAME.search(name) is not None,
            _KEY_MATERIAL_NAME.search(name) is not None)


def secret_name(name: str) -> bool:
    """Whether :func:`redact` may act on a text value of element ``name`` other than by :func:`scrub_text`."""
    return any(_name_class(name))


def may_hold_tokens(text: str) -> bool:
    """Whether :func:`scrub_text` could change ``text`` or any part of it (false for most files: a
    normaliser checks a whole file's text once instead of each value)."""
    return (_TOKEN_HINT.search(text) is not None or ("://" in text and "@" in text)
            or (("earer" in text or "EARER" in text) and _BEARER.search(text) is not None)  # substring search first
            or ("=" in text and _has_secret_parameter(text)))


def scrub_text(text: str) -> str:
    """``text`` with every substring in a known token format replaced by :data:`REDACTED`."""
    if len(text) >= _MIN_TOKEN_LENGTH and _TOKEN_HINT.search(text):
        text = _TOKENS.sub(REDACTED, text)
    if "://" in text and "@" in text:
        text = _URL_USERINFO.sub(f"://{REDACTED}@", text)
    if "=" in text:
        text = _PARAMETER.sub(_scrub_parameter, text)
    if len(text) >= _MIN_TOKEN_LENGTH:
        text = _BEARER.sub(lambda m: m.group(0).split(None, 1)[0] + " " + REDACTED, text)
    return text


def redact(name: str, value: Any) -> Any:
    """The value to keep in the model for a child element ``name`` whose normalised value is ``value``."""
    if isinstance(value, dict):
        # Repeated elements arrive as lists (a malformed or hostile file): any auth type, every value.
        types = value.get("parameterType")
        types = types if isinstance(types, list) else [types]
        if "parameterValue" in value and any(isinstance(t, str) and t in AUTH_PARAMETER_TYPES for t in types):
            parameter = value["parameterValue"]
            if isinstance(parameter, list):
                value["parameterValue"] = [REDACTED if isinstance(p, str) and p else p for p in parameter]
            elif isinstance(parameter, str) and parameter:
                value["parameterValue"] = REDACTED
        return value
    if not isinstance(value, str) or not value:
        return value
    secret, secretish, keyish = _name_class(name)
    if (secret or secretish) and value.lower() in PLACEHOLDERS:
        return value
    if secret or (secretish and _looks_secret(value)):
        return REDACTED
    if keyish and len(value) >= _PEM_MIN_LENGTH and _BASE64_BLOB.fullmatch(value):
        return REDACTED
    return scrub_text(value)
