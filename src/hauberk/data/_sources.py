"""Where data may come from: an allowlist of sources in ``[data.sources]`` and the check each
incoming location must pass, plus a bounded download for URL sources.

A config (``data.toml`` by default) names each source once::

    [data]
    store = ".hauberk/data"          # content-addressed copies, for rollback
    ledger = "ledger.db"             # optional: where ingest, mark-good, rollback are recorded

    [data.sources.census]
    paths = ["incoming/census"]      # folders or files; relative to this file
    urls = ["https://data.example.org/census/"]
    public_key = "keys/census.pub"   # verifies model-signing signatures of this source's data
    require_signature = true         # refuse data that comes without one

A local location is admitted when, with every symbolic link and ``..`` resolved, it is one of
the source's paths or inside one. A URL is admitted when its scheme, host and port equal a
prefix's and its path is the prefix's path or continues it after a ``/`` (so
``.../census/`` does not admit ``.../census-evil/``); user info, fragments, queries, dot
segments and encoded slashes or dots are refused outright. Plain ``http`` is allowed only to
a loopback host. Anything else is refused with a :class:`ConfigError` naming the source.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from hauberk.core import ConfigError, InputError
from hauberk.core._toml import parse_toml

MAX_CONFIG_BYTES = 1024 * 1024
SOURCE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
DEFAULT_CONFIG = Path("data.toml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class _Url:
    scheme: str
    host: str
    port: int
    path: str


def parse_url(text: str, what: str) -> _Url:
    """A URL split for prefix matching; refuses anything that could make a prefix ambiguous."""
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise ConfigError(f"{what} {text!r} is not a URL: {exc}") from None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigError(f"{what} {text!r} must be an https:// URL with a host")
    if parts.username is not None or parts.password is not None:
        raise ConfigError(f"{what} {text!r} carries user info; put credentials elsewhere")
    if parts.fragment or parts.query:
        raise ConfigError(f"{what} {text!r} has a query or fragment; give a plain path")
    if re.search(r"%2[eEfF]|%5[cC]|\\", parts.path):
        raise ConfigError(f"{what} {text!r} has an encoded dot, slash or a backslash")
    segments = unquote(parts.path).split("/")
    if any(s in (".", "..") for s in segments):
        raise ConfigError(f"{what} {text!r} has a '.' or '..' segment")
    host = parts.hostname.lower()
    if parts.scheme == "http" and not _loopback(host):
        raise ConfigError(f"{what} {text!r}: plain http is allowed only to a loopback host")
    default = 443 if parts.scheme == "https" else 80
    return _Url(parts.scheme, host, port or default, parts.path or "/")


class SourceSpec(_Strict):
    """One allowed source: local paths and/or URL prefixes, and how its signatures verify."""

    paths: tuple[Path, ...] = ()
    urls: tuple[str, ...] = ()
    public_key: Path | None = Field(
        default=None, description="PEM public key that signs this source's data"
    )
    require_signature: bool = False
    description: str = ""

    @field_validator("urls")
    @classmethod
    def _urls(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for url in v:
            try:
                parse_url(url, "url prefix")
            except ConfigError as exc:
                raise ValueError(str(exc)) from None
        return v

    @model_validator(mode="after")
    def _some(self) -> SourceSpec:
        if not self.paths and not self.urls:
            raise ValueError("a source needs at least one of paths or urls")
        if self.require_signature and self.public_key is None:
            raise ValueError("require_signature needs public_key, the key that must have signed")
        return self


class DataSection(_Strict):
    sources: dict[str, SourceSpec] = Field(default_factory=dict)
    store: Path = Path(".hauberk/data")
    ledger: str | None = None
    max_download_bytes: int = Field(default=1 << 30, ge=1, le=1 << 40)
    download_timeout: float = Field(default=60.0, gt=0, le=3600)

    @field_validator("sources")
    @classmethod
    def _names(cls, v: dict[str, SourceSpec]) -> dict[str, SourceSpec]:
        for name in v:
            if not SOURCE_NAME.match(name):
                raise ValueError(f"source name {name!r}: use letters, digits, '.', '_', '-'")
        return v


class DataConfig(_Strict):
    data: DataSection = DataSection()
    base_dir: Path = Path()

    def resolve(self, path: Path) -> Path:
        path = path.expanduser()
        return path if path.is_absolute() else self.base_dir / path

    @property
    def store(self) -> Path:
        return self.resolve(self.data.store)

    def source(self, name: str) -> Source:
        spec = self.data.sources.get(name)
        if spec is None:
            known = ", ".join(sorted(self.data.sources)) or "none are configured"
            raise ConfigError(
                f"source {name!r} is not in the allowlist [data.sources] (known: {known}); "
                "add it to the config after review"
            )
        return Source(
            name=name,
            paths=tuple(self.resolve(p) for p in spec.paths),
            urls=spec.urls,
            public_key=self.resolve(spec.public_key) if spec.public_key else None,
            require_signature=spec.require_signature,
        )


@dataclass(frozen=True)
class Source:
    """A source from the allowlist with its paths resolved against the config's folder."""

    name: str
    paths: tuple[Path, ...]
    urls: tuple[str, ...]
    public_key: Path | None
    require_signature: bool

    def admit_path(self, location: Path) -> Path:
        """``location`` resolved, if it lies in one of the source's paths; else ConfigError."""
        if not location.exists():
            raise InputError(f"{location}: no such file or folder")
        real = location.resolve(strict=True)
        for allowed in self.paths:
            base = allowed.resolve()
            if real == base or real.is_relative_to(base):
                return real
        listed = ", ".join(str(p) for p in self.paths) or "no paths"
        raise ConfigError(
            f"{location} is outside the allowlist of source {self.name!r} ({listed}); refusing it"
        )

    def admit_url(self, url: str) -> str:
        """``url`` if it continues one of the source's URL prefixes; else ConfigError."""
        got = parse_url(url, "URL")
        for prefix in self.urls:
            want = parse_url(prefix, "url prefix")
            if (got.scheme, got.host, got.port) != (want.scheme, want.host, want.port):
                continue
            base = want.path.rstrip("/")
            if got.path == want.path or got.path.startswith(base + "/"):
                return url
        listed = ", ".join(self.urls) or "no urls"
        raise ConfigError(
            f"{url} is outside the allowlist of source {self.name!r} ({listed}); refusing it"
        )


