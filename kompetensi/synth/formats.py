"""How raw exports write dates, golongan, education and NIPs (vectorized formatters)."""

from __future__ import annotations

import numpy as np
import pandas as pd

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
BULAN_LAMA = (  # old spellings still seen in exports
    "Januari",
    "Pebruari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "Nopember",
    "Desember",
)
BULAN_SINGKAT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des")
BULAN_SINGKAT_ALT = (
    "Jan",
    "Peb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Agu",
    "Sept",
    "Okt",
    "Nop",
    "Des",
)

PNS_GOLONGAN = (
    "I/a",
    "I/b",
    "I/c",
    "I/d",
    "II/a",
    "II/b",
    "II/c",
    "II/d",
    "III/a",
    "III/b",
    "III/c",
    "III/d",
    "IV/a",
    "IV/b",
    "IV/c",
    "IV/d",
    "IV/e",
)
PANGKAT = (
    "Juru Muda",
    "Juru Muda Tingkat I",
    "Juru",
    "Juru Tingkat I",
    "Pengatur Muda",
    "Pengatur Muda Tingkat I",
    "Pengatur",
    "Pengatur Tingkat I",
    "Penata Muda",
    "Penata Muda Tingkat I",
    "Penata",
    "Penata Tingkat I",
    "Pembina",
    "Pembina Tingkat I",
    "Pembina Utama Muda",
    "Pembina Utama Madya",
    "Pembina Utama",
)
ROMAN = (
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
)
PENDIDIKAN_ORDER = ("SD", "SMP", "SMA", "D1", "D2", "D3", "S1", "D4", "S2", "S3")

EXCEL_EPOCH = np.datetime64("1899-12-30")


def _parts(dates: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    idx = pd.DatetimeIndex(np.asarray(dates, dtype="datetime64[D]"))
    return (
        idx.day.to_numpy().astype(np.int64),
        idx.month.to_numpy().astype(np.int64),
        idx.year.to_numpy().astype(np.int64),
    )


def _s(values: np.ndarray, width: int = 0) -> np.ndarray:
    out = values.astype(str)
    if width:
        out = np.char.zfill(out, width)
    return out.astype(object)


def format_dates(dates: np.ndarray, style: str | np.ndarray) -> np.ndarray:
    """Write dates the way Indonesian exports do.

    Parameters
    ----------
    dates : numpy.ndarray of datetime64[D]
        Dates to write.
    style : str or numpy.ndarray of str
        One style for all or one per date: "panjang" ("3 Maret 2025"), "lama"
        ("05 Nopember 2023"), "singkat" ("12 Agt 2024"), "singkat_alt" ("12 Agu 2024"),
        "strip" ("17-Des-2024"), "dmy" ("03/03/2025"), "dmy_strip" ("03-03-2025"),
        "iso" ("2025-03-03"), "serial" (Excel serial number as text, "45720").

    Returns
    -------
    numpy.ndarray of str
    """
    d, m, y = _parts(dates)
    styles = np.broadcast_to(np.asarray(style, dtype=object), d.shape)
    month_i = m - 1
    serial = (np.asarray(dates, dtype="datetime64[D]") - EXCEL_EPOCH).astype(np.int64)
    table = {
        "panjang": _s(d) + " " + np.asarray(BULAN, dtype=object)[month_i] + " " + _s(y),
        "lama": _s(d, 2) + " " + np.asarray(BULAN_LAMA, dtype=object)[month_i] + " " + _s(y),
        "singkat": _s(d) + " " + np.asarray(BULAN_SINGKAT, dtype=object)[month_i] + " " + _s(y),
        "singkat_alt": _s(d)
        + " "
        + np.asarray(BULAN_SINGKAT_ALT, dtype=object)[month_i]
        + " "
        + _s(y),
        "strip": _s(d, 2) + "-" + np.asarray(BULAN_SINGKAT, dtype=object)[month_i] + "-" + _s(y),
        "dmy": _s(d, 2) + "/" + _s(m, 2) + "/" + _s(y),
        "dmy_strip": _s(d, 2) + "-" + _s(m, 2) + "-" + _s(y),
        "iso": _s(y) + "-" + _s(m, 2) + "-" + _s(d, 2),
        "serial": _s(serial),
    }
    out = np.empty(d.shape, dtype=object)
    for name, values in table.items():
        mask = styles == name
        out[mask] = values[mask]
    if any(v is None for v in out):
        raise ValueError(f"unknown date style in {set(styles) - set(table)}")
    return out


def excel_serial(dates: np.ndarray) -> np.ndarray:
    """Excel serial day numbers (1900 system) of the dates."""
    return (np.asarray(dates, dtype="datetime64[D]") - EXCEL_EPOCH).astype(np.int64)


def nip_string(
    birth: np.ndarray, tmt: np.ndarray, female: np.ndarray, serial: np.ndarray
) -> np.ndarray:
    """Build 18-digit NIPs: birth YYYYMMDD + TMT YYYYMM + sex digit + 3-digit serial."""
    bd, bm, by = _parts(birth)
    _, tm, ty = _parts(tmt)
    sex = np.where(female, "2", "1").astype(object)
    return _s(by) + _s(bm, 2) + _s(bd, 2) + _s(ty) + _s(tm, 2) + sex + _s(np.asarray(serial), 3)


def nip_spaced(nip: np.ndarray) -> np.ndarray:
    """Write NIPs in groups 8-6-1-3 separated by spaces (few values: faults only)."""
    return np.asarray([f"{x[:8]} {x[8:14]} {x[14]} {x[15:]}" for x in nip], dtype=object)


def nip_float_text(nip: np.ndarray, decimal: str) -> np.ndarray:
    """Excel's general format of a NIP turned number, e.g. "1,98503E+17" (digits lost)."""
    return np.asarray([f"{float(x):.5E}".replace(".", decimal) for x in nip], dtype=object)
