"""derived.systemContextFlows: the active flows that run in system context without sharing only because their
type does (Process Builder, record-, schedule- and platform-event-triggered) and no runInMode says otherwise."""

from scanner.metadata.derived import system_context_flows


def flow(**values):
    return {"_file": "flows/F.flow-meta.xml", "_line": 2, "_lines": {"processType": 5}, **values}


def test_processes_and_triggered_flows_without_run_mode_are_listed_with_their_trigger_object():
    model = {"flows": {
        "Lead_Process": flow(processType="Workflow", status="Active", processMetadataValues=[
            {"name": "ObjectType", "value": {"stringValue": "Lead"}}]),
        "On_Case": flow(processType="AutoLaunchedFlow", status="Active",
                        start={"triggerType": "RecordAfterSave", "object": "Case"}),
        "Nightly": flow(processType="AutoLaunchedFlow", status="Active", start={"triggerType": "Scheduled"}),
    }}
    view = system_context_flows(model)
    assert {name: (entry["why"], entry["object"], entry["_line"]) for name, entry in view.items()} == {
        "Lead_Process": ("a Process Builder process", "Lead", 5),
        "On_Case": ("record-triggered", "Case", 5),
        "Nightly": ("schedule-triggered", None, 5),
    }


def test_explicit_run_mode_inactive_versions_and_other_flow_types_are_not_listed():
    model = {"flows": {
        "Declared": flow(processType="Workflow", status="Active", runInMode="DefaultMode"),
        "Old": flow(processType="Workflow", status="Obsolete"),
        "Draft": flow(processType="AutoLaunchedFlow", status="Draft", start={"triggerType": "RecordAfterSave"}),
        "Screen": flow(processType="Flow", status="Active"),
        "Plain": flow(processType="AutoLaunchedFlow", status="Active", start={}),
    }}
    assert system_context_flows(model) == {}
