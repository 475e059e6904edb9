"""Every OAuth rule reads External Client Apps as it reads connected apps (policies/lib/oauth_apps.rego).

An ECA spreads one app over five files; the fixture ``fixtures/edge-cases/external-client-app`` sets each
weakness the OAuth rules look for in the file the Metadata API puts it in, so each rule must report it
there, on the app, at the element's line.
"""

from __future__ import annotations

from pathlib import Path

from scanner.gate import scan
from scanner.policy.loader import load_policy_set
from scanner.result import ScanOptions
from tests.conftest import FIXTURES

ROOT = FIXTURES / "edge-cases" / "external-client-app"
DEFAULT = "force-app/main/default"

#: rule → (app, the companion file that carries the element, the element)
EXPECTED = {
    "SFP-OAUTH-001": ("Partner_Sync", "extlClntAppOauthSettings/Partner_Sync_oauth.ecaOauth-meta.xml",
                      "<commaSeparatedOauthScopes>"),
    "SFP-OAUTH-002": ("Partner_Sync", "extlClntAppOauthPolicies/Partner_Sync_plcy.ecaOauthPlcy-meta.xml",
                      "<refreshTokenPolicyType>"),
    "SFP-OAUTH-003": ("Partner_Sync", "extlClntAppOauthPolicies/Partner_Sync_plcy.ecaOauthPlcy-meta.xml",
                      "<permittedUsersPolicyType>"),
    "SFP-OAUTH-004": ("Partner_Sync", "extlClntAppOauthPolicies/Partner_Sync_plcy.ecaOauthPlcy-meta.xml",
                      "<ipRelaxationPolicyType>"),
    "SFP-OAUTH-005": ("Partner_Sync", "extlClntAppGlobalOauthSets/Partner_Sync_glbl.ecaGlblOauth-meta.xml",
                      "<callbackUrl>"),
    "SFP-OAUTH-006": ("Field_Kiosk", "extlClntAppGlobalOauthSets/Field_Kiosk_glbl.ecaGlblOauth-meta.xml",
                      "<isConsumerSecretOptional>"),
    "SFP-OAUTH-007": ("Partner_Sync", "extlClntAppGlobalOauthSets/Partner_Sync_glbl.ecaGlblOauth-meta.xml",
                      "<isSecretRequiredForRefreshToken>"),
    "SFP-OAUTH-008": ("Partner_Sync", "extlClntAppOauthPolicies/Partner_Sync_plcy.ecaOauthPlcy-meta.xml",
                      "<commaSeparatedPermissionSet>"),
    "SFP-OAUTH-009": ("Partner_Sync", "externalClientApps/Partner_Sync.eca-meta.xml", "<ExternalClientApplication"),
    "SFP-OAUTH-010": ("Partner_Sync", "extlClntAppGlobalOauthSets/Partner_Sync_glbl.ecaGlblOauth-meta.xml",
                      "<callbackUrl>"),
}


def _line_of(path: Path, marker: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if marker in line)


def test_every_oauth_rule_covers_external_client_apps():
    oauth_rules = {r.id for r in load_policy_set([]).rules.values() if r.area == "oauth"}
    assert set(EXPECTED) == oauth_rules, "a new OAuth rule must read External Client Apps too (lib.oauth_apps)"


def test_each_weakness_is_reported_on_the_app_in_the_file_that_carries_it():
    result = scan(ROOT, ScanOptions(fail_on="none"))
    assert result.complete, result.issues
    found = {}
    for f in result.findings:
        if f.resource_type == "ExternalClientApplication":
            found.setdefault(f.rule_id, set()).add((f.resource_name, f.file, f.line))
    for rule, (app, rel, marker) in EXPECTED.items():
        path = f"{DEFAULT}/{rel}"
        assert (app, path, _line_of(ROOT / path, marker)) in found.get(rule, set()), (rule, found.get(rule))


def test_the_field_service_app_of_every_type_is_hardened():
    """The every-type fixture's ECA (admin-approved, PKCE, expiring refresh tokens) trips no OAuth rule
    but the inventory one."""
    result = scan(FIXTURES / "edge-cases" / "every-type", ScanOptions(fail_on="none"))
    eca = {f.rule_id for f in result.findings if f.resource_type == "ExternalClientApplication"}
    assert eca <= {"SFP-OAUTH-009"}, eca
