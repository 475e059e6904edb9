"""The org model of every real repository in ../shared/corpus: read with zero issues, valid against
the schema, one component per name (a file or a decomposed folder, merged when several define one
component) counted here by globbing, and decomposed
sources equal to the originals they were converted from."""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from scanner.metadata.schema import shipped_schema_text
from tests.conftest import CORPUS, corpus_repos, requires_corpus
from tests.org_model_helpers import normalise, without_locations

pytestmark = [requires_corpus, pytest.mark.corpus]

# The Salesforce CLI's folder → suffix table for the types sfpolicy reads, written out here on purpose
# (not imported from the registry), so a registry mistake shows up as a count mismatch.
SINGLE_FILE = {
    "profiles": ("profiles", "profile"), "permissionsetgroups": ("permissionSetGroups", "permissionsetgroup"),
    "mutingpermissionsets": ("mutingPermissionSets", "mutingpermissionset"),
    "connectedApps": ("connectedApps", "connectedApp"), "externalClientApps": ("externalClientApps", "eca"),
    "extlClntAppOauthSettings": ("extlClntAppOauthSettings", "ecaOauth"),
    "extlClntAppGlobalOauthSets": ("extlClntAppGlobalOauthSettings", "ecaGlblOauth"),
    "extlClntAppOauthPolicies": ("extlClntAppOauthPolicies", "ecaOauthPlcy"),
    "extlClntAppPolicies": ("extlClntAppPolicies", "ecaPlcy"),
    "remoteSiteSettings": ("remoteSiteSettings", "remoteSite"),
    "namedCredentials": ("namedCredentials", "namedCredential"),
    "externalCredentials": ("externalCredentials", "externalCredential"),
    "cspTrustedSites": ("cspTrustedSites", "cspTrustedSite"),
    "corsWhitelistOrigins": ("corsWhitelistOrigins", "corsWhitelistOrigin"), "settings": ("settings", "settings"),
    "transactionSecurityPolicies": ("transactionSecurityPolicies", "transactionSecurityPolicy"),
    "flows": ("flows", "flow"), "sites": ("sites", "site"), "networks": ("networks", "network"),
    "profilePasswordPolicies": ("profilePasswordPolicies", "profilePasswordPolicy"),
    "profileSessionSettings": ("profileSessionSettings", "profileSessionSetting"),
    "authproviders": ("authProviders", "authprovider"), "samlssoconfigs": ("samlSsoConfigs", "samlssoconfig"),
    "genAiPlugins": ("genAiPlugins", "genAiPlugin"), "genAiPlanners": ("genAiPlanners", "genAiPlanner"),
    "genAiPromptTemplates": ("genAiPromptTemplates", "genAiPromptTemplate"),
    "EmbeddedServiceConfig": ("embeddedServiceConfigs", "EmbeddedServiceConfig"),
}
# A file per component, or a folder per component (source format, decomposed).
FOLDER_PER_COMPONENT = {
    "objects": ("objects", "object"), "permissionsets": ("permissionSets", "permissionset"),
    "sharingRules": ("sharingRules", "sharingRules"), "bots": ("bots", "bot"),
}
# A folder per component holding <Name>.<suffix>[-meta.xml] and JSON files (the CLI's bundle types).
BUNDLE = {"genAiFunctions": ("genAiFunctions", "genAiFunction"),
          "genAiPlannerBundles": ("genAiPlannerBundles", "genAiPlannerBundle")}
# X.<suffix>-meta.xml, optionally beside a content file X.<suffix>.
WITH_CONTENT = {"classes": ("apexClasses", "cls"), "certs": ("certificates", "crt")}
# Folder names are matched without case: the CLI places a file by its suffix, so coral-cloud's
# permissionSets/ holds permission sets like permissionsets/ does.
SINGLE_FILE = {k.lower(): v for k, v in SINGLE_FILE.items()}
FOLDER_PER_COMPONENT = {k.lower(): v for k, v in FOLDER_PER_COMPONENT.items()}
BUNDLE = {k.lower(): v for k, v in BUNDLE.items()}
TYPE_FOLDERS = {*SINGLE_FILE, *FOLDER_PER_COMPONENT, *WITH_CONTENT, *BUNDLE}


def _named(filenames: list[str], suffix: str) -> set[str]:
    """Component names among ``filenames`` in either format (``X.suffix`` or ``X.suffix-meta.xml``)."""
    return {f.removesuffix("-meta.xml").removesuffix(f".{suffix}") for f in filenames
            if f.endswith((f".{suffix}", f".{suffix}-meta.xml"))}


def _holds_metadata(folder: str) -> bool:
    """A component folder: its files, or its parts' folders, hold ``-meta.xml`` files (a deeper tree is a
    project that happens to sit in a folder named like a type, such as the CLI's sampleProjects/sharingRules)."""
    return any(f.endswith("-meta.xml") for path, _, files in os.walk(folder)
               if os.path.relpath(path, folder).count(os.sep) < 1 for f in files)


