"""Rego evaluation backends behind one interface (see ``interface``)."""