def is_url(location: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", location))


def _where(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if not isinstance(p, int)]
    return ".".join(parts) or "config"


def parse_data_config(raw: Mapping[str, Any], *, source: str, base_dir: Path) -> DataConfig:
    """Validate the ``[data]`` table; unknown tables and keys are errors that name them."""
    unknown = [k for k in raw if k != "data"]
    if unknown:
        raise ConfigError(f"{source}: unknown table [{unknown[0]}]; this file holds [data]")
    try:
        return DataConfig.model_validate({**raw, "base_dir": base_dir})
    except ValidationError as exc:
        err = exc.errors()[0]
        msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        raise ConfigError(f"{source}: [{_where(tuple(err['loc']))}]: {msg}") from None


def load_data_config(path: Path | None) -> DataConfig:
    """Read ``path`` (default ``data.toml``); a missing default means no source is allowed."""
    if path is None:
        if not DEFAULT_CONFIG.is_file():
            return DataConfig(base_dir=Path.cwd())
        path = DEFAULT_CONFIG
    if not path.is_file():
        raise ConfigError(f"config file {path} does not exist")
    if path.stat().st_size > MAX_CONFIG_BYTES:
        raise ConfigError(f"config file {path} is larger than {MAX_CONFIG_BYTES} bytes")
    try:
        raw = parse_toml(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return parse_data_config(raw, source=str(path), base_dir=path.parent.resolve())


def download(url: str, folder: Path, *, max_bytes: int, timeout: float) -> Path:
    """Fetch ``url`` (already admitted) into ``folder``; no redirects, at most ``max_bytes``.

    A redirect could lead outside the allowlist, so any 3xx is refused.
    """
    import urllib.error
    import urllib.request

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            raise InputError(f"{url}: the server redirects; refusing (a redirect can leave the "
                             "allowlist), list the final URL instead")  # fmt: skip

    name = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]) or "download"
    name = re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".") or "download"
    target = folder / name
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length is not None and length.isdigit() and int(length) > max_bytes:
                raise InputError(f"{url}: {length} bytes is more than the {max_bytes} allowed")
            got = 0
            with target.open("xb") as fh:
                while block := response.read(1 << 20):
                    got += len(block)
                    if got > max_bytes:
                        raise InputError(f"{url}: more than the {max_bytes} bytes allowed")
                    fh.write(block)
    except urllib.error.HTTPError as exc:
        raise InputError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise InputError(f"{url}: cannot download ({reason})") from None
    return target
