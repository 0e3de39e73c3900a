"""One MPyC party of secure three-party inference; started by :func:`hauberk.encrypted.mpc_infer`.

``python -m hauberk.encrypted._mpc_party JOB -M3 -I<i> -B<port> --no-log``. Party 0 is the
client (its private input is ``JOB/x.npy``), party 1 the model owner (``JOB/model.npz``),
party 2 a helper that holds nothing. Shapes are public (``JOB/meta.json``). Inputs and
weights are Shamir secret-shared among the three (threshold 1: any single party learns
nothing); only party 0 receives the logits, written to ``JOB/out.npz`` with the time the
secure computation took and the bytes this party sent.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np


async def _run(job: Path) -> None:
    from mpyc.runtime import mpc

    meta = json.loads((job / "meta.json").read_text(encoding="utf-8"))
    secfxp = mpc.SecFxp(meta["bits"], meta["frac"])
    await mpc.start()
    began = time.perf_counter()
    n, d = meta["n"], meta["d"]
    x_plain = np.load(job / "x.npy") if mpc.pid == 0 else np.zeros((n, d))
    # integral=False on every party: a party that passes zeros as a placeholder would
    # otherwise mark the array integral, skip the truncations the sender does, and the
    # shares desynchronise (garbage of order 2^94 instead of the logits).
    h: Any = mpc.input(secfxp.array(x_plain, integral=False), senders=0)
    weights: Any = np.load(job / "model.npz") if mpc.pid == 1 else None
    coeffs = [*meta["activation"], 0.0, 0.0, 0.0][:3]
    last = len(meta["shapes"]) - 1
    for i, (rows, cols) in enumerate(meta["shapes"]):
        w_plain = weights[f"w{i}"] if weights is not None else np.zeros((rows, cols))
        b_plain = weights[f"b{i}"] if weights is not None else np.zeros(cols)
        w = mpc.input(secfxp.array(w_plain, integral=False), senders=1)
        b = mpc.input(secfxp.array(np.tile(b_plain, (n, 1)), integral=False), senders=1)
        h = h @ w + b
        if i < last:  # the public activation polynomial c0 + c1 h + c2 h^2
            square = h * h
            out = square if coeffs[2] == 1.0 else square * coeffs[2]
            if coeffs[1]:
                out = out + h * coeffs[1]
            if coeffs[0]:
                out = out + coeffs[0]
            h = out
    logits = await mpc.output(h, receivers=[0])
    elapsed = time.perf_counter() - began
    sent = sum(int(getattr(p.protocol, "nbytes_sent", 0) or 0) for p in mpc.parties)
    await mpc.shutdown()
    if mpc.pid == 0:
        np.savez(job / "out.npz", logits=np.asarray(logits, dtype=np.float64))
    (job / f"stats{mpc.pid}.json").write_text(
        json.dumps({"seconds": elapsed, "bytes_sent": int(sent)}), encoding="utf-8"
    )


def main() -> None:
    from mpyc.runtime import mpc

    job = Path(sys.argv[1])
    mpc.run(_run(job))


if __name__ == "__main__":
    main()
