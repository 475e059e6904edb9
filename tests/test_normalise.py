"""Normalisation: from one file's XML to the org model's JSON, and the merging of decomposed parts.

Each test states one rule of the contract (docs/org-model.md) and checks it on real-shaped XML.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from scanner.metadata.apex import scan_header, strip_noise
from scanner.metadata.normalise import Schema, root_to_json
from scanner.metadata.registry import schema_paths
from scanner.metadata.xmlparse import parse_xml
from tests.conftest import FIXTURES
from tests.org_model_helpers import normalise

NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"'
XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'


def norm(xml: str, root: str | None = None, *, crlf: bool = False) -> dict:
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + xml.strip() + "\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    elem = parse_xml(text.encode())
    name = root or elem.tag.rpartition("}")[2]
    return root_to_json(elem, Schema(schema_paths().get(name)))


def test_repeatable_elements_are_arrays_even_with_one_entry() -> None:
    app = norm(f"""
<ConnectedApp {NS}>
    <label>X</label>
    <oauthConfig>
        <callbackUrl>https://x</callbackUrl>
        <scopes>Full</scopes>
    </oauthConfig>
    <profileName>Admin</profileName>
</ConnectedApp>""")
    assert app["oauthConfig"]["scopes"] == ["Full"]
    assert app["profileName"] == ["Admin"]
    assert app["label"] == "X"


def test_booleans_ints_empty_and_nil() -> None:
    policy = norm(f"""
<ProfilePasswordPolicy {NS} {XSI}>
    <lockoutInterval>15</lockoutInterval>
    <minimumPasswordLifetime>True</minimumPasswordLifetime>
    <obscure>FALSE</obscure>
    <forgotPasswordRedirect></forgotPasswordRedirect>
    <profile xsi:nil="true"/>
</ProfilePasswordPolicy>""")
    assert policy["lockoutInterval"] == 15
    assert policy["minimumPasswordLifetime"] is True
    assert policy["obscure"] is False
    assert policy["forgotPasswordRedirect"] == ""
    assert policy["profile"] is None


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_nil_is_seen_when_the_bytes_are_given_whatever_their_encoding(encoding: str) -> None:
    """The walk skips its search of the tree for ``xsi:nil`` when the file's bytes cannot spell "nil"; in
    UTF-16 or UTF-32 the ASCII bytes never appear, so there it must still search."""
    text = (f'<?xml version="1.0" encoding="{encoding.upper()}"?>\n<ProfilePasswordPolicy {NS} {XSI}>'
            "<lockoutInterval>15</lockoutInterval><profile xsi:nil=\"true\"/></ProfilePasswordPolicy>\n")
    data = text.encode(encoding)  # with a byte-order mark for UTF-16 and UTF-32
    schema = Schema(schema_paths().get("ProfilePasswordPolicy"))
    from_bytes = root_to_json(parse_xml(data), schema, data=data)
    assert from_bytes["profile"] is None
    assert from_bytes == root_to_json(parse_xml(data), schema)


def test_values_that_are_not_what_the_wsdl_says_are_kept_as_text() -> None:
    site = norm(f"""
<RemoteSiteSetting {NS}>
    <isActive>yes</isActive>
    <url> https://x.example </url>
</RemoteSiteSetting>""")
    assert site["isActive"] == "yes"  # never guessed into a boolean
    assert site["url"] == "https://x.example"


def test_empty_meaningful_elements_are_kept() -> None:
    rules = norm(f"""
<SharingRules {NS}>
    <sharingCriteriaRules>
        <fullName>All</fullName>
        <accessLevel>Read</accessLevel>
        <label>All</label>
        <sharedTo>
            <allInternalUsers></allInternalUsers>
        </sharedTo>
        <criteriaItems>
            <field>Status</field>
            <operation>equals</operation>
            <value/>
        </criteriaItems>
    </sharingCriteriaRules>
</SharingRules>""")
    rule = rules["sharingCriteriaRules"][0]
    assert rule["sharedTo"]["allInternalUsers"] == ""
    assert rule["criteriaItems"][0]["value"] == ""


def test_lines_are_exact_for_entries_objects_and_leaves() -> None:
    app = norm(f"""
<ConnectedApp {NS}>
    <contactEmail>a@b.c</contactEmail>
    <label>X</label>
    <oauthConfig>
        <callbackUrl>https://x</callbackUrl>
        <scopes>Api</scopes>
        <scopes>Full</scopes>
    </oauthConfig>
    <oauthPolicy>
        <ipRelaxation>ENFORCE</ipRelaxation>
        <refreshTokenPolicy>infinite</refreshTokenPolicy>
    </oauthPolicy>
    <ipRanges>
        <start>1.1.1.1</start>
        <end>1.1.1.9</end>
    </ipRanges>
