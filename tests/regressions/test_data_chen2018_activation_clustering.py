"""Chen et al., "Detecting Backdoor Attacks on Deep Neural Networks by Activation Clustering"
(arXiv:1811.03728): the last hidden layer of a backdoored model splits the target class into
two clusters, and the poisoned one is small and claimed by other classes when reclassified
without it. Their setting: up to a third of the target class poisoned. Here: 67 stamped digits
relabelled 0 (5% of the data, a third of class 0); every one must be flagged, few clean rows."""

from __future__ import annotations

from tests._backdoor import TARGET, patched, rates, trained

from hauberk.data import BackdoorSettings, activation_clustering


def test_activation_clustering_finds_a_third_of_a_class_poisoned() -> None:
    x, y, truth = patched(0.05)
    flags = activation_clustering(x, y, trained(0.05), BackdoorSettings())
    tpr, fpr = rates(flags.rows, truth)
    assert tpr >= 0.95 and fpr <= 0.01, (tpr, fpr)
    per_class = flags.metrics["classes"][str(TARGET)]
    assert 0.3 <= per_class["small_share"] < 0.35 and per_class["reclassified_ratio"] < 0.12
