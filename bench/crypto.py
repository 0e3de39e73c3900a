"""Encrypted inference and post-quantum signatures: what they cost, measured in one run.

    python bench/crypto.py                  # 40 rows per model and backend, 200 signatures
    python bench/crypto.py --rows 10        # quicker

Table 1: the same model (logistic regression on breast cancer; a square-activation MLP on
digits) scored on the same held-out rows in plaintext, under CKKS (TenSEAL, client and server
objects, the server without the secret key) and by three MPyC parties (real processes on
127.0.0.1). Accuracy difference in points (plaintext minus encrypted; goal < 0.5), agreement
with the plaintext labels, latency per sample (client encrypt + server compute + client
decrypt for CKKS; the secure computation for MPyC, batched), bytes per sample (query and
answer ciphertexts; all messages the parties sent) and the ratio of TenSEAL to MPyC latency.

Table 2: ML-DSA-65 (FIPS 204) next to Ed25519 and ECDSA P-256, all from ``cryptography``:
median sign and verify time over a checkpoint-sized message and the signature and public key
sizes, with ML-DSA's ratio to Ed25519.

Peers: TenSEAL 0.3.18 and MPyC 0.11 are both the measured systems (the ``encrypted`` extra);
Ed25519 and ECDSA P-256 are the classical baselines.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _encrypted(rows: int) -> None:
    from hauberk.encrypted import demo_model, evaluate

    print("## Encrypted inference (same model, same rows)\n")
    header = (
        "| model | backend | rows | plain acc | encrypted acc | diff (points) | agreement "
        "| ms / sample | KiB / sample | latency vs MPyC |"
    )
    print(header)
    print("|" + "---|" * 10)
    for dataset, kind in (("breast-cancer", "linear"), ("digits", "mlp")):
        model, x, y = demo_model(dataset, kind)  # type: ignore[arg-type]
        x, y = x[:rows], y[:rows]
        results = {b: evaluate(model, x, y, backend=b) for b in ("tenseal", "mpyc")}
        base = results["mpyc"].latency_per_sample
        for backend, r in results.items():
            print(
                f"| {dataset} {kind} | {backend} | {r.n} | {r.plain_accuracy.value:.3f} "
                f"| {r.encrypted_accuracy.value:.3f} | {r.accuracy_difference_points:.2f} "
                f"| {r.agreement.value:.3f} | {1000 * r.latency_per_sample:.1f} "
                f"| {r.bytes_per_sample / 1024:.1f} | {r.latency_per_sample / base:.1f}x |"
            )
    print()


def _median_time(fn: Callable[[], object], repeats: int) -> float:
    fn()
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def _signatures(repeats: int) -> None:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, mldsa

    message = b"example.com/log\n123456\n" + b"A" * 44 + b"\n"
    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    der = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ed = ed25519.Ed25519PrivateKey.generate()
    p256 = ec.generate_private_key(ec.SECP256R1())
    pq = mldsa.MLDSA65PrivateKey.generate()
    ed_sig, p_sig, pq_sig = (
        ed.sign(message),
        p256.sign(message, ec.ECDSA(hashes.SHA256())),
        pq.sign(message),
    )
    rows = [
        (
            "Ed25519",
            _median_time(lambda: ed.sign(message), repeats),
            _median_time(lambda: ed.public_key().verify(ed_sig, message), repeats),
            len(ed_sig),
            len(ed.public_key().public_bytes(*raw)),
        ),
        (
            "ECDSA P-256",
            _median_time(lambda: p256.sign(message, ec.ECDSA(hashes.SHA256())), repeats),
            _median_time(
                lambda: p256.public_key().verify(p_sig, message, ec.ECDSA(hashes.SHA256())),
                repeats,
            ),
            len(p_sig),
            len(p256.public_key().public_bytes(*der)),
        ),
        (
            "ML-DSA-65",
            _median_time(lambda: pq.sign(message), repeats),
            _median_time(lambda: pq.public_key().verify(pq_sig, message), repeats),
            len(pq_sig),
            len(pq.public_key().public_bytes(*raw)),
        ),
    ]
    base_sign, base_verify, base_size = rows[0][1], rows[0][2], rows[0][3]
    print(f"## Signatures (median of {repeats}, message {len(message)} bytes)\n")
    print(
        "| algorithm | sign µs | verify µs | signature bytes | public key bytes "
        "| sign vs Ed25519 | verify vs Ed25519 | size vs Ed25519 |"
    )
    print("|" + "---|" * 8)
    for name, sign, verify, sig, pub in rows:
        print(
            f"| {name} | {1e6 * sign:.1f} | {1e6 * verify:.1f} | {sig} | {pub} "
            f"| {sign / base_sign:.1f}x | {verify / base_verify:.1f}x | {sig / base_size:.1f}x |"
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=40, help="held-out rows per model")
    parser.add_argument("--repeats", type=int, default=200, help="signatures timed")
    args = parser.parse_args()
    from _record import recorded

    with recorded("crypto"):
        _encrypted(args.rows)
        _signatures(args.repeats)


if __name__ == "__main__":
    main()