</ConnectedApp>""")
    assert app["_line"] == 2
    assert app["_lines"] == {"contactEmail": 3, "label": 4}
    assert app["oauthConfig"]["_line"] == 5
    assert app["oauthConfig"]["_lines"] == {"callbackUrl": 6, "scopes": [7, 8]}
    assert app["oauthPolicy"]["_lines"]["refreshTokenPolicy"] == 12
    # An entry of a repeated element carries only its own line (it is the precise location).
    assert app["ipRanges"] == [{"_line": 14, "start": "1.1.1.1", "end": "1.1.1.9"}]


def test_crlf_files_have_the_same_model_and_lines() -> None:
    xml = f"""
<RemoteSiteSetting {NS}>
    <disableProtocolSecurity>false</disableProtocolSecurity>
    <isActive>true</isActive>
    <url>http://x</url>
</RemoteSiteSetting>"""
    assert norm(xml, crlf=True) == norm(xml)
    assert norm(xml, crlf=True)["_lines"]["url"] == 5


def test_unknown_elements_are_kept_and_become_arrays_when_they_repeat() -> None:
    profile = norm(f"""
<Profile {NS}>
    <futureFlag>true</futureFlag>
    <futureList><a>1</a></futureList>
    <futureList><a>2</a></futureList>
    <fieldPermissions>
        <editable>false</editable>
        <field>A.B</field>
        <hidden>false</hidden>
        <readable>true</readable>
    </fieldPermissions>
</Profile>""")
    assert profile["futureFlag"] is True
    assert [e["a"] for e in profile["futureList"]] == ["1", "2"]
    assert profile["fieldPermissions"][0]["hidden"] is False  # pre-v66 element, kept


def test_a_scalar_that_repeats_keeps_the_first_value() -> None:
    site = norm(f"""
<RemoteSiteSetting {NS}>
    <url>https://first</url>
    <url>https://second</url>
