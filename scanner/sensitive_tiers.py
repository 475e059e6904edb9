"""The sensitive-data vocabulary: tiers of personal data, their default severity and name patterns.

A field name says what a field holds more often than any classification does: real orgs hold
``Sexual_Orientation__c``, ``HIV_Status__c`` or ``NRIC__c`` without a ``securityClassification``. The
patterns here recognise such names by tier, from the most to the least harmful when exposed:

* ``special_category``: GDPR Art. 9 (racial or ethnic origin, political opinions, religious or
  philosophical beliefs, trade-union membership, genetic, biometric and health data, sex life and sexual
  orientation);
* ``criminal``: GDPR Art. 10 (criminal convictions and offences);
* ``government_id``: identifiers a state issues (social security, national ID, NI number, passport,
  driving licence, NRIC / MyKad and other national numbers, tax ids) and the date of birth that
  completes them;
* ``financial``: bank accounts, payment cards, salary and income;
* ``contact``: email, phone and postal address, the lowest tier.

A sixth tier, ``classified``, is not matched by name: it is a field the org itself marked sensitive
(``securityClassification``, ``complianceGroup``, ``sensitive.fields``), or one matched by the flat
``sensitive.fieldNamePatterns`` of earlier versions.

Patterns are matched against the *words* of a field's API name and label, not their characters, so that
"sign" never matches ``Redesign__c``: :func:`words` reads ``ns__SexualOrientation2__c`` as
``" sexual orientation 2 "`` (namespace and suffix dropped, camelCase, ``_`` and digits split, lower
case, one space between words and around them), and a pattern says ``\\bsexual orientation\\b``.
"""

from __future__ import annotations

#: Tiers from the most to the least harmful; a field matched by several gets the first. ``classified``
#: (the org's own marking) ranks above financial and contact data: an org that marks a phone field
#: Restricted means it.
TIER_ORDER = ("special_category", "criminal", "government_id", "classified", "financial", "contact")

#: How findings name each tier.
TIER_LABELS = {
    "special_category": "special category data (GDPR Art. 9)",
    "criminal": "criminal-offence data (GDPR Art. 10)",
    "government_id": "a government identifier",
    "classified": "data the org classified as sensitive",
    "financial": "financial data",
    "contact": "contact data",
}

#: Default name patterns per tier, each with what it recognises (findings say "name looks like …").
TIER_PATTERNS: dict[str, dict[str, str]] = {
    "special_category": {
        r"\b(race|racial|ethnic|ethnicity|caste)\b": "racial or ethnic origin",
        r"\bpolitical (opinions?|party|affiliation|views?|beliefs?)\b|\bparty (affiliation|membership)\b":
            "political opinions",
        r"\breligion\b|\breligious\b|\bphilosophical beliefs?\b|\bbeliefs?\b": "religious or philosophical beliefs",
        r"\btrade union\b|\bunion (member|membership|affiliation)\b": "trade-union membership",
        r"\b(genetic|genetics|genome|genomic|genotype|dna|mrna)\b": "genetic data",
        r"\b(biometric|biometrics|fingerprints?|retina|voice ?print|face (id|template|print))\b": "biometric data",
        r"\b(hiv|aids status|disability|disabilities|diagnosis|diagnoses|diag code|diagnostic|medical|medication"
        r"|medications|prescription|prescribed|dosage|allergy|allergies|disease|diease|illness|symptoms?"
        r"|pregnancy|pregnant|mental health|therapy|treatment|vaccine|vaccination|immunization|immunisation"
        r"|clinical|blood (type|group|pressure|sugar))\b"
        r"|\bhealth (record|condition|history|status|data|info|issues?|problems?|insurance)\b"
        r"|\blab (results?|records?)\b|\bicd ?10\b": "health data",
        r"\bsexual orientation\b|\bsexuality\b|\bsex life\b|\bsexual\b|\blgbt\w*|\bgender identity\b":
            "sex life or sexual orientation",
    },
    "criminal": {
        r"\b(criminal|convictions?|convicted|offen[cs]es?|felony|felonies|arrests?|arrested|incarceration"
        r"|incarcerated|prison|parole)\b|\b(police|dbs|background) (check|record|clearance)\b":
            "criminal convictions or offences",
    },
    "government_id": {
        r"\bssn\b|\bsocial security\b|\bsocial insurance (number|no)\b|\bsin (number|no)\b":
            "a social security number",
        r"\bpassports?\b": "a passport number",
        r"\bnational (id|identity|identification|insurance|number)\b|\bnino\b|\bni (number|no)\b"
        r"|\bnhs (number|no)\b|\bmedicare (number|no|id)\b": "a national identifier",
        r"\bdriv(ing|er|ers) licen[cs]e\b|\bdl (number|no)\b": "a driving licence number",
        r"\b(nric|mykad|my kad|aadhaar|aadhar|cpf|curp|bsn|personnummer|pesel|hkid|dni|nif)\b"
        r"|\bic (number|no|num)\b|\bidentity card\b|\bid card\b|\bcodice fiscale\b|\bemirates id\b"
        r"|\bvoter id\b|\bpan (number|no|card)\b": "a national identity card number",
        r"\btax (id|identification|identifier|number|no|file number|reference)\b|\btin\b|\bsteuer ?id\b":
            "a tax identifier",
        r"\bbirth ?date\b|\bdate of birth\b|\bdob\b|\bbirthday\b": "a date of birth",
        r"\bvisa (number|no)\b|\b(residence|work) permit\b|\balien registration\b|\bbirth certificate\b":
            "an immigration or civil-status document number",
    },
    "financial": {
        r"\biban\b|\bbank (account|acct|details)\b|\bsort code\b|\brouting (number|no)\b|\bbsb\b":
            "a bank account",
        r"\b(credit|debit|payment) card\b|\bcard (number|no|num|expiry|expiration|holder)\b|\bcvv\b|\bcvc\b":
            "a payment card",
        r"\b(salary|salaries|wage|wages|payroll|income|net worth)\b|\bcredit (score|rating|limit)\b":
            "salary, income or creditworthiness",
    },
    "contact": {
        r"\be ?mails?\b": "an email address",
        r"\b(phone|telephone|mobile|fax)\b|\bcell (phone|number|no)\b": "a phone number",
        r"\bip address(es)?\b": "an IP address",
        # A postal code alone names an area (a ZIP+4 range, a district), not where somebody lives.
        r"\b(address|addresses|street)\b": "a postal address",
    },
}

