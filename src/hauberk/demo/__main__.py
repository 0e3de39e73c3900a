"""``python -m hauberk.demo build --out DIR``: write the demo model, data and assess.toml."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from hauberk.core import write_atomic
from hauberk.demo import load_digits_split, train_digits_cnn

CONFIG = """\
# The hauberk demo: a small CNN trained on scikit-learn's bundled digits,
# saved as most torch users save theirs (torch.save of the state_dict).
[model]
path = "digits_cnn.pt"
architecture = "hauberk.demo:DigitsCNN"   # the network the weights load into
trainer = "hauberk.demo:train_digits_cnn" # trains look-alike (shadow) models
input_shape = [1, 8, 8]
lower = 0.0
upper = 1.0

[data]
path = "digits.npz"                       # x_train/y_train are members, x_test/y_test not

[privacy]
# digits has 1,797 images, so the membership audit has 899 non-members: too few to measure
# the TPR at 1% FPR (that needs 1,000). Judge membership on AUC and TPR at 5% FPR here; on
# your own data leave this out.
max_tpr_at_fpr_0_01 = 1.0
# 16 reconstructions per class (160 in all) decide whether inversion beats 0.8 accuracy;
# the default 4 per class leaves a 0.9 rate inconclusive
inversion_starts = 16

[explanations]
# a torch CNN needs shap's model-agnostic explainer: opt-in, as it costs seconds (about 2 s
# here, plus shap's start-up); the demo shows it
model_agnostic = true

[assess]
name = "digits-cnn (demo)"
seed = 0
"""


def build(out: Path) -> None:
    import io

    import torch

    out.mkdir(parents=True, exist_ok=True)
    split = load_digits_split()
    (x_train, y_train), (x_test, y_test) = split["train"], split["test"]
    model = train_digits_cnn(x_train, y_train)
    buf = io.BytesIO()
    torch.save(model.state_dict(), buf)
    write_atomic(out / "digits_cnn.pt", buf.getvalue())
    data = io.BytesIO()
    np.savez(data, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    write_atomic(out / "digits.npz", data.getvalue())
    write_atomic(out / "assess.toml", CONFIG)
    with torch.no_grad():
        acc = (model(torch.from_numpy(x_test)).argmax(1).numpy() == y_test).mean()
    print(f"demo target in {out.resolve()}: digits CNN, held-out accuracy {acc:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hauberk.demo")
    parser.add_argument("command", choices=["build"])
    parser.add_argument("--out", type=Path, default=Path(".demo"))
    args = parser.parse_args(argv)
    build(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
