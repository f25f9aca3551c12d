"""Disciplinary sanctions (hukuman disiplin), about 1 % of ASN a year, more often for ASN of
low latent ability; one dismissal per cycle among the persons who left for other reasons."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit

from kompetensi.synth.population import CYCLES, Population

RATE = 0.01
LOGIT_ABILITY = -0.8
TINGKAT_SHARE = {"Ringan": 0.6, "Sedang": 0.3, "Berat": 0.1}
JENIS = {
    "Ringan": ("Teguran lisan", "Teguran tertulis", "Pernyataan tidak puas secara tertulis"),
    "Sedang": (
        "Pemotongan tunjangan kinerja 25% selama 6 bulan",
        "Pemotongan tunjangan kinerja 25% selama 9 bulan",
        "Penundaan kenaikan pangkat selama 1 tahun",
        "Penundaan kenaikan gaji berkala selama 1 tahun",
    ),
    "Berat": (
        "Penurunan jabatan setingkat lebih rendah selama 12 bulan",
        "Pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 bulan",
        "Penurunan pangkat setingkat lebih rendah selama 1 tahun",
    ),
}
DISMISSAL = "Pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS"


def build(pop: Population, rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """Draw sanctions of each cycle: ``pid``, ``tahun``, ``tingkat``, ``jenis``, ``tanggal``."""
    frames = []
    for year in CYCLES:
        r = pop.rosters[year]
        z = pop.people.loc[r.index, "ability"].to_numpy()
        lo, hi = -15.0, 5.0
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if expit(mid + LOGIT_ABILITY * z).mean() < RATE else (lo, mid)
        hired_now = pop.people.loc[r.index, "tmt"].dt.year.to_numpy() == year
        hit = (rng.random(len(r)) < expit(lo + LOGIT_ABILITY * z)) & ~hired_now
        n = int(hit.sum())
        levels = np.asarray(list(TINGKAT_SHARE), dtype=object)
        tingkat = levels[rng.choice(3, size=n, p=np.asarray(list(TINGKAT_SHARE.values())))]
        u = rng.random(n)
        jenis = np.empty(n, dtype=object)
        for t, options in JENIS.items():
            m = tingkat == t
            jenis[m] = np.asarray(options, dtype=object)[(u[m] * len(options)).astype(int)]
        day = rng.integers(0, 350, n)
        frames.append(
            pd.DataFrame(
                {
                    "pid": r.index[hit],
                    "tahun": year,
                    "tingkat": tingkat,
                    "jenis": jenis,
                    "tanggal": np.datetime64(f"{year}-01-05") + day.astype("timedelta64[D]"),
                }
            )
        )
        gone = pop.exits[(pop.exits["tahun"] == year) & (pop.exits["alasan"] == "lain")]
        gone = gone[pop.people.loc[gone["pid"], "status"].to_numpy() == "PNS"]
        if len(gone):
            pid = gone["pid"].to_numpy()[rng.integers(0, len(gone))]
            frames.append(
                pd.DataFrame(
                    {
                        "pid": [pid],
                        "tahun": [year],
                        "tingkat": ["Berat"],
                        "jenis": [DISMISSAL],
                        "tanggal": [
                            np.datetime64(f"{year}-01-05")
                            + np.timedelta64(int(rng.integers(0, 150)), "D")
                        ],
                    }
                )
            )
    out = pd.concat(frames, ignore_index=True)
    counts = out.groupby(["tahun", "tingkat"]).size()
    truths = {
        "model": (
            "P(sanction) = expit(a_year - 0.8*ability_z), a_year set so that the mean is 1 %; "
            "tingkat Ringan 60 %, Sedang 30 %, Berat 10 %; plus one dismissal per cycle among "
            "other exits (that NIP is not on the roster of the cycle)"
        ),
        "sanctions": {f"{y}_{t}": int(v) for (y, t), v in counts.items()},
        "dismissals_not_on_roster": int((out["jenis"] == DISMISSAL).sum()),
    }
    return out, truths