#: Default severity of a finding about each tier's data, where a rule lets the data decide (``classified``
#: keeps the rule's own severity).
TIER_SEVERITIES = {"special_category": "high", "criminal": "high", "government_id": "high", "financial": "medium",
                   "contact": "low"}

#: Words that say a name matched by a tier's pattern holds no personal value of that tier: the identifier of
#: an email template or group, a subscription, an opt-out flag ("Email_Template_ID__c", "Phone_Type__c").
TIER_NOT: dict[str, frozenset[str]] = {
    "contact": frozenset({"id", "template", "templates", "queue", "subscription", "domain", "format", "type",
                          "status", "count", "verified", "bounced", "opt", "optout", "sent", "group"}),
}

#: Name patterns of stored credentials (SFP-ENC-003), matched on words like the tiers' patterns.
CREDENTIAL_PATTERNS: dict[str, str] = {
    r"\b(password|passwords|passwd|pwd|pass word)\b": "a password",
    r"\b(passphrase|pass phrase)\b": "a passphrase",
    r"\bsecrets?\b": "a secret",
    r"\btokens?\b": "a token",
    r"\bapi ?keys?\b|\bsecret keys?\b|\bsigning keys?\b|\baccess keys?\b": "an API key",
    r"\bprivate keys?\b": "a private key",
}

#: Words that say a credential-like name holds something else: where the token is fetched, when it
#: expires, how long it is ("Token_URI__c", "Password_Expiry_Days__c").
CREDENTIAL_NOT = frozenset({"url", "uri", "endpoint", "expiration", "expiry", "expires", "timeout", "length",
                            "policy", "policies", "hint", "required", "enabled", "type", "label"})

#: Words that make a token a payment processor's stand-in for a card or a transaction
#: ("Payment_Authorization_Token__c"): tokenisation is what keeps the card number out of the org (PCI DSS), and
#: the token opens no system. A token whose words also name access to a system (:data:`SYSTEM_TOKEN_WORDS`)
#: stays a credential ("Payment_Gateway_Access_Token__c").
PAYMENT_TOKEN_WORDS = frozenset({"payment", "payments", "card", "transaction"})

#: Words that make a token a key to a system: an OAuth access or refresh token, an API or session token.
SYSTEM_TOKEN_WORDS = frozenset({"access", "refresh", "api", "oauth", "bearer", "session", "auth", "login", "secret",
                                "secrets", "key", "keys", "gateway", "client", "password", "passwords", "passwd",
                                "pwd", "passphrase", "private"})


def words(name: str, limit: int = 255) -> str:
    """The words of an API name or label, lower case, each surrounded by one space.

    ``ns__HIVStatus2__c`` → ``" hiv status 2 "``: the namespace prefix and the ``__c`` style suffix are
    dropped; a new word starts at a lower-to-upper case change, before the last capital of a run of
    capitals followed by a lower-case letter (``HIVStatus``), between letters and digits, and at every
    other character. Linear in the (bounded) length: names come from the metadata under review.
    """
    name = name[:limit]
    parts = name.split("__")
    if len(parts) >= 2 and parts[-1].isalpha() and parts[-1].islower() and len(parts[-1]) <= 4:
        parts = parts[:-1]  # __c, __pc, __mdt, __r, __kav …
    if len(parts) >= 2:
        parts = parts[1:]  # the namespace prefix
    text = "__".join(parts)
    out: list[str] = []
    word = ""
    for i, ch in enumerate(text):
        if not ch.isalnum():
            if word:
                out.append(word)
            word = ""
            continue
        if word:
            prev = word[-1]
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if ((prev.islower() and ch.isupper()) or (prev.isdigit() != ch.isdigit())
                    or (prev.isupper() and ch.isupper() and nxt.islower())):
                out.append(word)
                word = ""
        word += ch
    if word:
        out.append(word)
    return " " + " ".join(w.lower() for w in out) + " " if out else ""
