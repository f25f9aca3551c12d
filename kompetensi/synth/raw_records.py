"""Raw forms of kinerja, disiplin and asesmen (headers, value forms, planted faults)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kompetensi.synth import faults as F
from kompetensi.synth.assessment import KELOMPOK_LABEL, KOMPETENSI
from kompetensi.synth.export import RawFile
from kompetensi.synth.formats import format_dates
from kompetensi.synth.performance import Performance
from kompetensi.synth.population import Population


def _obj(values) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=object), dtype=object)


_PREDIKAT_VARIANTS = {
    "Sangat Baik": ("SANGAT BAIK", "Sangat baik"),
    "Baik": ("BAIK", "baik"),
    "Butuh Perbaikan": ("BUTUH PERBAIKAN", "Butuh perbaikan"),
    "Kurang/Misconduct": ("Kurang / Misconduct", "KURANG/MISCONDUCT", "Kurang"),
    "Sangat Kurang": ("SANGAT KURANG", "Sangat kurang"),
}
KINERJA_HEADER = {
    2023: ("No", "NIP", "Nama", "Tahun", "Predikat"),
    2024: ("No", "NIP", "Nama Pegawai", "Periode", "Predikat Kinerja"),
    2025: ("No", "NIP", "Nama", "Tahun Penilaian", "Predikat SKP"),
}


def kinerja(
    pop: Population, perf: Performance, year: int, rng: np.random.Generator, ledger: F.Ledger
) -> RawFile:
    """SKP predikat of ``year`` (the 2023 file also carries 2022)."""
    path = f"{year}/kinerja.xlsx"
    years = (2022, 2023) if year == 2023 else (year,)
    k = perf.rated[perf.rated["tahun"].isin(years)].copy()
    k["nip"] = pop.people.loc[k["pid"], "nip"].to_numpy()
    k = k.sort_values(["tahun", "nip"], kind="stable").reset_index(drop=True)
    n = len(k)
    cols = KINERJA_HEADER[year]
    df = pd.DataFrame(
        {
            c: _obj(v)
            for c, v in zip(
                cols,
                (
                    np.arange(1, n + 1),
                    k["nip"],
                    pop.people.loc[k["pid"], "nama"],
                    k["tahun"],
                    k["predikat"],
                ),
                strict=True,
            )
        }
    )
    df = df.rename(columns={cols[1]: "NIP"})
    df["_nip"] = _obj(k["nip"])
    pred = k["predikat"].to_numpy(dtype=object)
    sel = F.pick(rng, np.ones(n, dtype=bool), int(0.15 * n), np.zeros(n, dtype=bool))
    u = rng.random(len(sel))
    pv = [
        _PREDIKAT_VARIANTS[x][
            min(int(v * len(_PREDIKAT_VARIANTS[x])), len(_PREDIKAT_VARIANTS[x]) - 1)
        ]
        for x, v in zip(pred[sel], u, strict=True)
    ]
    df = F.set_values(
        df, cols[4], sel, np.asarray(pv, dtype=object), ledger, path, "predikat_varian"
    )
    used = np.zeros(n, dtype=bool)
    used[sel] = True
    never = k["cohort"].isna().to_numpy()
    if year == 2023:
        cukup = F.pick(rng, never & (k["tahun"].to_numpy() == 2022), 4, used)
        df = F.set_values(df, cols[4], cukup, "Cukup", ledger, path, "predikat_tidak_dikenal")
    df = F.nip_faults(
        df,
        rng,
        ledger,
        path,
        spasi=3,
        apostrof=3,
        float_n=2,
        xlsx=True,
        used=used,
        float_eligible=never,
    )
    df = F.duplicate_rows(df, rng, ledger, path, 3).rename(columns={"NIP": cols[1]})
    meta = {"nip": df.pop("_nip").to_numpy()}
    titles = (
        "REKAPITULASI PREDIKAT KINERJA PEGAWAI",
        "PEMERINTAH KOTA PANGKALPINANG",
        f"Tahun {years[0]}" + (f"-{years[-1]}" if len(years) > 1 else ""),
        "",
    )
    return RawFile(
        path,
        df,
        titles=titles,
        note="xlsx, 4 title rows" + ("; holds 2022 and 2023" if year == 2023 else ""),
        meta=meta,
    )


def disiplin(
    pop: Population, sanctions: pd.DataFrame, year: int, rng: np.random.Generator, ledger: F.Ledger
) -> RawFile:
    """Disciplinary sanctions of ``year`` (UTF-8 csv, comma)."""
    path = f"{year}/disiplin.csv"
    s = sanctions[sanctions["tahun"] == year].copy()
    s["nip"] = pop.people.loc[s["pid"], "nip"].to_numpy()
    s = s.sort_values(["tanggal", "nip"], kind="stable").reset_index(drop=True)
    n = len(s)
    long = rng.random(n) < 0.4
    tingkat = np.where(
        long,
        "Hukuman Disiplin " + s["tingkat"].to_numpy(dtype=object),
        s["tingkat"].to_numpy(dtype=object),
    )
    style = {2023: "dmy", 2024: "iso", 2025: "panjang"}[year]
    df = pd.DataFrame(
        {
            "NIP": _obj(s["nip"]),
            "Nama": _obj(pop.people.loc[s["pid"], "nama"]),
            "Jenis Hukuman": _obj(s["jenis"]),
            "Tingkat Hukuman": _obj(tingkat),
            "TMT Hukuman": _obj(format_dates(s["tanggal"].to_numpy(), style)),
        }
    )
    df["_nip"], df["_tanggal"] = _obj(s["nip"]), _obj(s["tanggal"])
    df["_tingkat"] = _obj(s["tingkat"])
    if style == "panjang":
        ledger.add(path, "tanggal_bulan_indonesia", n)
    used = np.zeros(n, dtype=bool)
    df = F.nip_faults(
        df,
        rng,
        ledger,
        path,
        spasi=1 if year == 2025 else 0,
        apostrof=0,
        float_n=0,
        xlsx=False,
        used=used,
    )
    if year == 2024:
        df = F.duplicate_rows(df, rng, ledger, path, 1)
    meta = {k: df.pop(f"_{k}").to_numpy() for k in ("nip", "tanggal", "tingkat")}
    return RawFile(
        path, df, meta=meta, note=f"csv UTF-8, ','; dates {style}; dismissed ASN are not on the roster"
    )


ASESMEN_HEADER = {
    2023: (
        "NIP",
        "Nama",
        "Kompetensi",
        "Kelompok Kompetensi",
        "Level Standar",
        "Level Capaian",
        "Potensi",
    ),
    2024: (
        "NIP",
        "Nama",
        "Kompetensi",
        "Kelompok Kompetensi",
        "Level Standar",
        "Level Capaian",
        "Potensi",
    ),
    2025: (
        "NIP",
        "Nama Peserta",
        "Nama Kompetensi",
        "Jenis Kompetensi",
        "Level yang Dipersyaratkan",
        "Level Hasil Asesmen",
        "Kategori Potensi",
    ),
}


def asesmen(
    pop: Population, long: pd.DataFrame, year: int, rng: np.random.Generator, ledger: F.Ledger
) -> RawFile:
    """Competency assessments of ``year`` in long form."""
    path = f"{year}/asesmen.xlsx"
    a = long[long["tahun"] == year].copy()
    a["nip"] = pop.people.loc[a["pid"], "nip"].to_numpy()
    a["k_rank"] = a["kompetensi"].map({k: i for i, (k, _) in enumerate(KOMPETENSI)})
    a = a.sort_values(["nip", "k_rank"], kind="stable").reset_index(drop=True)
    n = len(a)
    cols = ASESMEN_HEADER[year]
    df = pd.DataFrame(
        {
            c: _obj(v)
            for c, v in zip(
                cols,
                (
                    a["nip"],
                    pop.people.loc[a["pid"], "nama"],
                    a["kompetensi"],
                    a["kelompok"].map(KELOMPOK_LABEL),
                    a["level_standar"],
                    a["level_capaian"],
                    a["potensi"],
                ),
                strict=True,
            )
        }
    )
    used = np.zeros(n, dtype=bool)
    sel = F.pick(rng, np.ones(n, dtype=bool), 4, used)
    df = F.set_values(
        df,
        cols[5],
        sel,
        np.asarray([0, 7, 0, 7], dtype=object)[: len(sel)],
        ledger,
        path,
        "skor_di_luar_rentang",
    )
    # one person's NIP typed with an apostrophe on all of their rows
    person = a["nip"].to_numpy()[rng.integers(0, n)]
    rows = np.flatnonzero((a["nip"].to_numpy() == person) & ~used)
    used[rows] = True
    df = F.set_values(
        df,
        cols[0],
        rows,
        np.asarray(["'" + person] * len(rows), dtype=object),
        ledger,
        path,
        "nip_apostrof",
    )
    df = df.rename(columns={cols[0]: "NIP"})
    df = F.nip_faults(
        df,
        rng,
        ledger,
        path,
        spasi=3,
        apostrof=0,
        float_n=1 if year == 2024 else 0,
        xlsx=True,
        used=used,
    )
    df = F.duplicate_rows(df, rng, ledger, path, 4).rename(columns={"NIP": cols[0]})
    titles = (
        "HASIL ASESMEN KOMPETENSI MANAJERIAL, SOSIAL KULTURAL DAN TEKNIS",
        f"Tahun {year}",
        "",
    )
    return RawFile(
        path, df, titles=titles, note="xlsx, 3 title rows; long (one row per ASN and competency)"
    )
