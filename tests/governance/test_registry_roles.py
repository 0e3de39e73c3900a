"""One role store for the lifecycle: the registry's roles.toml also gives gateway API keys
their lifecycle roles (``deploy`` may move served versions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hauberk.gateway import DEFAULT_ROUTE_ROLES
from hauberk.gateway._apikey import ApiKeyAuthenticator
from hauberk.gateway._authz import Authorizer
from hauberk.gateway._errors import GatewayError
from hauberk.gateway._keys import KeyStore
from hauberk.governance import LIFECYCLE_ROLES, load_roles

SWITCH = "POST /admin/versions/switch"


def test_a_role_store_principal_gives_its_api_key_the_deploy_role(tmp_path: Path) -> None:
    store = KeyStore(tmp_path / "keys.json")
    record, key = store.create("predict")
    _, other_key = store.create("predict")
    (tmp_path / "roles.toml").write_text(
        f'[principals.release-bot]\napi_keys = ["{record.id}"]\nroles = ["deploy"]\n'
    )
    roles = load_roles(tmp_path / "roles.toml")
    authz = Authorizer(DEFAULT_ROUTE_ROLES)
    with_store = ApiKeyAuthenticator(store, roles)
    principal = with_store.authenticate(key)
    assert principal.roles == {"predict", "deploy"}
    authz.authorize(principal, SWITCH)
    authz.authorize(principal, "POST /v1/predict")
    # a key the store does not list, and the same key without the store: no deploy
    for who in (with_store.authenticate(other_key), ApiKeyAuthenticator(store).authenticate(key)):
        with pytest.raises(GatewayError):
            authz.authorize(who, SWITCH)
    # revoking the key removes everything, role store or not
    store.revoke(record.id)
    with pytest.raises(GatewayError):
        with_store.authenticate(key)


def test_serve_config_names_the_role_store(tmp_path: Path) -> None:
    from hauberk.gateway import parse_config

    cfg = parse_config({"auth": {"roles": "roles.toml"}}, source="serve.toml", base_dir=tmp_path)
    assert cfg.resolve(cfg.auth.roles or Path()) == tmp_path / "roles.toml"
    assert set(LIFECYCLE_ROLES) >= {"deploy", "release", "promote", "sign", "read-audit"}
