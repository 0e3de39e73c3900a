"""The source allowlist: config parsing, path and URL admission, bounded downloads."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hauberk.core import ConfigError, InputError
from hauberk.data._sources import download, load_data_config, parse_data_config


def _cfg(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "data.toml"
    path.write_text(text)
    return path


def test_config_names_the_bad_key(tmp_path: Path) -> None:
    path = _cfg(tmp_path, '[data.sources.a]\npaths = ["x"]\npath = "y"\n')
    with pytest.raises(ConfigError, match=r"\[data.sources.a.path\]: unknown key"):
        load_data_config(path)


def test_config_refuses_other_tables_and_bad_sources(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"unknown table \[model\]"):
        parse_data_config({"model": {}}, source="c", base_dir=tmp_path)
    with pytest.raises(ConfigError, match="at least one of paths or urls"):
        parse_data_config({"data": {"sources": {"a": {}}}}, source="c", base_dir=tmp_path)
    with pytest.raises(ConfigError, match="require_signature needs public_key"):
        parse_data_config(
            {"data": {"sources": {"a": {"paths": ["x"], "require_signature": True}}}},
            source="c",
            base_dir=tmp_path,
        )
    with pytest.raises(ConfigError, match="plain http is allowed only to a loopback"):
        parse_data_config(
            {"data": {"sources": {"a": {"urls": ["http://example.org/data/"]}}}},
            source="c",
            base_dir=tmp_path,
        )


def test_no_config_allows_no_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"not in the allowlist.*none are configured"):
        load_data_config(None).source("census")


def test_paths_resolve_links_and_dots(tmp_path: Path) -> None:
    (tmp_path / "ok" / "sub").mkdir(parents=True)
    (tmp_path / "ok" / "sub" / "a.csv").write_text("x\n1\n")
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "b.csv").write_text("x\n1\n")
    (tmp_path / "ok" / "link").symlink_to(tmp_path / "secret")
    cfg = load_data_config(_cfg(tmp_path, '[data.sources.s]\npaths = ["ok"]\n'))
    src = cfg.source("s")
    assert (
        src.admit_path(tmp_path / "ok" / "sub" / "a.csv") == (tmp_path / "ok/sub/a.csv").resolve()
    )
    for outside in (tmp_path / "ok" / ".." / "secret", tmp_path / "ok" / "link" / "b.csv"):
        with pytest.raises(ConfigError, match="outside the allowlist of source 's'"):
            src.admit_path(outside)
    with pytest.raises(InputError, match="no such file"):
        src.admit_path(tmp_path / "ok" / "missing.csv")


PREFIX = "https://data.example.org/census/"


@pytest.mark.parametrize(
    "url",
    [
        "https://data.example.org/census-evil/a.csv",
        "https://data.example.org/other/a.csv",
        "http://data.example.org/census/a.csv",
        "https://data.example.org:8443/census/a.csv",
        "https://data.example.org.evil.com/census/a.csv",
        "https://evil.com/data.example.org/census/a.csv",
    ],
)
def test_url_outside_the_prefix_is_refused(tmp_path: Path, url: str) -> None:
    cfg = parse_data_config(
        {"data": {"sources": {"s": {"urls": [PREFIX]}}}}, source="c", base_dir=tmp_path
    )
    with pytest.raises(ConfigError, match=r"outside the allowlist|plain http"):
        cfg.source("s").admit_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://data.example.org/census/../secret.csv",
        "https://data.example.org/census/%2e%2e/secret.csv",
        "https://data.example.org/census%2fx.csv",
        "https://user:pw@data.example.org/census/a.csv",
        "https://data.example.org/census/a.csv?x=1",
        "ftp://data.example.org/census/a.csv",
    ],
)
def test_ambiguous_urls_are_refused(tmp_path: Path, url: str) -> None:
    cfg = parse_data_config(
        {"data": {"sources": {"s": {"urls": [PREFIX]}}}}, source="c", base_dir=tmp_path
    )
    with pytest.raises(ConfigError):
        cfg.source("s").admit_url(url)


SEGMENT = st.text(alphabet="abc-_0", min_size=1, max_size=4)


@given(st.lists(SEGMENT, min_size=1, max_size=3), st.lists(SEGMENT, min_size=1, max_size=4))
def test_admitted_urls_continue_the_prefix_at_a_slash(prefix: list[str], path: list[str]) -> None:
    base, asked = "/" + "/".join(prefix), "/" + "/".join(path)
    cfg = parse_data_config(
        {"data": {"sources": {"s": {"urls": ["https://h.example" + base]}}}},
        source="c",
        base_dir=Path(),
    )
    try:
        cfg.source("s").admit_url("https://h.example" + asked)
        admitted = True
    except ConfigError:
        admitted = False
    assert admitted == (asked == base or asked.startswith(base + "/"))


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/data/redirect"):
            self.send_response(302)
            self.send_header("Location", "/elsewhere/a.csv")
            self.end_headers()
            return
        body = b"x,y\n" + b"1,2\n" * (5000 if "big" in self.path else 3)
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_download_from_a_real_loopback_server(server: str, tmp_path: Path) -> None:
    got = download(f"{server}/data/a.csv", tmp_path, max_bytes=1000, timeout=10)
    assert got.read_bytes() == b"x,y\n1,2\n1,2\n1,2\n"
    with pytest.raises(InputError, match="redirects"):
        download(f"{server}/data/redirect.csv", tmp_path, max_bytes=1000, timeout=10)
    with pytest.raises(InputError, match="more than the 1000"):
        download(f"{server}/data/big.csv", tmp_path, max_bytes=1000, timeout=10)
