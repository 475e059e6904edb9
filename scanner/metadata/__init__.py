"""Reading Salesforce metadata: type registry, hardened parsing, normalisation, the org model, derived views.

Layer: the model stage (docs/architecture.md). It may import the sources, progress and the
foundation modules; never policies, engines, findings, or anything above them. Building the model
asks a ``component_store.ComponentStore`` for components built before, without knowing the cache.
"""
