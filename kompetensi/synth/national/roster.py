"""Text of the national roster (pegawai.csv) and the NIP column shared by every file.

Each column is an index into a small dictionary of pre-formatted values holding the variants
seen in exports (golongan "Penata Muda - III/a" / "III/a" / "3a", "S-1" / "Strata 1", agency
names in capitals, as abbreviations, with extra spaces or misspelt, dates with Indonesian month
names, ISO or dd/mm/yyyy).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kompetensi.synth.faults import PENDIDIKAN_VARIAN
from kompetensi.synth.formats import PANGKAT, PNS_GOLONGAN, ROMAN, format_dates, nip_float_text
from kompetensi.synth.national import people as P
from kompetensi.synth.national import text as T
from kompetensi.synth.national.opd import Agencies

PEGAWAI_HEADER = ("No", "NIP Baru", "Nama", "Status ASN", "Jenis Kelamin", "Tanggal Lahir",
                  "TMT CPNS", "Pangkat/Gol", "Jenis Jabatan", "Nama Jabatan", "Jenjang",
                  "Instansi", "Pendidikan")
# Shares of planted variants and faults (per row)
NIP_FAULTS = {"spasi": 0.003, "apostrof": 0.002, "float": 0.0002}
NIP_FAULT_KINDS = ("spasi", "apostrof", "float")
DATE_STYLES = {"panjang": 0.70, "iso": 0.15, "dmy": 0.15}  # "22 Maret 1972", ISO, dd/mm/yyyy
INSTANSI = {"kanonik": 0.9345, "kapital": 0.025, "singkatan": 0.025, "spasi": 0.015,
            "salah_ketik": 0.0005}
GOL_PNS_FORMS = (0.80, 0.10, 0.03, 0.03, 0.02, 0.02)  # "Pangkat - III/a", "III/a", "3a", ...
GOL_PPPK_FORMS = (0.85, 0.10, 0.05)  # "IX", "Gol. IX", "Golongan IX"
JENIS_FORMS = (0.88, 0.08, 0.04)  # "Fungsional", "Jabatan Fungsional", "JFT"
JENIS_TEXT = (("JPT", "Jabatan Pimpinan Tinggi", "JPT"),
              ("Administrator", "Jabatan Administrator", "Eselon III"),
              ("Pengawas", "Jabatan Pengawas", "Eselon IV"),
              ("Fungsional", "Jabatan Fungsional", "JFT"),
              ("Pelaksana", "Jabatan Pelaksana", "JFU"))
PENDIDIKAN_VARIANT_SHARE = 0.08
P3K_SHARE = 0.15
JK_LONG_SHARE = 0.04
FIRST_DAY = np.datetime64("1950-01-01")


def pick(u: np.ndarray, p) -> np.ndarray:
    """Category of each uniform draw for probabilities ``p``."""
    cdf = np.cumsum(np.asarray(p, dtype=float))
    return np.minimum(np.searchsorted(cdf / cdf[-1], u, side="right"), len(cdf) - 1)


def _golongan_texts() -> list[str]:
    out = []
    for gol, pangkat in zip(PNS_GOLONGAN, PANGKAT, strict=True):
        roman, ruang = gol.split("/")
        arabic = {"I": "1", "II": "2", "III": "3", "IV": "4"}[roman]
        out += [f"{pangkat} - {gol}", gol, f"{arabic}{ruang}", f"{roman}-{ruang}", gol.lower(),
                f"{roman} {ruang.upper()}"]
    for roman in ROMAN:
        out += [roman, f"Gol. {roman}", f"Golongan {roman}"]
    return out


def _pendidikan_texts() -> tuple[list[str], np.ndarray, np.ndarray]:
    texts, start, count = [], [], []
    for code in P.PENDIDIKAN:
        start.append(len(texts))
        count.append(len(PENDIDIKAN_VARIAN[code]))
        texts += [code, *PENDIDIKAN_VARIAN[code]]
    return texts, np.asarray(start), np.asarray(count)


class RosterText:
    """Dictionaries of the roster's cells for one dataset (built once)."""

    def __init__(self, agencies: Agencies, siklus: int):
        last_day = np.datetime64(f"{siklus}-12-31")
        days = np.arange(FIRST_DAY, last_day + 1)
        self.day0 = (FIRST_DAY - P.EPOCH).astype(np.int64)
        self.n_days = len(days)
        self.dates = T.dictionary(
            [t for style in DATE_STYLES for t in format_dates(days, style)], sep=";")
        self.golongan = T.dictionary(_golongan_texts(), sep=";")
        self.jenis = T.dictionary([t for forms in JENIS_TEXT for t in forms], sep=";")
        self.jabatan = T.dictionary(P.JABATAN, sep=";")
        self.jenjang = T.dictionary(P.JENJANG, sep=";")
        self.status = T.dictionary(("PNS", "CPNS", "PPPK", "P3K"))
        self.jk = T.dictionary(("L", "P", "Laki-laki", "Perempuan"))
        texts, self.pend_start, self.pend_count = _pendidikan_texts()
        self.pendidikan = T.dictionary(texts, sep=";")
        variants = []
        for name, abbr, wrong in zip(agencies.names, agencies.abbreviations, agencies.misspelt,
                                     strict=True):
            variants += [name, name.upper(), abbr, " " + name.replace(" ", "  ", 1) + " ", wrong]
        self.instansi = T.dictionary(variants, sep=";")

    def date_cells(self, day: np.ndarray, style: np.ndarray) -> pa.Array:
        """Dates (days since 1970-01-01) in the given styles (indices of DATE_STYLES)."""
        return T.take(self.dates, style * self.n_days + (day.astype(np.int64) - self.day0))


