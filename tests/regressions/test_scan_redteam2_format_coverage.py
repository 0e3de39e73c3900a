"""Red team round 2 (issue 12): formats the scanner did not fully cover.

- Keras archives without ``metadata.json`` (config.json alone, or with ``model.weights.npz``)
  were plain zips; a config naming ``os.system`` as an activation makes Keras import it
  (CVE-2025-1550 class). Config files are now judged wherever they are found.
- HDF5 with a user block (superblock at 4096 and beyond, found as h5py finds it).
- Jinja chat templates that build dunder names by concatenation, repetition, ``join``,
  ``format``, ``reverse`` or loop variables (GGUF metadata and tokenizer_config.json).
- ONNX external data referenced by a tensor held in a node attribute.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from tests.regressions._redteam2_formats import CALLS, SHELL_ARGS, caught, clean, corpus

gen = corpus()


def _keras_like_load(blob: bytes) -> object:
    """The lookup Keras 3 ``deserialize_keras_object`` makes for ``{"class_name":
    "function", "module": M, "config": N}``: import M, take N (not called here)."""
    import importlib

    config = json.loads(zipfile.ZipFile(io.BytesIO(blob)).read("config.json"))
    activation = config["config"]["layers"][0]["config"]["activation"]
    return getattr(importlib.import_module(activation["module"]), activation["config"])


@pytest.mark.parametrize("weights", [None, "model.weights.npz"])
def test_keras_archive_without_metadata(tmp_path: Path, weights: str | None) -> None:
    import os

    blob = gen.keras_without_metadata("os", "system", weights)
    assert _keras_like_load(blob) is os.system  # resolved, never called
    path = tmp_path / "model.keras"
    path.write_bytes(blob)
    report = caught(path)
    finding = next(f for f in report.findings if f.id == "HB-SC-KERAS-CUSTOM")
    assert "os.system" in finding.detail and finding.severity.label == "critical"


def test_keras_module_prefix_is_not_a_keras_module(tmp_path: Path) -> None:
    path = tmp_path / "model.keras"
    path.write_bytes(gen.keras_without_metadata("keras_evil_helpers", "run"))
    report = __import__("hauberk.supplychain", fromlist=["scan"]).scan([path])
    assert any(f.id == "HB-SC-KERAS-CUSTOM" for f in report.findings)


@pytest.mark.parametrize("userblock", [4096, 65536])
def test_hdf5_behind_a_user_block(tmp_path: Path, userblock: int) -> None:
    import h5py

    path = tmp_path / "model.h5"
    gen.h5_with_userblock(path, gen.lambda_config(), userblock)
    with h5py.File(path, "r") as f:  # the HDF5 library finds the superblock
        assert "Lambda" in f.attrs["model_config"]
    report = caught(path)
    assert report.files[0].format == "hdf5"
    assert any(f.id == "HB-SC-KERAS-LAMBDA" for f in report.findings)


def test_user_block_holding_another_format_is_judged_as_hdf5_too(tmp_path: Path) -> None:
    import h5py

    path = tmp_path / "model.h5"
    gen.h5_with_userblock(path, gen.lambda_config(), 4096)
    blob = bytearray(path.read_bytes())
    blob[:8] = b"GGUF\x03\x00\x00\x00"  # the user block starts like another format
    path.write_bytes(bytes(blob))
    with h5py.File(path, "r") as f:
        assert "Lambda" in f.attrs["model_config"]
    assert any(f.id == "HB-SC-KERAS-LAMBDA" for f in caught(path).findings)


@pytest.mark.parametrize("key", sorted(gen.DUNDER_TEMPLATES))
def test_template_builds_a_dunder_name(tmp_path: Path, key: str) -> None:
    import jinja2

    template = gen.DUNDER_TEMPLATES[key]
    # Rendered without a sandbox on an empty string, the name reaches str.__class__ (harmless
    # here; with cycler/joiner it reaches __globals__ and os).
    assert "class" in jinja2.Environment(autoescape=False).from_string(template).render()
    path = tmp_path / "model.gguf"
    path.write_bytes(gen.gguf([("tokenizer.chat_template", template)]))
    report = caught(path)
    assert report.worst is not None and report.worst.label == "critical"


@pytest.mark.parametrize(
    "template",
    [
        "{{ x[('_' ~ '_') ~ 'glo' ~ 'bals' ~ '__'] }}",
        "{% set a = '__' %}{% set b = a ~ 'init' ~ a %}{{ cycler[b] }}",
        "{{ x | map(attribute='_' * 2 ~ 'class__') | list }}",
        "{{ x['X__CLASS__X'[1:-1].lower()] }}",
        "{{ x['{}{}class{}{}'.format('_', '_', '_', '_')] }}",
        "{{ '{0.__class__}'.format(x) }}",
        "{{ x | attr(y ~ z) }}",
    ],
)
def test_more_computed_names(tmp_path: Path, template: str) -> None:
    path = tmp_path / "tokenizer_config.json"
    path.write_text(json.dumps({"chat_template": template}))
    caught(path)


def test_tokenizer_config_named_templates_and_jinja_files(tmp_path: Path) -> None:
    tpl = "{% set g = ['__glo', 'bals__'] | join %}{{ cycler | attr('__in' ~ 'it__') | attr(g) }}"
    path = tmp_path / "tokenizer_config.json"
    path.write_text(json.dumps({"chat_template": [{"name": "tool_use", "template": tpl}]}))
    caught(path)
    jinja = tmp_path / "chat_template.jinja"
    jinja.write_text(tpl)
    caught(jinja)


def test_ordinary_chat_templates_stay_clean(tmp_path: Path) -> None:
    templates = [
        "{% for m in messages %}{{ '<|' ~ m['role'] ~ '|>' }}{{ m['content'] }}{% endfor %}",
        "{% for m in messages %}{% if loop.index0 % 2 == 0 %}{{ m['content'] | trim }}"
        "{% endif %}{{ messages[loop.index0 - 1]['role'] if not loop.first }}{% endfor %}",
        "{% for t in tools %}{% for k in t['parameters'] %}{{ k ~ ': ' ~ t['parameters'][k] }}"
        "{% endfor %}{% endfor %}{{ bos_token + messages[messages | length - 1]['content'] }}",
    ]
    for i, tpl in enumerate(templates):
        path = tmp_path / f"t{i}.gguf"
        path.write_bytes(gen.gguf([("tokenizer.chat_template", tpl)]))
        clean(path)


def test_onnx_external_data_on_a_node_attribute(tmp_path: Path) -> None:
    import numpy as np
    import onnx

    folder = tmp_path / "model"
    folder.mkdir()
    secret = tmp_path / "secret.bin"
    secret.write_bytes(np.arange(4, dtype=np.float32).tobytes())
    path = folder / "model.onnx"
    path.write_bytes(gen.onnx_attribute_external("../secret.bin"))
    # onnx.load follows the attribute tensor's location out of the model folder
    try:
        model = onnx.load(str(path))
        value = onnx.numpy_helper.to_array(model.graph.node[0].attribute[0].t)
        assert value.tolist() == [0.0, 1.0, 2.0, 3.0]
    except onnx.checker.ValidationError:
        pass  # newer onnx refuses '..' itself; other readers (runtimes, converters) may not
    report = caught(path)
    finding = next(f for f in report.findings if f.id == "HB-SC-ONNX-EXTERNAL")
    assert "attribute" in finding.detail


def test_onnx_attribute_walk_agrees_with_onnx(tmp_path: Path) -> None:
    import onnx
    from onnx import external_data_helper

    from hauberk.supplychain._onnx import model_tensors

    model = onnx.load_from_string(gen.onnx_attribute_external("x.bin"))
    ours = {t.name for _, t in model_tensors(model)}
    theirs = {t.name for t in external_data_helper._get_all_tensors(model)}
    assert theirs <= ours


def test_no_stand_in_needed_here() -> None:
    assert CALLS is not None and SHELL_ARGS[0] == "os"
