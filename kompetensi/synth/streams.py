"""Seeds of the synthetic generators: one independent random stream per named table."""

from __future__ import annotations

import zlib

import numpy as np

DEFAULT_SEED = 20251128


def stream(seed: int, name: str) -> np.random.Generator:
    """Independent random stream ``name`` derived from ``seed`` (a SeedSequence child).

    >>> bool((stream(1, "pegawai").random(2) == stream(1, "pegawai").random(2)).all())
    True
    """
    return np.random.default_rng(
        np.random.SeedSequence(seed, spawn_key=(zlib.crc32(name.encode("utf-8")),))
    )
