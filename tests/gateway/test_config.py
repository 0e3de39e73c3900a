"""serve.toml: strict parsing, and the example in docs/serve.md parses as documented."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from hauberk.core import ConfigError
from hauberk.gateway import DEFAULT_ROUTE_ROLES, GatewayConfig, load_config, parse_config

DOC = Path(__file__).parents[2] / "docs" / "serve.md"


def test_defaults_are_safe() -> None:
    cfg = GatewayConfig()
    assert cfg.host == "127.0.0.1" and not cfg.audit.durable and cfg.monitor.enabled
    assert cfg.openapi is False and not cfg.rate.fail_open
    assert cfg.roles["GET /metrics"] == ("admin",)


def test_documented_example_parses() -> None:
    block = re.search(r"## serve.toml\n\n```toml\n(.*?)```", DOC.read_text(), re.S)
    assert block is not None
    cfg = parse_config(tomllib.loads(block.group(1)), source="docs", base_dir=Path())
    assert cfg.shadow == "candidate" and cfg.auth.jwt is not None
    assert cfg.hardening.reverse_sigmoid is not None and cfg.guards.squeeze is not None


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        ({"limits": {"max_body_bytes": 10}}, "limits.max_body_bytes"),
        ({"limits": {"max_json_dpeth": 3}}, "unknown key"),
        ({"rate": {"backend": "redis"}}, "redis_url"),
        ({"roles": {"POST /v1/upload": ["admin"]}}, "unknown route"),
        ({"roles": {"GET /metrics": ["Admin!"]}}, "role"),
        (
            {
                "auth": {
                    "jwt": {
                        "jwks": "j.json",
                        "issuer": "i",
                        "audience": "a",
                        "algorithms": ["HS256"],
                    }
                }
            },
            "algorithms",
        ),
        ({"versions": [{"name": "../x", "path": "m.onnx"}]}, "version names"),
    ],
)
def test_bad_settings_name_their_key(raw: dict[str, object], where: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(where)):
        parse_config(raw, source="serve.toml", base_dir=Path())


def test_partial_roles_table_keeps_the_other_defaults() -> None:
    cfg = parse_config({"roles": {"POST /v1/predict": ["scorer"]}}, source="t", base_dir=Path())
    assert cfg.roles["POST /v1/predict"] == ("scorer",)
    assert set(cfg.roles) == set(DEFAULT_ROUTE_ROLES)


def test_load_config_file_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "missing.toml")
    bad = tmp_path / "serve.toml"
    bad.write_text("port = [")
    with pytest.raises(ConfigError, match="TOML"):
        load_config(bad)
    bad.write_text("port = 70000\n")
    with pytest.raises(ConfigError, match="port"):
        load_config(bad)
