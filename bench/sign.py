"""Signing a folder of model shards: hauberk against OpenSSF model_signing, same files, one run.

    python bench/sign.py                 # 1 GB folder of 8 shards, 3 repeats
    python bench/sign.py --size-mb 256   # quicker

Both sides sign the same random shards with the same ECDSA P-256 key, in the same process,
alternating, after one untimed call of each and one warm-up read so both hash from the page cache. The table shows the
median and best wall time of each configuration and hauberk's time over model_signing's
(below 1.0 means hauberk is faster). It then measures hauberk's AES-256-GCM chunked
encryption and decryption throughput on one shard-sized file, next to the one-shot
``cryptography`` AESGCM call on the same bytes in memory (the ceiling).

Peer tools (bench extra only): model-signing==1.1.1 (+ pyopenssl).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np


def make_folder(root: Path, size_mb: int, shards: int) -> Path:
    folder = root / "model"
    folder.mkdir()
    rng = np.random.default_rng(0)
    per = size_mb * 1024 * 1024 // shards
    for i in range(shards):
        data = rng.integers(0, 256, size=per, dtype=np.uint8).tobytes()
        (folder / f"model-{i + 1:05d}-of-{shards:05d}.safetensors").write_bytes(data)
    (folder / "config.json").write_text('{"architectures": ["Bench"]}')
    return folder


def warm(folder: Path) -> None:
    for path in folder.iterdir():
        with path.open("rb") as handle:
            while handle.read(16 * 1024 * 1024):
                pass


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--encrypt-mb", type=int, default=256)
    args = parser.parse_args()

    import model_signing

    from hauberk.supplychain import (
        HashSettings,
        decrypt_file,
        encrypt_file,
        generate_signing_keypair,
        sign_model,
        verify_model,
    )

    with tempfile.TemporaryDirectory(prefix="hauberk-bench-sign-") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        folder = make_folder(root, args.size_mb, args.shards)
        print(
            f"# {args.size_mb} MB in {args.shards} shards + config.json, made in "
            f"{time.perf_counter() - t0:.1f} s; {os.cpu_count()} CPUs; model_signing "
            f"{model_signing.__version__}; python {sys.version.split()[0]}",
            flush=True,
        )
        key, pub = root / "k.key", root / "k.pub"
        generate_signing_keypair(key, pub)
        warm(folder)

        def ms_sign(config: model_signing.hashing.Config, sig: Path) -> Callable[[], object]:
            return lambda: (
                model_signing.signing.Config()
                .use_elliptic_key_signer(private_key=key)
                .set_hashing_config(config)
                .sign(folder, sig)
            )

        shard = 256 * 1024 * 1024
        cases: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
            (
                "sign, files, sha256 (default)",
                lambda: sign_model(folder, private_key=key, signature=root / "h1.sig"),
                ms_sign(model_signing.hashing.Config(), root / "m1.sig"),
            ),
            (
                f"sign, shards of {shard >> 20} MiB, sha256",
                lambda: sign_model(
                    folder,
                    private_key=key,
                    signature=root / "h2.sig",
                    settings=HashSettings(method="shards", shard_size=shard),
                ),
                ms_sign(
                    model_signing.hashing.Config().use_shard_serialization(shard_size=shard),
                    root / "m2.sig",
                ),
            ),
            (
                "sign, files, blake3",
                lambda: sign_model(
                    folder,
                    private_key=key,
                    signature=root / "h3.sig",
                    settings=HashSettings(algorithm="blake3"),
                ),
                ms_sign(
                    model_signing.hashing.Config().use_file_serialization(
                        hashing_algorithm="blake3"
                    ),
                    root / "m3.sig",
                ),
            ),
            (
                "verify, files, sha256",
                lambda: verify_model(folder, public_key=pub, signature=root / "h1.sig"),
                lambda: (
                    model_signing.verifying.Config()
                    .use_elliptic_key_verifier(public_key=pub)
                    .set_hashing_config(model_signing.hashing.Config())
                    .verify(folder, root / "m1.sig")
                ),
            ),
        ]
        rows = []
        for _name, ours, theirs in cases:  # imports and first-call costs, untimed
            ours()
            theirs()
        for name, ours, theirs in cases:
            ours_t, theirs_t = [], []
            for _ in range(args.repeats):
                ours_t.append(timed(ours))
                theirs_t.append(timed(theirs))
            rows.append((name, ours_t, theirs_t))

        print()
        print(
            f"| case ({args.size_mb} MB) | hauberk median s | hauberk best s "
            "| model_signing median s | model_signing best s | ratio (median) |"
        )
        print("|---|---:|---:|---:|---:|---:|")
        for name, ours_t, theirs_t in rows:
            mo, mt = statistics.median(ours_t), statistics.median(theirs_t)
            print(
                f"| {name} | {mo:.3f} | {min(ours_t):.3f} | {mt:.3f} | {min(theirs_t):.3f} "
                f"| {mo / mt:.2f} |"
            )

        plain = root / "plain.bin"
        plain.write_bytes(
            np.random.default_rng(1).integers(0, 256, args.encrypt_mb << 20, np.uint8)
        )
        aes = os.urandom(32)
        enc, dec = root / "plain.enc", root / "plain.out"
        enc_t, dec_t = [], []
        for _ in range(args.repeats):
            enc_t.append(timed(lambda: encrypt_file(plain, enc, aes, force=True)))
            dec_t.append(timed(lambda: decrypt_file(enc, dec, aes, force=True)))
        assert dec.read_bytes() == plain.read_bytes()
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        blob = plain.read_bytes()
        one_shot = min(
            timed(lambda: AESGCM(aes).encrypt(os.urandom(12), blob, None))
            for _ in range(args.repeats)
        )
        mb = args.encrypt_mb
        print()
        print(f"| encryption ({mb} MB file, 1 MiB chunks) | best s | MB/s |")
        print("|---|---:|---:|")
        print(
            f"| hauberk encrypt (file to file, fsync) | {min(enc_t):.3f} | {mb / min(enc_t):.0f} |"
        )
        print(
            f"| hauberk decrypt (file to file, fsync) | {min(dec_t):.3f} | {mb / min(dec_t):.0f} |"
        )
        print(f"| cryptography AESGCM one-shot in memory | {one_shot:.3f} | {mb / one_shot:.0f} |")
    return 0


if __name__ == "__main__":
    from _record import recorded

    with recorded("sign"):
        raise SystemExit(main())
