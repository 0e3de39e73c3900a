"""Turner, Tsipras and Madry 2019, the plain clean-label attack that did not implant: the
3x3 white patch stamped on 1% of the training rows, all of them real 0s, labels untouched. The
model did not learn it (attack success 0.00-0.09 on the bench's seeds 1, 2, 5 and 6 at 1%), so
writing it on other classes' rows moves almost none and the transfer-confirmed detectors
flagged nothing; these rows were the bench's remaining misses. The poison still carries the
stamp in the data: 10 or more pixels whose values 13 rows of one class share and no other
class's rows carry. The stamp search's data-only rule flags it without the model's
confirmation (``backdoor_stamp_data_only``); clean digits, clean MNIST14 and the demo's splits
offer no stamp candidate at all, so the rule cannot fire on them."""

from __future__ import annotations

import numpy as np
from tests._backdoor import TARGET, digits, rates, stamp

from hauberk.data import BackdoorSettings, stamped_triggers


def test_an_unlearned_clean_label_stamp_at_1_percent_is_flagged_from_the_data() -> None:
    import torch

    from hauberk.data._features import train_default

    xtr, xte, ytr, yte = digits()
    pick = np.random.default_rng(0).choice(
        np.flatnonzero(ytr == TARGET), round(0.01 * len(xtr)), replace=False
    )
    x = xtr.copy()
    x[pick] = stamp(xtr[pick])
    truth = np.zeros(len(x), dtype=bool)
    truth[pick] = True
    model = train_default(x, ytr.astype(np.int64), epochs=20, seed=0, threads=1)
    with torch.no_grad():
        hit = model(torch.as_tensor(stamp(xte[yte != TARGET]), dtype=torch.float32)).argmax(1)
    assert float((hit.numpy() == TARGET).mean()) < 0.1  # not implanted
    off = stamped_triggers(x, ytr, model, BackdoorSettings(backdoor_stamp_data_only=False))
    assert len(off.rows) == 0  # the miss: transfer alone confirms nothing
    flags = stamped_triggers(x, ytr, model, BackdoorSettings())
    tpr, fpr = rates(flags.rows, truth)
    assert tpr == 1.0 and fpr == 0.0, (tpr, fpr, flags.metrics)
    confirmed = {s["confirmed"] for s in flags.metrics["stamps"]}
    assert "data" in confirmed and "transfer" not in confirmed, flags.metrics