def glob_counts(repo: Path) -> Counter:
    """Components per model key, from file and folder names alone: one per name, since files that define
    one component (in two formats, or in several package or mdapi folders) are one component."""
    names: dict[str, set[str]] = {}
    for dirpath, dirnames, filenames in os.walk(repo):
        folder = os.path.basename(dirpath).lower()
        if folder in SINGLE_FILE:
            key, suffix = SINGLE_FILE[folder]
            names.setdefault(key, set()).update(_named(filenames, suffix))
        elif folder in FOLDER_PER_COMPONENT:
            key, suffix = FOLDER_PER_COMPONENT[folder]
            names.setdefault(key, set()).update(_named(filenames, suffix))
            # objects/objects/X (a package directory named "objects"): the inner folder holds X.
            names[key].update(d for d in dirnames if d.lower() not in TYPE_FOLDERS
                              and _holds_metadata(os.path.join(dirpath, d)))
        elif folder in BUNDLE:
            key, suffix = BUNDLE[folder]
            names.setdefault(key, set()).update(
                d for d in dirnames
                if {f"{d}.{suffix}", f"{d}.{suffix}-meta.xml"} & set(os.listdir(os.path.join(dirpath, d))))
        elif folder in WITH_CONTENT:
            key, suffix = WITH_CONTENT[folder]
            metas = [f for f in filenames if f.endswith("-meta.xml")]
            # A certificate is its -meta.xml (the body is never read); a class is its body and/or its -meta.xml.
            names.setdefault(key, set()).update(_named(filenames if key == "apexClasses" else metas, suffix))
    return +Counter({key: len(found) for key, found in names.items()})


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(shipped_schema_text()))


@pytest.mark.parametrize("repo", corpus_repos(), ids=lambda p: p.name)
def test_corpus_repository_normalises_completely(repo: Path, validator) -> None:
    model, issues = normalise(repo)
    assert [str(i) for i in issues] == []
    counts = Counter({k: len(v) for k, v in model.items() if isinstance(v, dict) and k != "project"})
    assert +counts == glob_counts(repo)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(model)]
    assert errors[:10] == []


SNAPSHOTS = CORPUS / "forcedotcom__source-deploy-retrieve" / "test" / "snapshot" / "sampleProjects"
SOURCE_OUT = Path("__snapshots__/verify-source-files.expected/force-app/main/default")


@pytest.mark.parametrize(("project", "model_key"), [
    ("preset-PermSet", "permissionSets"),  # decomposePermissionSetBeta: a file per entry
    ("preset-decomposedPS2", "permissionSets"),  # Beta2: a file per kind, children without namespace
    ("variant-raw-PermSet", "permissionSets"),  # the same through registryCustomizations
    ("preset-sharingRules", "sharingRules"),  # decomposeSharingRulesBeta
])
def test_decomposed_snapshot_equals_its_original(project: str, model_key: str, tmp_path: Path) -> None:
    original, issues = normalise(SNAPSHOTS / project / "originalMdapi")
    assert issues == []
    # The CLI test output also holds a stale non-decomposed copy beside some folders (X.sharingRules-meta.xml
    # beside X/), which a scan merges into X; compare the folders alone.
    expected = tmp_path / "expected"
    shutil.copytree(SNAPSHOTS / project / SOURCE_OUT, expected)
    for stale in [p for p in expected.rglob("*-meta.xml") if (p.parent / p.name.split(".")[0]).is_dir()]:
        stale.unlink()
    decomposed, issues = normalise(expected)
    assert issues == []
    folders = decomposed[model_key]
    assert folders.keys() == original[model_key].keys()
    for name, component in folders.items():
        assert component["_file"].startswith(f"{model_key.lower()}/{name}/".replace("sharingrules", "sharingRules"))
        assert without_locations(component) == without_locations(original[model_key][name]), name


@pytest.mark.parametrize("repo", corpus_repos(), ids=lambda p: p.name)
def test_every_xml_file_of_the_corpus_parses(repo: Path) -> None:
    """Beyond the types sfpolicy models: every XML file (groups, roles, layouts, package.xml…) parses
    with the hardened parser, so nothing in a real repository trips it."""
    from scanner.metadata.xmlparse import XmlError, parse_xml

    parsed, failures = 0, []
    for path in sorted(p for p in repo.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if not data.lstrip().startswith(b"<"):
            continue
        try:
            parse_xml(data)
            parsed += 1
        except XmlError as exc:
            failures.append(f"{path.relative_to(repo)}:{exc.line}: {exc.message}")
    assert failures == []
    assert parsed > 0
