"""Text of the national pelatihan, kinerja and disiplin files, one chunk of persons at a time."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from kompetensi.synth import discipline
from kompetensi.synth.formats import format_dates
from kompetensi.synth.national import people as P
from kompetensi.synth.national import text as T
from kompetensi.synth.national.catalog import Catalog, style_probabilities
from kompetensi.synth.national.roster import fault_counts, nip_column, pick
from kompetensi.synth.raw_records import _PREDIKAT_VARIANTS

PELATIHAN_HEADER = ("NIP", "Nama", "Nama Pelatihan", "Jenis Pengembangan", "Bentuk",
                    "Tanggal Mulai", "Tanggal Selesai", "Jumlah JP", "Penyelenggara", "Lokasi",
                    "Kode Program")
KINERJA_HEADER = ("No", "NIP", "Nama Pegawai", "Periode", "Predikat Kinerja")
DISIPLIN_HEADER = ("NIP", "Nama", "Jenis Hukuman", "Tingkat Hukuman", "TMT Hukuman")
P_ZERO = 0.27  # share of ASN without any activity in the year
MAX_PER_ASN = 40
PELATIHAN_NIP_FAULTS = {"spasi": 0.003, "float": 0.0001}
NOT_ON_ROSTER = 0.0001  # share of pelatihan rows of persons not on the roster
PREDIKAT = tuple(_PREDIKAT_VARIANTS)
PREDIKAT_P = (0.15, 0.76, 0.06, 0.02, 0.01)
PREDIKAT_VARIANT_SHARE = 0.15
KINERJA_NIP_FAULTS = {"spasi": 0.002, "apostrof": 0.001}
DISIPLIN_NIP_FAULTS = {"spasi": 0.005}
TINGKAT_LONG_SHARE = 0.4
DISIPLIN_DATE_STYLES = {"panjang": 0.8, "iso": 0.2}


def _repeats(person: np.ndarray, item: np.ndarray, n_items: int) -> np.ndarray:
    """True for the second and later rows of the same person and activity."""
    key = person.astype(np.int64) * n_items + item
    order = np.argsort(key, kind="stable")
    dup = np.zeros(len(key), dtype=bool)
    dup[order[1:]] = key[order][1:] == key[order][:-1]
    return dup


def _outsiders(rng: np.random.Generator, n: int, siklus: int) -> tuple[pa.Array, pa.Array]:
    """NIPs (serial 900-999: never on the roster) and cp1252 names of persons not on it."""
    female = rng.random(n) < 0.5
    birth = (np.datetime64("1968-01-01") - P.EPOCH).astype(np.int64) + rng.integers(0, 11000, n)
    tmt_day = birth + rng.integers(20 * 365, 30 * 365, n)
    tmt = np.minimum(tmt_day.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64),
                     (siklus - 1970) * 12)
    nip = P.nip_numbers(birth, tmt, female, 900 + rng.integers(0, 100, n))
    return T.digits(nip), P.name_text(P.draw_names(rng, female), "cp1252")


def pelatihan_columns(rng: np.random.Generator, chunk: P.Chunk, catalog: Catalog,
                      activities_per_asn: float, siklus: int
                      ) -> tuple[list[pa.Array], dict[str, int]]:
    """Development records of one chunk (cp1252 cells), sorted by person and start date.

    Counts are zero-inflated Poisson: a share :data:`P_ZERO` of ASN has none, the others
    Poisson with mean ``activities_per_asn / (1 - P_ZERO)``, so the mean over all ASN is
    ``activities_per_asn``. A person attends an activity at most once a year (repeats are
    redrawn).
    """
    n = chunk.n
    lam = activities_per_asn / (1.0 - P_ZERO)
    count = np.where(rng.random(n) < P_ZERO, 0, np.minimum(rng.poisson(lam, n), MAX_PER_ASN))
    person = np.repeat(np.arange(n), count)
    item = catalog.draw(rng, len(person))
    n_items = len(catalog.names)
    for _ in range(4):
        dup = _repeats(person, item, n_items)
        if not dup.any():
            break
        item[dup] = catalog.draw(rng, int(dup.sum()))
    keep = ~_repeats(person, item, n_items)
    person, item = person[keep], item[keep]
    session = catalog.session(rng, item)
    order = np.lexsort((item, catalog.start[session], person))
    person, session = person[order], session[order]
    m = len(person)
    style = pick(rng.random(m), style_probabilities())
    nip, fault = nip_column(rng, chunk.nip[person], PELATIHAN_NIP_FAULTS)
    nama = T.take(chunk.plain_names("cp1252"), person)
    outside = np.flatnonzero((rng.random(m) < NOT_ON_ROSTER) & (fault == ""))
    if len(outside):
        o_nip, o_nama = _outsiders(rng, len(outside), siklus)
        nip, nama = T.replace(nip, outside, o_nip), T.replace(nama, outside, o_nama)
    counts = fault_counts(fault, PELATIHAN_NIP_FAULTS)
    counts["tidak_di_roster"] = len(outside)
    counts["topik_ti"] = int(catalog.it[item].sum())
    counts["asn_tanpa_kegiatan (ASN, not rows)"] = int((count == 0).sum())
    return [nip, nama, catalog.cells(session, style)], counts


def kinerja_columns(rng: np.random.Generator, chunk: P.Chunk, first_no: int, siklus: int
                    ) -> tuple[list[pa.Array], dict[str, int]]:
    """SKP predikat of ``siklus - 1`` of the chunk's ASN (none for those hired in ``siklus``)."""
    rows = np.flatnonzero(~chunk.new_hire)
    m = len(rows)
    texts, start = [], []
    for p in PREDIKAT:
        start.append(len(texts))
        texts += [p, *_PREDIKAT_VARIANTS[p]]
    pred = pick(rng.random(m), PREDIKAT_P)
    n_var = np.asarray([len(_PREDIKAT_VARIANTS[p]) for p in PREDIKAT])[pred]
    variant = np.where(rng.random(m) < PREDIKAT_VARIANT_SHARE,
                       1 + (rng.random(m) * n_var).astype(np.int64), 0)
    nip, fault = nip_column(rng, chunk.nip[rows], KINERJA_NIP_FAULTS)
    counts = fault_counts(fault, KINERJA_NIP_FAULTS)
    columns = [
        T.digits(np.arange(first_no, first_no + m)),
        nip,
        T.take(chunk.plain_names(), rows),
        T.take(T.dictionary([str(siklus - 1)]), np.zeros(m, dtype=np.int64)),
        T.take(T.dictionary(texts, sep=";"), np.asarray(start)[pred] + variant),
    ]
    counts["predikat_varian"] = int((variant > 0).sum())
    return columns, counts