</RemoteSiteSetting>""")
    assert site["url"] == "https://first"


def test_namespace_less_root_normalises_the_same() -> None:
    with_ns = norm(f"<PermissionSet {NS}><userPermissions><enabled>true</enabled><name>X</name>"
                   "</userPermissions></PermissionSet>")
    without = norm("<PermissionSet><userPermissions><enabled>true</enabled><name>X</name>"
                   "</userPermissions></PermissionSet>")
    assert with_ns == without


# --- whole components: merging, joins, Apex -------------------------------------------------------

@pytest.fixture(scope="module")
def every_type() -> dict:
    model, issues = normalise(FIXTURES / "edge-cases" / "every-type")
    assert issues == []
    return model


def test_decomposed_permission_set_entries_keep_their_own_file(every_type) -> None:
    ps = every_type["permissionSets"]["Support_Agent"]
    base = "force-app/main/default/permissionsets/Support_Agent/"
    assert ps["_file"] == base + "Support_Agent.permissionset-meta.xml"
    assert ps["_lines"]["label"] == 5
    assert ps["userPermissions"] == [
        {"_file": base + "Support_Agent.userPermission-meta.xml", "_line": 3, "enabled": True, "name": "ViewAllData"}]
    assert ps["objectPermissions"][0]["_file"] == base + "objectSettings/Case.objectSettings-meta.xml"
    assert ps["objectPermissions"][0]["_line"] == 8


def test_decomposed_sharing_rules_are_merged_under_the_object(every_type) -> None:
    rules = every_type["sharingRules"]["Case"]
    assert rules["_file"].endswith("sharingRules/Case/case.sharingRules-meta.xml")  # the CLI writes it lower-case
    guest = rules["sharingGuestRules"][0]
    assert guest["fullName"] == "Guest_Open_Cases"
    assert guest["sharedTo"] == {"_line": 6, "_lines": {"guestUser": [7]}, "guestUser": ["Help_Center"]}
    assert guest["_file"].endswith("sharingGuestRules/Guest_Open_Cases.sharingGuestRule-meta.xml")
    assert rules["sharingCriteriaRules"][0]["sharedTo"]["allInternalUsers"] == ""


def test_objects_in_both_formats(every_type) -> None:
    case = every_type["objects"]["Case"]  # source format: object file plus fields/
    field = case["fields"][0]
    assert field["fullName"] == "Patient_Notes__c" and field["trackHistory"] is True and field["length"] == 32768
    assert field["_file"].endswith("objects/Case/fields/Patient_Notes__c.field-meta.xml")
    account = every_type["objects"]["Account"]  # Metadata API format, CRLF, inline fields
    assert account["_file"] == "legacy-src/objects/Account.object"
    assert account["fields"][0]["securityClassification"] == "Confidential"
    assert account["fields"][0]["_line"] == 5
    # Named entries point at their own leaves in both formats (a profile's entries stay compact).
    assert field["_lines"]["encryptionScheme"] == 5
    assert account["fields"][0]["_lines"]["securityClassification"] == 8
    assert "_lines" not in every_type["profiles"]["Help Center (Guest)"]["fieldPermissions"][0]


def test_object_folder_without_object_file(tmp_path: Path) -> None:
    fields = tmp_path / "objects" / "Contact" / "fields"
    fields.mkdir(parents=True)
    (fields / "Tax_Id__c.field-meta.xml").write_text(
        f'<CustomField {NS}><fullName>Tax_Id__c</fullName><trackHistory>false</trackHistory></CustomField>')
    model, issues = normalise(tmp_path)
    assert issues == []
    contact = model["objects"]["Contact"]
    assert contact["_file"] == "objects/Contact/fields/Tax_Id__c.field-meta.xml"
    assert [f["fullName"] for f in contact["fields"]] == ["Tax_Id__c"]


def test_external_client_app_is_joined_with_its_companions(every_type) -> None:
    app = every_type["externalClientApps"]["Field_Service_Mobile"]
    assert app["oauthSettings"]["commaSeparatedOauthScopes"] == "Api,RefreshToken,OpenID"
    assert app["globalOauthSettings"]["isPkceRequired"] is True
    assert app["oauthPolicies"]["refreshTokenValidityPeriod"] == 90
    assert app["policies"]["isEnabled"] is True
    assert app["oauthSettings"]["_file"].startswith("force-app/main/default/extlClntAppOauthSettings/")
    # The companion maps stay too.
    assert every_type["extlClntAppOauthSettings"]["Field_Service_Mobile_oauth"] == app["oauthSettings"]


def test_settings_are_kept_generically(every_type) -> None:
    security = every_type["settings"]["Security"]
    assert security["networkAccess"] == ""
    assert security["passwordPolicies"]["passwordAssistanceURL"] is None
    assert security["isTLSv12Required"] is True  # not in WSDL v66, kept
    assert every_type["settings"]["Knowledge"]["enableKnowledge"] is False


def test_url_encoded_and_tokenised_names(every_type) -> None:
    assert "Help Center (Guest)" in every_type["profiles"]
    assert "Help Center & Support" in every_type["networks"]
    assert "%%%NAMESPACE%%%Admin_Access" in every_type["permissionSets"]


def test_apex_class_header_and_never_the_code(every_type) -> None:
    cls = every_type["apexClasses"]["CaseController"]
    assert cls == {
        "fullName": "CaseController", "apiVersion": "62.0", "status": "Active",
        "declaration": "class", "sharing": "with", "isTest": False,
        "entryPoints": [{"kind": "AuraEnabled", "member": "openCases", "_line": 9}],
        "callouts": [], "queries": [{"object": "Case", "fields": ["Id"], "_line": 11}], "calls": [],
        "calloutCredentials": [], "asyncInterfaces": [],
        "_line": 5, "_file": "service-app/main/default/classes/CaseController.cls",
    }
    api = every_type["apexClasses"]["InvoiceApi"]
    assert api["sharing"] == "without"
    assert [(e["kind"], e["member"]) for e in api["entryPoints"]] == [
        ("RestResource", "InvoiceApi"), ("webservice", "legacyPing")]


@pytest.mark.parametrize(("code", "sharing", "line"), [
    ("public with sharing class A {}", "with", 1),
    ("public WITHOUT   SHARING class A {}", "without", 1),
    ("public inherited sharing class A {}", "inherited", 1),
    ("public class A {}", "none", 1),
    ("// without sharing\n/* without sharing */\npublic class A { String s = 'without sharing'; }", "none", 3),
    ("@IsTest\nprivate without sharing\nclass A {}", "without", 3),
    ("public with sharing class A {\n  private without sharing class Inner {}\n}", "with", 1),
])
def test_apex_sharing_declaration(code: str, sharing: str, line: int) -> None:
    header = scan_header(code)
    assert (header.sharing, header.line) == (sharing, line)


def test_apex_entry_points_ignore_comments_and_strings() -> None:
    code = """public without sharing class A {
    // @AuraEnabled
    String s = '@AuraEnabled webservice';
    /* @RemoteAction */
    @RemoteAction
    global static String remote() { return ''; }
    @InvocableMethod(label='Run' description='x')
    public static void run(List<Id> ids) {}
    @AuraEnabled
    public String prop { get; set; }
}"""
    points = scan_header(code).entry_points
    assert [(p["kind"], p["member"], p["_line"]) for p in points] == [
        ("RemoteAction", "remote", 5), ("InvocableMethod", "run", 7), ("AuraEnabled", "prop", 9)]


def test_strip_noise_keeps_lines() -> None:
    code = "a /* x\ny */ b 'c\\'d' // e\nf"
    assert strip_noise(code).count("\n") == code.count("\n")
    assert strip_noise(code).split() == ["a", "b", "f"]


def test_apex_class_with_only_its_meta_file(tmp_path: Path) -> None:
    (tmp_path / "classes").mkdir()
    (tmp_path / "classes" / "A.cls-meta.xml").write_text(
        f'<ApexClass {NS}><apiVersion>60.0</apiVersion><status>Active</status></ApexClass>')
    model, issues = normalise(tmp_path)
    assert issues == []
    assert "sharing" not in model["apexClasses"]["A"]  # not retrieved, not guessed
    assert model["apexClasses"]["A"]["_file"] == "classes/A.cls-meta.xml"


def test_oversized_apex_body_is_an_issue_not_a_read(tmp_path: Path) -> None:
    from scanner.metadata.discover import discover
    from scanner.metadata.model import build_model
    from scanner.sources.directory import DirectorySource

    (tmp_path / "classes").mkdir()
    (tmp_path / "classes" / "Big.cls").write_text("public class Big {}" + " " * 2000)
    source = DirectorySource(tmp_path)
    built = build_model(source, *discover(source), max_file_bytes=1000)
    assert [i.file for i in built.issues] == ["classes/Big.cls"]
    assert built.model["apexClasses"] == {}


def test_apex_scan_stays_cheap_on_hostile_bodies() -> None:
    """Endless annotations with unclosed arguments: linear time, a bounded number of entry points."""
    import time

    from scanner.metadata.apex import MAX_ENTRY_POINTS

    started = time.process_time()
    header = scan_header("public without sharing class A {\n" + "@AuraEnabled(" * 300_000)
    assert time.process_time() - started < 5
    assert header.sharing == "without"
    assert len(header.entry_points) == MAX_ENTRY_POINTS


_COMMON = ("editable", "field", "readable", "enabled", "name")
_LEAF_NAMES = ("editable", "field", "readable", "enabled", "name", "fullName", "password", "newerElement")
_LEAF_TEXTS = ("true", "false", "True", " false ", "", "Account.Email__c",
               "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl", "https://u:pw@example.com")


_RARELY = st.sampled_from((False,) * 15 + (True,))  # one nil anywhere sends the whole file the general way


@given(entries=st.lists(st.lists(st.tuples(st.sampled_from(_COMMON * 3 + _LEAF_NAMES), st.sampled_from(_LEAF_TEXTS),
                                           _RARELY, _RARELY), max_size=4), min_size=1, max_size=6))
@settings(max_examples=300, deadline=None)
def test_the_fast_path_for_list_entries_gives_what_the_general_walk_gives(entries) -> None:
    """Entries of declared lists take a fast path when they have the common shape; whatever the shape
    (duplicates, secrets, nil, unknown or nested children, fullName), the result must be the general one."""
    from scanner.metadata import normalise as module

    parts = []
    for entry in entries:
        children = "".join(
            f'<{name} xsi:nil="true"/>' if nil else (f"<{name}><x>{text}</x></{name}>" if nested else
                                                     f"<{name}>{text}</{name}>")
            for name, text, nil, nested in entry)
        parts.append(f"<fieldPermissions>{children}</fieldPermissions><userPermissions>{children}</userPermissions>")
    xml = f'<Profile {NS} {XSI}>{"".join(parts)}<custom>false</custom></Profile>'
    taken = 0
    with pytest.MonkeyPatch.context() as patch:
        def counting(self, elem, plans):
            nonlocal taken
            result = flat_entry(self, elem, plans)
            taken += result is not None
            return result
        flat_entry = module._Walk.flat_entry
        patch.setattr(module._Walk, "flat_entry", counting)
        fast = norm(xml)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module._Walk, "flat_entry", lambda self, elem, plans: None)
        general = norm(xml)
    assert fast == general
    assert json.dumps(fast) == json.dumps(general)  # the same key order too
    event(f"fast path taken: {taken > 0}")


@pytest.mark.parametrize(("spelled", "secret"), [
    ("&#101;yJhbGciOiJIUzI1NiJ9.abcdefghijklm.c2lnbmF0dXJl", "yJhbGciOiJIUzI1NiJ9"),
    ("https://admin:hunter2&#64;example.com/x", "hunter2"),
])
def test_a_token_spelled_with_character_references_is_still_scrubbed(spelled: str, secret: str) -> None:
    """The per-file token check reads the document's text, where character references are resolved."""
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<RemoteSiteSetting {NS}><description>see {spelled}' \
           f"</description><url>https://example.com</url></RemoteSiteSetting>\n"
    model = root_to_json(parse_xml(text.encode()), Schema(schema_paths().get("RemoteSiteSetting")))
    assert secret not in json.dumps(model) and "redacted" in model["description"]
