"""TLS and mutual TLS on a real uvicorn server, with certificates made here (cryptography x509):
HTTPS works, a client without a certificate or with one from another CA is refused under
mTLS, and the principal in the audit log is the certificate's."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from hauberk.core import ConfigError
from hauberk.gateway import create_app
from hauberk.ledger import open_ledger
from hauberk.models import SklearnModel

from ._support import config, live_server, make_keys


@dataclass
class Pem:
    cert: Path
    key: Path


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _issue(
    path: Path,
    cn: str,
    *,
    issuer: tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None,
    ca: bool = False,
    san: list[x509.GeneralName] | None = None,
    client: bool = False,
) -> tuple[Pem, x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    issuer_name = issuer[0].subject if issuer else _name(cn)
    signer = issuer[1] if issuer else key
    b = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        b = b.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
        )
    else:
        usage = x509.oid.ExtendedKeyUsageOID
        b = b.add_extension(
            x509.ExtendedKeyUsage([usage.CLIENT_AUTH if client else usage.SERVER_AUTH]), False
        )
    if san:
        b = b.add_extension(x509.SubjectAlternativeName(san), critical=False)
    cert = b.sign(signer, hashes.SHA256())
    pem = Pem(path / f"{cn}.crt", path / f"{cn}.key")
    pem.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pem.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return pem, cert, key


@pytest.fixture
def pki(tmp_path: Path) -> dict[str, Pem]:
    d = tmp_path / "pki"
    d.mkdir()
    ca_pem, ca, ca_key = _issue(d, "hauberk-test-ca", issuer=None, ca=True)
    other_pem, other, other_key = _issue(d, "other-ca", issuer=None, ca=True)
    server, _, _ = _issue(
        d, "server", issuer=(ca, ca_key),
        san=[x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")],
    )  # fmt: skip
    alice, _, _ = _issue(
        d, "svc-alice", issuer=(ca, ca_key), client=True,
        san=[x509.UniformResourceIdentifier("spiffe://test/alice")],
    )  # fmt: skip
    mallory, _, _ = _issue(d, "svc-alice-forged", issuer=(other, other_key), client=True)
    stranger, _, _ = _issue(d, "svc-unlisted", issuer=(ca, ca_key), client=True)
    return {"ca": ca_pem, "server": server, "alice": alice, "mallory": mallory,
            "stranger": stranger, "other_ca": other_pem}  # fmt: skip


def _client(pki: dict[str, Pem], who: str | None) -> httpx.Client:
    ctx = ssl.create_default_context(cafile=str(pki["ca"].cert))
    if who is not None:
        ctx.load_cert_chain(str(pki[who].cert), str(pki[who].key))
    return httpx.Client(verify=ctx, timeout=10)


def _tls(pki: dict[str, Pem], **extra: Any) -> dict[str, Any]:
    return {
        "cert": str(pki["server"].cert),
        "key": str(pki["server"].key),
        **extra,
    }


def _predict(client: httpx.Client, url: str, headers: dict[str, str] | None = None) -> Any:
    return client.post(f"{url}/v1/predict", json={"inputs": [[5.1, 3.5, 1.4, 0.2]]},
                       headers=headers or {})  # fmt: skip


def test_tls_serves_https_with_api_keys(
    tmp_path: Path, pki: dict[str, Pem], iris_clf: SklearnModel
) -> None:
    keys = make_keys(tmp_path)
    app = create_app(config(tmp_path, tls=_tls(pki)), iris_clf, keys=keys.store)
    with live_server(app) as live:
        url = live.url.replace("http://", "https://")
        with _client(pki, None) as c:
            r = _predict(c, url, {"Authorization": f"Bearer {keys.predict}"})
            assert r.status_code == 200
            assert _predict(c, url).status_code == 401  # TLS alone is no credential
        with pytest.raises(httpx.TransportError):  # plain HTTP to a TLS port
            live.client.get(f"{live.url}/healthz")
        # a client that does not trust the server's CA refuses it
        distrust = ssl.create_default_context(cafile=str(pki["other_ca"].cert))
        with httpx.Client(verify=distrust) as c, pytest.raises(httpx.ConnectError):
            c.get(f"{url}/healthz")


def test_mutual_tls_maps_the_certificate_to_the_principal(
    tmp_path: Path, pki: dict[str, Pem], iris_clf: SklearnModel
) -> None:
    tls = _tls(pki, client_ca=str(pki["ca"].cert), require_client_cert=True,
               clients={"svc-alice": ["predict"]})  # fmt: skip
    keys = make_keys(tmp_path)
    app = create_app(config(tmp_path, tls=tls), iris_clf, keys=keys.store)
    with live_server(app) as live:
        url = live.url.replace("http://", "https://")
        with _client(pki, "alice") as c:
            r = _predict(c, url)
            assert r.status_code == 200, r.text
            # the certificate's principal has the predict role only
            assert c.get(f"{url}/metrics").status_code == 403
        for who in (None, "mallory"):  # no certificate; one from another CA
            with _client(pki, who) as c, pytest.raises(httpx.TransportError):
                _predict(c, url)
        with _client(pki, "stranger") as c:  # the right CA, but not in [tls.clients]
            assert _predict(c, url).status_code == 401
    with open_ledger(tmp_path / "audit.db") as ledger:
        records = [json.loads(ledger.entry(i).body_json) | {"_p": ledger.entry(i).principal}
                   for i in range(ledger.head().size)]  # fmt: skip
    answered = [r for r in records if r.get("status") == 200]
    assert answered and all(r["_p"] == "cert:svc-alice" for r in answered)
    forbidden = [r for r in records if r.get("status") == 403]
    assert forbidden and forbidden[0]["_p"] == "cert:svc-alice"


def test_san_mapping_and_optional_client_certs(
    tmp_path: Path, pki: dict[str, Pem], iris_clf: SklearnModel
) -> None:
    tls = _tls(pki, client_ca=str(pki["ca"].cert), principal_from="san",
               clients={"spiffe://test/alice": ["predict"]})  # fmt: skip
    keys = make_keys(tmp_path)
    app = create_app(config(tmp_path, tls=tls), iris_clf, keys=keys.store)
    with live_server(app) as live:
        url = live.url.replace("http://", "https://")
        with _client(pki, "alice") as c:
            assert _predict(c, url).status_code == 200
        with _client(pki, None) as c:  # optional: no certificate, an API key instead
            assert _predict(c, url, {"Authorization": f"Bearer {keys.predict}"}).status_code == 200
            assert _predict(c, url).status_code == 401
        with _client(pki, "mallory") as c, pytest.raises(httpx.TransportError):
            _predict(c, url)  # a certificate from another CA fails even when optional
    with open_ledger(tmp_path / "audit.db") as ledger:
        principals = {ledger.entry(i).principal for i in range(ledger.head().size)}
    assert "cert:spiffe://test/alice" in principals


def test_bad_tls_settings(tmp_path: Path, pki: dict[str, Pem], iris_clf: SklearnModel) -> None:
    with pytest.raises(ConfigError, match="client_ca"):
        config(tmp_path, tls=_tls(pki, require_client_cert=True))
    with pytest.raises(ConfigError, match="role"):
        config(tmp_path, tls=_tls(pki, client_ca="x", clients={"a": ["Not A Role"]}))
    from hauberk.gateway import server_config

    keys = make_keys(tmp_path)
    missing = _tls(pki) | {"cert": str(tmp_path / "nope.crt")}
    app = create_app(config(tmp_path, tls=missing), iris_clf, keys=keys.store)
    with pytest.raises(ConfigError, match="does not exist"):
        server_config(app)
