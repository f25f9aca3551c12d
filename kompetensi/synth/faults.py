"""Planted faults: every one is counted in a ledger that feeds the README and kebenaran.json."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kompetensi.synth.formats import nip_float_text, nip_spaced

FAULT_TEXT = {
    "nip_spasi": "NIP written in groups 8-6-1-3 separated by spaces",
    "nip_apostrof": "NIP with a leading apostrophe (text marker of Excel)",
    "nip_float_xlsx": "NIP stored as a number in the xlsx cell (1.98503122010011E+17: digits lost)",
    "nip_float_csv": 'NIP in Excel float text ("1,98503E+17" or "1.98503E+17": digits lost)',
    "baris_duplikat": "exactly duplicated row",
    "opd_singkatan": 'OPD written as an abbreviation ("DINKES", "Diskominfo", "Kec. Tamansari")',
    "opd_huruf_kecil": "OPD written in lower case",
    "opd_salah_ketik": 'OPD misspelt ("Dinas Kesehtan"): needs fuzzy matching',
    "golongan_varian": (
        'golongan written another way ("III-a", "3a", "III A", "Penata Muda - III/a", "Gol. IX")'
    ),
    "pendidikan_varian": (
        'education written another way ("S-1", "SLTA", "D-III", "Sarjana", "Magister")'
    ),
    "tanggal_serial_excel": "date as an Excel serial number",
    "tanggal_bulan_indonesia": (
        'date with an Indonesian month name ("3 Maret 2025", "12 Agt 2024", "5 Nopember 2023", '
        '"17-Des-2024")'
    ),
    "tanggal_dmy": "date as dd/mm/yyyy",
    "tidak_di_roster": "NIP not on that cycle's roster (pegawai)",
    "skor_di_luar_rentang": "score out of range (tes < 0 or > 100; asesmen level 0 or 7)",
    "likert_tidak_dikenal": 'answer that is not a Likert word ("Tidak tahu")',
    "predikat_tidak_dikenal": 'unknown predikat of an older regime ("Cukup")',
    "predikat_varian": (
        'predikat in another case or spelling ("BAIK", "Sangat baik", "Kurang / Misconduct")'
    ),
    "penilaian_kosong": "pairwise judgment left empty",
    "nama_non_ascii": "name with cp1252 characters (é, ñ)",
    "skm_jawaban_kosong": "SKM answer left blank by a respondent who answered other elements",
    "skm_jawaban_kosong_semua": "SKM respondent with all nine answers blank",
    "skm_nama_unit_varian": (
        'service unit written another way ("UPTD Puskesmas Gabek", "PKM Gabek", "Kel. Bacang", '
        '"Kantor Kecamatan Gabek", "Disdukcapil", "RSUD")'
    ),
    "skm_jawaban_teks": "SKM answer 1-4 typed as digit text in a numeric xlsx column",
    "skm_data_pribadi": "SKM respondent who left a name, phone number or e-mail (personal data)",
    "skm_rekap_tanpa_responden": "SKM recap row of a unit whose respondents' answers are not kept",
}


@dataclass
class Ledger:
    """Counts of planted faults by file and kind."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    lost_roster_nips: dict[int, list[str]] = field(default_factory=dict)

    def add(self, file: str, kind: str, n: int) -> None:
        """Add ``n`` faults of ``kind`` in ``file`` (relative path)."""
        if kind not in FAULT_TEXT:
            raise KeyError(kind)
        if n:
            per_file = self.counts.setdefault(file, {})
            per_file[kind] = per_file.get(kind, 0) + int(n)

    def as_dict(self) -> dict[str, dict[str, int]]:
        """Sorted copy."""
        return {f: dict(sorted(k.items())) for f, k in sorted(self.counts.items())}


def pick(rng: np.random.Generator, eligible: np.ndarray, n: int, used: np.ndarray) -> np.ndarray:
    """Choose ``n`` row positions among ``eligible`` ones not yet ``used``; marks them used."""
    pool = np.flatnonzero(np.asarray(eligible, dtype=bool) & ~used)
    chosen = np.sort(rng.choice(pool, size=min(n, len(pool)), replace=False))
    used[chosen] = True
    return chosen


def nip_faults(
    df: pd.DataFrame,
    rng: np.random.Generator,
    ledger: Ledger,
    file: str,
    *,
    spasi: int,
    apostrof: int,
    float_n: int,
    xlsx: bool,
    used: np.ndarray,
    float_eligible: np.ndarray | None = None,
) -> pd.DataFrame:
    """Plant NIP faults in column ``NIP`` (object dtype; xlsx floats stay Python floats)."""
    out = df.copy()
    nip = out["NIP"].to_numpy(dtype=object).copy()
    every = np.ones(len(out), dtype=bool)
    rows = pick(rng, every, spasi, used)
    nip[rows] = nip_spaced(nip[rows])
    ledger.add(file, "nip_spasi", len(rows))
    rows = pick(rng, every, apostrof, used)
    nip[rows] = np.asarray(["'" + x for x in nip[rows]], dtype=object)
    ledger.add(file, "nip_apostrof", len(rows))
    rows = pick(rng, every if float_eligible is None else float_eligible, float_n, used)
    if xlsx:
        nip[rows] = np.asarray([float(x) for x in nip[rows]], dtype=object)
        ledger.add(file, "nip_float_xlsx", len(rows))
    else:
        dec = np.where(rng.random(len(rows)) < 0.65, ",", ".")
        nip[rows] = np.asarray(
            [nip_float_text([x], d)[0] for x, d in zip(nip[rows], dec, strict=True)], dtype=object
        )
        ledger.add(file, "nip_float_csv", len(rows))
    out["NIP"] = pd.Series(nip, index=out.index, dtype=object)
    return out


