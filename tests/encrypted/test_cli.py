"""``hauberk encrypted bench`` through the real command line."""

from __future__ import annotations

import json
import subprocess
import sys


def test_bench_json_and_exit_codes() -> None:
    args = [sys.executable, "-m", "hauberk", "encrypted", "bench", "--samples", "4",
            "--backend", "tenseal", "--format", "json"]  # fmt: skip
    out = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    (result,) = data["results"]
    assert result["backend"] == "tenseal" and result["n"] == 4
    assert (result["agreement"]["value"] == 1.0 and "interval" in json.dumps(result)) or result[
        "agreement"
    ]["n"] == 4
    bad = subprocess.run([*args[:4], "bench", "--samples", "0"], capture_output=True, text=True,
                         timeout=120)  # fmt: skip
    assert bad.returncode == 2
