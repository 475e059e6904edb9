"""Agentforce in the org model and the ``aiDataFlows`` view (issue 18): bundle folders read safely, bots
merged with their versions, and the chains of the real coral-cloud agents (../shared/corpus) joined as the
metadata says, with every SFP-AI finding there pinned to the judgement recorded in docs/ai-agents.md."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from scanner.gate import scan
from scanner.metadata.ai_flows import ai_data_flows
from scanner.metadata.bundle_json import MAX_DEPTH, BundleJsonError, read_schema
from scanner.metadata.discover import classify
from scanner.report import html
from scanner.report.ai_view import agent_graph, svg
from scanner.result import ScanOptions
from tests.conftest import CORPUS, FIXTURES, requires_corpus
from tests.org_model_helpers import normalise

CORAL = CORPUS / "trailheadapps__coral-cloud"


def test_bundle_files_belong_to_their_folder_component() -> None:
    main = classify("force-app/main/default/genAiFunctions/Book/Book.genAiFunction-meta.xml")
    schema = classify("force-app/main/default/genAiFunctions/Book/input/schema.json")
    planner = classify("force-app/main/default/genAiPlannerBundles/Agent/Agent.genAiPlannerBundle")
    assert main is not None and schema is not None and planner is not None
    assert main[0].name == schema[0].name == "GenAiFunction"
    assert main[1:] == schema[1:] == ("Book", "force-app/main/default/genAiFunctions/Book")
    assert planner[:2] == (planner[0], "Agent") and planner[0].name == "GenAiPlannerBundle"
    assert classify("force-app/main/default/genAiFunctions/Book/notes.txt") is None
    assert classify("force-app/main/default/bots/Agent/v1.botVersion-meta.xml")[1:] == (
        "Agent", "force-app/main/default/bots/Agent")


def test_read_schema_keeps_parameters_and_flags() -> None:
    doc = {"required": ["comment"], "properties": {
        "comment": {"title": "Comment", "lightning:type": "lightning__textType", "lightning:isPII": True,
                    "copilotAction:isUserInput": True, "unknown": {"deep": [1, 2]}},
        "caseId": {"lightning:isPII": "yes"}}}
    assert read_schema(json.dumps(doc).encode()) == {"parameters": [
        {"name": "caseId", "required": False},
        {"name": "comment", "required": True, "title": "Comment", "type": "lightning__textType", "isPII": True,
         "isUserInput": True}]}


@pytest.mark.parametrize(("data", "message"), [
    (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), "nested deeper"),
    (b"[" * 200_000, "nested deeper"),
    (b'{"a": "[[[[' + b"[" * 100 + b'"}', None),  # brackets inside a string are text
    (b"\xff\xfe junk", "not UTF-8"),
    (b'{"properties": ', "invalid JSON"),
    (b"1" * 5000, "invalid JSON"),
    (b"[1, 2]", "expected a JSON object"),
    (b" " * 1_000_001, "above the"),
])
def test_hostile_json_is_refused_with_a_message(data: bytes, message: str | None) -> None:
    if message is None:
        assert read_schema(data) == {"parameters": []}
        return
    with pytest.raises(BundleJsonError) as err:
        read_schema(data)
    assert message in err.value.message


def test_a_broken_schema_file_is_an_issue_and_the_action_is_still_built(tmp_path: Path) -> None:
    project = tmp_path / "p"
    folder = project / "force-app" / "genAiFunctions" / "Book"
    (folder / "input").mkdir(parents=True)
    (project / "sfdx-project.json").write_text('{"packageDirectories": [{"path": "force-app"}]}')
    (folder / "Book.genAiFunction-meta.xml").write_text(
        '<GenAiFunction xmlns="http://soap.sforce.com/2006/04/metadata"><invocationTarget>Book</invocationTarget>'
        "<invocationTargetType>flow</invocationTargetType><masterLabel>Book</masterLabel></GenAiFunction>")
    (folder / "input" / "schema.json").write_text("[" * 100)
    model, issues = normalise(project)
    assert model["genAiFunctions"]["Book"]["invocationTargetType"] == "flow"
    assert "schemas" not in model["genAiFunctions"]["Book"]
    assert [(i.file, "nested deeper" in i.message) for i in issues] == [
        ("force-app/genAiFunctions/Book/input/schema.json", True)]


def test_every_type_fixture_joins_agent_planner_topic_action_and_deployment() -> None:
    result = scan(FIXTURES / "edge-cases" / "every-type", ScanOptions(fail_on="none"))
    flows = result.model["derived"]["aiDataFlows"]
    agent = flows["agents"]["Help_Agent"]
    assert agent["customerFacing"] and agent["unauthenticated"]
    assert [d["name"] for d in agent["deployments"]] == ["Help_Web"]
    assert agent["planner"]["name"] == "Help_Agent"
    assert [(t["name"], t["verified"], t["gate"], t["actions"]) for t in agent["topics"]] == [
        ("Case_Support", True, "Is_Verified", ["Update_Case"])]
    action = flows["actions"]["Update_Case"]
    assert (action["targetType"], action["runsAs"]) == ("apex", "with sharing")
    assert {p["name"]: p.get("isPII") for p in action["parameters"]} == {"caseId": False, "comment": True,
                                                                         "status": None}
    template = flows["promptTemplates"]["Summarise_Case"]
    assert template["model"]["provider"] == "Amazon Bedrock" and template["model"]["jurisdiction"] is None
    notes = next(m for m in template["mergeFields"] if m["field"] == "Case.Patient_Notes__c")
    assert notes["delimited"] and notes["freeText"]


@requires_corpus
def test_coral_cloud_agents_are_modelled_as_the_metadata_says(tmp_path: Path) -> None:
    config = tmp_path / "sfpolicy.yaml"
    config.write_text("ai:\n  agentUsers:\n    Coral_Cloud_Agent: [Coral_Cloud_Service_Agent]\n")
    result = scan(CORAL, ScanOptions(fail_on="none", config_path=config))
    flows = result.model["derived"]["aiDataFlows"]
    service, employee = flows["agents"]["Coral_Cloud_Agent"], flows["agents"]["Coral_Cloud_Employee_Agent"]
    assert service["customerFacing"] and not employee["customerFacing"]
    assert service["identity"]["holders"] == [{"type": "PermissionSet", "name": "Coral_Cloud_Service_Agent"}]
    assert employee["identity"]["grantedToUsersBy"] == ["Coral_Cloud_Employee_Agent_Access"]
    topics = {t["name"]: (t["verified"], t["gate"]) for t in service["topics"]}
    assert topics["Verified_Customer_Support"] == (True, "Is_Verified_Customer")
    assert topics["Unverified_Customer_Support"] == (False, None)
    booking = flows["actions"]["Create_Booking"]
    assert (booking["bypassesSharing"], booking["writes"]) == (True, ["Booking__c"])
    reviews = flows["promptTemplates"]["Generate_Guest_Reviews_Summary"]["mergeFields"]
    assert [(m["object"], m["freeText"], m["_line"]) for m in reviews if m["kind"] == "RelatedList"] == [
        ("Guest_Review__c", True, 17)]

    # Reviews belong to a Contact: their text is the guests' and personal; experiences and sessions are the
    # catalogue, written by staff (docs/ai-agents.md).
    assert [m["outsiderText"] for m in reviews if m["kind"] == "RelatedList"] == [
        "each belongs to a Contact through Guest_Review__c.Contact__c: a customer's words"]
    templates = flows["promptTemplates"]
    assert {n: bool(t["personalData"]) for n, t in templates.items()} == {
        "Generate_Experience_Description": False, "Generate_Guest_Reviews_Summary": True,
        "Generate_Personalized_Schedule": True, "Generate_Social_Media_Posts": False}
    assert "Contact records read by apex PersonalizedGuestExperiences (people)" in templates[
        "Generate_Personalized_Schedule"]["personalData"]
    location = next(m for m in templates["Generate_Experience_Description"]["mergeFields"]
                    if m["field"] == "Experience__c.Location__c")
    assert location["freeText"] and location["outsiderText"] is None

    found = sorted((f.rule_id, f.resource_name, f.severity) for f in result.findings if f.rule_id.startswith("SFP-AI"))
    assert found == [
        ("SFP-AI-001", "Coral_Cloud_Agent", "high"),
        *[("SFP-AI-004", t, "medium") for t in ("Generate_Guest_Reviews_Summary", "Generate_Personalized_Schedule")],
        ("SFP-AI-006", "Generate_Guest_Reviews_Summary", "low"),
    ]


def test_html_report_draws_each_agent_and_template_with_risks_marked() -> None:
    result = scan(FIXTURES / "edge-cases" / "every-type", ScanOptions(fail_on="none"))
    page = html.render(result)
    section = page[page.index('<section id="ai-flows">'):]
    section = section[:section.index("</section>")]
    assert section.count('<svg class="aiflow"') == 2  # Help_Agent and Summarise_Case
    assert '<g class="risk"><title>Help_Web: areGuestUsersAllowed is true</title>' in section
    assert "(Amazon Bedrock, region unknown)</title>" in section
    assert [r["name"] for r in result.inventory["aiComponents"]] == ["Help_Agent", "Summarise_Case"]


def test_agent_picture_escapes_every_label() -> None:
    agent = {"name": "<script>alert(1)</script>", "agentType": "x", "customerFacing": True, "deployments": [],
             "identity": {"runningUser": None, "holders": []}, "topics": [
                 {"name": "T&<b>", "verified": False, "verifiesCustomer": False, "verifiedBy": None, "actions": ["A"]}]}
    picture = str(svg(agent_graph(agent, {"actions": {}, "promptTemplates": {}}, ["EU"])))
    assert "<script>" not in picture and "<b>" not in picture
    assert "&lt;script&gt;" in picture and "T&amp;&lt;b&gt;" in picture


def test_a_hostile_template_is_read_in_bounded_time() -> None:
    """A million merge fields over many lines: the view keeps the first 500, each on its right line."""
    content = "{!$Input:Contact.Name}\n" * 1_000_000
    model = {"genAiPromptTemplates": {"Big": {"_file": "t.xml", "_line": 2, "templateVersions": [
        {"_line": 5, "_lines": {"content": 6}, "content": content, "primaryModel": "x"}]}}}
    started = time.perf_counter()
    view = ai_data_flows(model, {}, {})
    assert time.perf_counter() - started < 5
    merges = view["promptTemplates"]["Big"]["mergeFields"]
    assert len(merges) == 500 and merges[-1]["_line"] == 6 + 499