def disiplin_columns(rng: np.random.Generator, chunk: P.Chunk, siklus: int
                     ) -> tuple[list[pa.Array], dict[str, int]]:
    """Sanctions of ``siklus`` (about :data:`discipline.RATE` of ASN), sorted by date."""
    rows = np.flatnonzero((rng.random(chunk.n) < discipline.RATE) & ~chunk.new_hire)
    m = len(rows)
    levels = tuple(discipline.TINGKAT_SHARE)
    tingkat = pick(rng.random(m), list(discipline.TINGKAT_SHARE.values()))
    jenis_texts, jenis_start = [], []
    for level in levels:
        jenis_start.append(len(jenis_texts))
        jenis_texts += list(discipline.JENIS[level])
    n_jenis = np.asarray([len(discipline.JENIS[t]) for t in levels])[tingkat]
    jenis = np.asarray(jenis_start)[tingkat] + (rng.random(m) * n_jenis).astype(np.int64)
    long = rng.random(m) < TINGKAT_LONG_SHARE
    day = rng.integers(0, 355, m)
    order = np.lexsort((rows, day))
    rows, tingkat, jenis, long, day = rows[order], tingkat[order], jenis[order], long[order], \
        day[order]
    style = pick(rng.random(m), list(DISIPLIN_DATE_STYLES.values()))
    year_days = np.arange(np.datetime64(f"{siklus}-01-03"), np.datetime64(f"{siklus}-12-31"))
    dates = T.dictionary([t for s in DISIPLIN_DATE_STYLES for t in format_dates(year_days, s)],
                         sep=",")
    nip, fault = nip_column(rng, chunk.nip[rows], DISIPLIN_NIP_FAULTS)
    counts = fault_counts(fault, DISIPLIN_NIP_FAULTS)
    columns = [
        nip,
        T.take(chunk.plain_names(), rows),
        T.take(T.dictionary(jenis_texts, sep=","), jenis),
        T.take(T.dictionary([*levels, *(f"Hukuman Disiplin {t}" for t in levels)], sep=","),
               tingkat + len(levels) * long),
        T.take(dates, style * len(year_days) + day),
    ]
    return columns, counts
