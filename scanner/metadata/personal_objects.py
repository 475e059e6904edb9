"""The derived view ``personalObjects``: the objects whose records are about a person outside the org.

Several exposure rules turn on whether records are personal data or the org's public catalogue: a guest
sharing rule on products a site sells is its purpose, one on customers is a leak (SFP-SHR-004); a prompt
sent to a model abroad matters when a person's data is in it (SFP-AI-004); free text a customer wrote can
carry instructions to a model (SFP-AI-006). Whether a field *value* is personal is the sensitive-field
view's question; this one is about the records:

* the standard objects that hold people and what they said: Contact, Lead, Individual, Person Account
  (PersonAccount), Case (raised by a customer: Web-to-Case, Email-to-Case), EmailMessage, the messaging
  and chat transcripts (MessagingSession, MessagingEndUser, LiveChatTranscript, VoiceCall), the contact
  points, and User;
* a custom object with a lookup or master-detail field to Contact, Lead, Individual or Case: each record
  belongs to a customer (a review, a booking, a survey answer), and its free text is the customer's words
  or copied from them.

Lookups to User are left out of the second rule: every record has an owner, which says nothing about whose
data the record holds.
"""

from __future__ import annotations

from typing import Any

#: Standard objects whose records are about a person (and why).
PERSON_OBJECTS: dict[str, str] = {
    **dict.fromkeys(("Contact", "Lead", "Individual", "PersonAccount"), "people"),
    "User": "a user of the org",
    **dict.fromkeys(("Case", "EmailMessage"), "a customer's request and correspondence"),
    **dict.fromkeys(("MessagingSession", "MessagingEndUser", "LiveChatTranscript", "VoiceCall", "ConversationEntry"),
                    "a conversation with a customer"),
    **dict.fromkeys(("ContactPointEmail", "ContactPointPhone", "ContactPointAddress"), "a person's contact point"),
}
#: Objects a custom object's lookup makes its records a customer's.
CUSTOMER_OBJECTS = ("Contact", "Lead", "Individual", "Case")
_LOOKUPS = ("Lookup", "MasterDetail")


def personal_objects(model: dict[str, Any]) -> dict[str, str]:
    """Object → why its records are about a person (see the module docstring), for the standard person objects
    and every custom object of the model that looks up to a customer."""
    out = dict(PERSON_OBJECTS)
    for name, obj in sorted(model.get("objects", {}).items()):
        if name in out or not isinstance(obj, dict):
            continue
        for field in obj.get("fields") or []:
            if not isinstance(field, dict) or field.get("type") not in _LOOKUPS:
                continue
            targets = field.get("referenceTo")
            target = next((t for t in (targets if isinstance(targets, list) else [targets]) if t in CUSTOMER_OBJECTS),
                          None)
            if target and isinstance(field.get("fullName"), str):
                out[name] = f"each belongs to a {target} through {name}.{field['fullName']}"
                break
    return dict(sorted(out.items()))
