"""Entries share their line numbers' int objects (scanner.metadata.normalise): built here or unpacked from
another process, the model is the same, with one object per line number instead of one per entry."""

from __future__ import annotations

from scanner.metadata.component_store import pack_built, unpack_built
from scanner.metadata.normalise import root_to_json, schema_for, share_lines
from scanner.metadata.xmlparse import parse_xml

PROFILE = ("<?xml version='1.0' encoding='UTF-8'?>\n<Profile xmlns='http://soap.sforce.com/2006/04/metadata'>\n"
           + "".join(f"<fieldPermissions><editable>false</editable><field>Account.F{i}__c</field>"
                     f"<readable>true</readable></fieldPermissions>\n" for i in range(400))
           + "</Profile>\n")


def _build(text: str) -> dict:
    data = text.encode()
    return root_to_json(parse_xml(data), schema_for("Profile"), data=data)


def test_two_files_share_their_line_numbers() -> None:
    first, second = _build(PROFILE), _build(PROFILE)
    assert first == second
    lines = [e["_line"] for e in first["fieldPermissions"]]
    assert lines == list(range(3, 403)) and all(isinstance(n, int) for n in lines)
    assert all(a["_line"] is b["_line"] for a, b in zip(first["fieldPermissions"], second["fieldPermissions"],
                                                        strict=True))


def test_an_unpacked_component_gets_them_back() -> None:
    built = _build(PROFILE)
    unpacked, _ = unpack_built(pack_built(built, []))
    assert unpacked == built
    assert not any(a["_line"] is b["_line"] for a, b in zip(unpacked["fieldPermissions"], built["fieldPermissions"],
                                                           strict=True) if a["_line"] > 256)  # not cached ints
    share_lines(unpacked)
    assert unpacked == built
    assert all(a["_line"] is b["_line"] for a, b in zip(unpacked["fieldPermissions"], built["fieldPermissions"],
                                                        strict=True))
