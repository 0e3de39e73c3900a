"""TLS and mutual TLS for ``hauberk serve``; client certificates as principals.

``[tls] cert, key`` turn on TLS (uvicorn's ``ssl_*`` options; Python's defaults: TLS 1.2 or
newer, no compression, the system's cipher choice). With ``client_ca`` the server asks for a
client certificate and OpenSSL verifies any that is sent against that CA (a certificate from
another CA fails the handshake); ``require_client_cert = true`` refuses the handshake without
one.

A verified client certificate authenticates a request that carries no ``Authorization``
header: its subject CN (``principal_from = "cn"``) or its first subjectAltName (DNS, URI,
email or IP) listed in ``[tls.clients]`` (``"san"``) names the principal ``cert:<name>``, with
the roles ``[tls.clients]`` gives it. A certificate whose name is not listed is refused
(``invalid_credentials``): the CA vouches for who the client is, the config for what it may
do. A request with an ``Authorization`` header is authenticated by it as usual.

The guarded HTTP protocol (:mod:`hauberk.gateway._server`) reads the verified peer
certificate once per connection and puts it in the ASGI scope as
``scope["extensions"]["tls"]["client_cert"]`` (the ``ssl.SSLSocket.getpeercert()`` form).
"""

from __future__ import annotations

import ssl
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from hauberk.core import ConfigError
from hauberk.gateway._config import TlsConfig
from hauberk.gateway._errors import GatewayError
from hauberk.gateway._principal import Principal

SAN_TYPES = ("DNS", "URI", "email", "IP Address")


def subject_cn(cert: Mapping[str, Any]) -> str | None:
    for rdn in cert.get("subject", ()):
        for key, value in rdn:
            if key == "commonName":
                return str(value)
    return None


def subject_alt_names(cert: Mapping[str, Any]) -> list[str]:
    return [str(v) for kind, v in cert.get("subjectAltName", ()) if kind in SAN_TYPES]


class CertAuthenticator:
    """Maps a verified client certificate to a :class:`Principal` (see the module docs)."""

    def __init__(self, clients: Mapping[str, tuple[str, ...]], *, principal_from: str) -> None:
        if principal_from not in ("cn", "san"):
            raise ConfigError(f"[tls] principal_from must be cn or san, got {principal_from!r}")
        self.clients = {name: frozenset(roles) for name, roles in clients.items()}
        self.principal_from = principal_from

    def name(self, cert: Mapping[str, Any]) -> str | None:
        if self.principal_from == "cn":
            return subject_cn(cert)
        sans = subject_alt_names(cert)
        return next((s for s in sans if s in self.clients), sans[0] if sans else None)

    def authenticate(self, cert: Mapping[str, Any]) -> Principal:
        name = self.name(cert)
        if name is None or name not in self.clients:
            raise GatewayError(
                "invalid_credentials",
                "the credentials are not valid",
                reason=f"client certificate {name!r} is not in [tls.clients]",
            )
        return Principal(f"cert:{name}", self.clients[name])


def uvicorn_ssl_options(tls: TlsConfig, resolve: Callable[[Path], Path]) -> dict[str, Any]:
    """The ``ssl_*`` keyword arguments of ``uvicorn.Config`` for ``tls``."""
    paths = {"cert": resolve(tls.cert), "key": resolve(tls.key)}
    if tls.client_ca is not None:
        paths["client_ca"] = resolve(tls.client_ca)
    for what, path in paths.items():
        if not path.is_file():
            raise ConfigError(f"[tls] {what} {path} does not exist")
    if tls.require_client_cert:
        reqs = ssl.CERT_REQUIRED
    elif tls.client_ca is not None:
        reqs = ssl.CERT_OPTIONAL
    else:
        reqs = ssl.CERT_NONE
    options: dict[str, Any] = {
        "ssl_certfile": str(paths["cert"]),
        "ssl_keyfile": str(paths["key"]),
        "ssl_cert_reqs": reqs,
    }
    if "client_ca" in paths:
        options["ssl_ca_certs"] = str(paths["client_ca"])
    return options


def peer_certificate(transport: Any) -> dict[str, Any] | None:
    """The verified client certificate of a TLS connection, or None."""
    ssl_object = transport.get_extra_info("ssl_object")
    if ssl_object is None:
        return None
    cert = ssl_object.getpeercert()
    return cert or None