def duplicate_rows(
    df: pd.DataFrame, rng: np.random.Generator, ledger: Ledger, file: str, n: int
) -> pd.DataFrame:
    """Repeat ``n`` random rows right below themselves (a double paste or double submission)."""
    rows = np.sort(rng.choice(len(df), size=n, replace=False))
    order = np.concatenate([np.arange(len(df)), rows])
    key = np.concatenate([np.arange(len(df)) * 2, rows * 2 + 1])
    ledger.add(file, "baris_duplikat", n)
    return df.iloc[order[np.argsort(key, kind="stable")]].reset_index(drop=True)


def set_values(
    df: pd.DataFrame, column: str, rows: np.ndarray, values, ledger: Ledger, file: str, kind: str
) -> pd.DataFrame:
    """Overwrite cells and count them as faults of ``kind``."""
    out = df.copy()
    col = out[column].to_numpy(dtype=object).copy()
    col[rows] = values
    out[column] = pd.Series(col, index=out.index, dtype=object)
    ledger.add(file, kind, len(rows))
    return out


OPD_MISSPELT = {
    "Dinas Kesehatan": "Dinas Kesehtan",
    "Dinas Pendidikan dan Kebudayaan": "Dinas Pendidikan dan Kebudayan",
    "Dinas Perhubungan": "Dinas Perhubugan",
    "Badan Pengelolaan Keuangan dan Aset Daerah": "Badan Pengelolaan Keuangan dan Aset Dearah",
    "Kecamatan Gerunggang": "Kecamatan Gerungang",
    "Sekretariat Daerah": "Sekretariat Daera",
    "Rumah Sakit Umum Daerah Depati Hamzah": "Rumah Sakit Umum Daerah Depati Hamzh",
}
OPD_ABBR_EXTRA = {  # alias-style abbreviations as typed by hand
    "Dinas Komunikasi dan Informatika": "Diskominfo",
    "Kecamatan Taman Sari": "Kec. Tamansari",
    "Dinas Pekerjaan Umum dan Penataan Ruang": "Dinas PUPR",
    "Rumah Sakit Umum Daerah Depati Hamzah": "RSUD Depati Hamzah",
    "Sekretariat Daerah": "Setda",
    "Kecamatan Bukit Intan": "Kec. Bukit Intan",
}
PENDIDIKAN_VARIAN = {
    "SD": ("SEKOLAH DASAR",),
    "SMP": ("SLTP",),
    "SMA": ("SLTA", "SMK", "SMU"),
    "D1": ("D-I",),
    "D2": ("D-II",),
    "D3": ("D-III", "Diploma III", "D III"),
    "S1": ("S-1", "Sarjana", "Strata 1"),
    "D4": ("D-IV", "Sarjana Terapan"),
    "S2": ("S-2", "Magister", "Strata 2"),
    "S3": ("S-3", "Doktor"),
}


def golongan_variant(gol: str, pangkat: str, u: float, with_pangkat: bool = True) -> str:
    """Another way to write a golongan ("III/a" -> "III-a", "3a", "III A", "Penata Muda - III/a").

    ``with_pangkat`` False leaves out the "Penata Muda - III/a" form (a file's own form).
    """
    if "/" not in gol:  # PPPK roman
        return f"Gol. {gol}" if u < 0.6 else f"Golongan {gol}"
    roman, ruang = gol.split("/")
    arabic = {"I": "1", "II": "2", "III": "3", "IV": "4"}[roman]
    options = (f"{roman}-{ruang}", f"{arabic}{ruang}", f"{roman} {ruang.upper()}", gol.lower())
    if with_pangkat:
        options = options + (f"{pangkat} - {gol}",)
    return options[min(int(u * len(options)), len(options) - 1)]


def knock_on(files: list, lost: dict[int, list[str]]) -> dict[str, int]:
    """Rows of other tables whose ASN lost the NIP in that cycle's roster (float fault).

    Such rows are correct in their own file but find no roster row: cleaning reports them as
    not on the roster. ``files`` are ``RawFile`` objects.
    """
    out = {}
    for raw in files:
        year = int(raw.path[:4]) if raw.path[:4].isdigit() else None
        if year not in lost or raw.path.endswith("pegawai.xlsx"):
            continue
        cols = [c for c in raw.frame.columns if str(c).upper().startswith("NIP")]
        if not cols:
            continue
        text = raw.frame[cols[0]].map(lambda v: v if isinstance(v, str) else "")
        clean = text.str.replace(" ", "", regex=False).str.lstrip("'")
        n = int(clean.isin(lost[year]).sum())
        if n:
            out[raw.path] = n
    return out
