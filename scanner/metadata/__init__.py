"""Reading Salesforce metadata: type registry, hardened parsing, normalisation, the org model."""