def nip_column(rng: np.random.Generator, nip: np.ndarray, shares: dict[str, float],
               decimal: str = ",") -> tuple[pa.Array, np.ndarray]:
    """NIPs as text with planted faults: spaces, a leading apostrophe, Excel float text.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    nip : numpy.ndarray of int64
        The correct NIPs.
    shares : dict
        Share of rows for "spasi" ("YYYYMMDD YYYYMM S NNN"), "apostrof" ("'YYYY...") and
        "float" ("1,97203E+17", digits lost); missing keys mean none.
    decimal : str
        Decimal mark of most float texts (a third use the other one).

    Returns
    -------
    (pyarrow.BinaryArray, numpy.ndarray of str)
        The column and the fault of each row ("" for none).
    """
    text = T.digits(nip)
    kinds = NIP_FAULT_KINDS
    p = [shares.get(k, 0.0) for k in kinds]
    kind = pick(rng.random(len(nip)), [*p, 1.0 - sum(p)])
    for k, name in enumerate(kinds):
        rows = np.flatnonzero(kind == k)
        if not len(rows):
            continue
        part = T.take(text, rows)
        if name == "spasi":
            pieces = [pc.binary_slice(part, lo, hi) for lo, hi in ((0, 8), (8, 14), (14, 15))]
            new = T.concat(*(x for p in pieces for x in (p, b" ")), pc.binary_slice(part, 15, 18))
        elif name == "apostrof":
            new = T.concat(b"'", part)
        else:
            other = "." if decimal == "," else ","
            marks = np.where(rng.random(len(rows)) < 2 / 3, decimal, other)
            digits = nip[rows].astype(str)
            new = pa.array([x.encode() for m in (decimal, other)
                            for x in nip_float_text(digits[marks == m], m)], pa.binary())
            order = np.concatenate([np.flatnonzero(marks == m) for m in (decimal, other)])
            new = T.take(new, np.argsort(order, kind="stable"))
        text = T.replace(text, rows, new)
    return text, np.asarray(kinds + ("",))[kind]


def fault_counts(fault: np.ndarray, shares: dict[str, float]) -> dict[str, int]:
    """Rows of each planted NIP fault ("nip_spasi", "nip_apostrof", "nip_float")."""
    return {f"nip_{k}": int((fault == k).sum()) for k in NIP_FAULT_KINDS if shares.get(k)}


def pegawai_columns(rng: np.random.Generator, chunk: P.Chunk, text: RosterText
                    ) -> tuple[list[pa.Array], dict[str, int]]:
    """The roster cells of one chunk, and the number of rows of each planted variant/fault."""
    n = chunk.n
    u = rng.random((8, n))
    nip, fault = nip_column(rng, chunk.nip, NIP_FAULTS)
    counts = fault_counts(fault, NIP_FAULTS)
    status = np.where(chunk.pppk, 2 + (u[0] < P3K_SHARE), chunk.new_hire.astype(np.int64))
    jk = chunk.female + 2 * (u[1] < JK_LONG_SHARE)
    style = pick(u[2], list(DATE_STYLES.values()))
    tmt_day = chunk.tmt.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    gol = np.where(chunk.pppk, 17 * 6 + chunk.golongan * 3 + pick(u[3], GOL_PPPK_FORMS),
                   chunk.golongan * 6 + pick(u[3], GOL_PNS_FORMS))
    jenis = chunk.jenis * 3 + pick(u[4], JENIS_FORMS)
    variant = pick(u[5], list(INSTANSI.values()))
    pend_variant = np.where(
        u[6] < PENDIDIKAN_VARIANT_SHARE,
        1 + (u[7] * text.pend_count[chunk.pendidikan]).astype(np.int64), 0)
    columns = [
        T.digits(np.arange(chunk.first + 1, chunk.first + n + 1)),
        nip,
        chunk.titled_names(),
        T.take(text.status, status),
        T.take(text.jk, jk),
        text.date_cells(chunk.birth, style),
        text.date_cells(tmt_day, style),
        T.take(text.golongan, gol),
        T.take(text.jenis, jenis),
        T.take(text.jabatan, chunk.jabatan),
        T.take(text.jenjang, P.JABATAN_JENJANG[chunk.jabatan]),
        T.take(text.instansi, chunk.agency * len(INSTANSI) + variant),
        T.take(text.pendidikan, text.pend_start[chunk.pendidikan] + pend_variant),
    ]
    counts.update({f"instansi_{k}": int((variant == i).sum())
                   for i, k in enumerate(INSTANSI) if k != "kanonik"})
    counts["golongan_varian"] = int(((gol % 6 != 0) & ~chunk.pppk).sum()
                                    + ((gol - 102) % 3 != 0)[chunk.pppk].sum())
    counts["pendidikan_varian"] = int((pend_variant > 0).sum())
    return columns, counts
