"""One role store for the lifecycle: the registry's roles.toml also gives gateway API keys
their lifecycle roles (``deploy`` may move served versions)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hauberk.core import ConfigError
from hauberk.gateway import DEFAULT_ROUTE_ROLES
from hauberk.gateway._apikey import ApiKeyAuthenticator
from hauberk.gateway._authz import Authorizer
from hauberk.gateway._errors import GatewayError
from hauberk.gateway._keys import KeyStore
from hauberk.governance import LIFECYCLE_ROLES, load_roles
from hauberk.governance._roles import ROLE, roles_from_mapping

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


_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["principals", "x"]), _values, max_size=2))
def test_role_store_parser_refuses_garbage_with_a_config_error(data: dict[str, object]) -> None:
    message = ""
    try:
        store = roles_from_mapping(data, base=Path("/nonexistent"), source="roles.toml")
    except ConfigError as exc:  # anything else escaping is the bug this test looks for
        message = str(exc)
    if message:
        assert message.startswith("roles.toml")
    else:
        for principal in store.principals.values():
            assert all(ROLE.match(r) for r in principal.roles)
