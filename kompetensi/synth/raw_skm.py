"""Raw SKM files of a cycle, in the three layouts of the issue-24 spec (part files of ``skm``):

- ``skm_eskm.csv``: the e-SKM Google Form export of the units surveyed on line (question
  texts as headers, worded answers in the form's own style, ``Timestamp``, optional
  ``Nama`` / ``No. HP`` / ``Email`` filled by a few respondents);
- ``skm_kertas.xlsx``: paper forms typed in by staff (title rows, ``U1`` ... ``U9`` as 1-4,
  some typed as digit text);
- ``skm_rekap.xlsx`` (table ``skm_rekap``): every unit's published recap, decimal commas as
  text or numbers.

Planted messiness (counted in the ledger): blank answers and all-blank respondents (drawn in
:mod:`kompetensi.synth.skm`), one exact duplicate row a cycle, unit names spelled otherwise,
paper dates typed as text, personal data, the recap-only unit.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

from kompetensi.synth import faults as F
from kompetensi.synth import names
from kompetensi.synth import skm_design as D
from kompetensi.synth.export import RawFile
from kompetensi.synth.skm import Survey

ESKM_HEAD = ("Timestamp", "Unit Layanan", "Jenis Layanan yang diterima", "Jenis Kelamin",
             "Umur", "Pendidikan Terakhir", "Pekerjaan Utama")
CONTACT = ("Nama", "No. HP", "Email")
PAPER_HEAD = ("No", "Tanggal", "Unit Pelayanan", "Jenis Layanan", "JK", "Usia", "Pendidikan",
              "Pekerjaan") + tuple(f"U{k}" for k in range(1, 10))
STYLES = (("kalimat", 0.35), ("judul", 0.3), ("huruf", 0.15), ("angka", 0.1), ("kapital", 0.1))
ESKM_EDU = {"SD": "SD/Sederajat", "SMP": "SMP/Sederajat", "SMA": "SMA/SMK/Sederajat",
            "D1": "D1", "D2": "D2", "D3": "D3", "S1/D4": "D4/S1", "S2": "S2", "S3": "S3"}
PAPER_EDU = {"SD": ("SD",), "SMP": ("SMP", "SLTP"), "SMA": ("SMA", "SMA", "SLTA", "SMK"),
             "D1": ("D1",), "D2": ("D2",), "D3": ("D3", "D3", "D-III"),
             "S1/D4": ("S1", "S1", "S1", "D4", "S-1"), "S2": ("S2",), "S3": ("S3",)}
DUPLICATE_IN = {2023: "eskm", 2024: "kertas", 2025: "eskm"}
ESKM_DIALECT = {2023: (",", "utf-8"), 2024: (",", "utf-8"), 2025: (";", "utf-8-sig")}
P_NAME_PAPER, P_NAME_ESKM, P_NAME_RECAP = 0.06, 0.08, 0.05
P_CONTACT, P_DATE_TEXT, P_DIGIT_TEXT = 0.02, 0.02, 0.03
TITLES_PAPER = ("DATA ISIAN KUESIONER SURVEI KEPUASAN MASYARAKAT (SKM)",
                "PEMERINTAH KOTA PANGKALPINANG", "Tahun {year} (diketik dari formulir kertas)",
                "")
TITLES_RECAP = ("REKAPITULASI INDEKS KEPUASAN MASYARAKAT (IKM)",
                "UNIT PENYELENGGARA PELAYANAN PUBLIK KOTA PANGKALPINANG", "TAHUN {year}", "")


def unit_variant(unit: str, kind: str, u: float) -> str:
    """Another way of writing a unit's name ("PKM Gabek", "Kel. Bacang", "Disdukcapil").

    >>> unit_variant("Puskesmas Gabek", "puskesmas", 0.5), unit_variant("Dinas Sosial", "dinsos", 0)
    ('PKM Gabek', 'Dinsos')
    """
    rest = unit.split(" ", 1)[1] if " " in unit else unit
    options = {
        "puskesmas": (f"UPTD Puskesmas {rest}", f"PKM {rest}", unit.upper()),
        "kelurahan": (f"Kel. {rest}", f"Kantor Kelurahan {rest}", unit.upper()),
        "kecamatan": (f"Kec. {rest}", f"Kantor Kecamatan {rest}"),
        "rsud": ("RSUD Depati Hamzah", "RSUD"),
        "disdukcapil": ("Disdukcapil", "Dukcapil"),
        "dpmptsp": ("DPMPTSP", "DPM PTSP"),
        "dishub": ("Dishub",),
        "dinsos": ("Dinsos",),
    }[kind]
    return options[min(int(u * len(options)), len(options) - 1)]


def answer_word(k: str, value: int, style: str) -> str:
    """The answer ``value`` (1-4) of element ``k`` as a form of ``style`` writes it.

    >>> answer_word("u2", 2, "huruf"), answer_word("u6", 4, "angka")
    ('b. Kurang mudah', '4 - Sangat kompeten')
    """
    word = D.WORDS[k][value - 1]
    return {"kalimat": word, "judul": word.title(), "huruf": f"{'abcd'[value - 1]}. {word}",
            "angka": f"{value} - {word}", "kapital": word.upper()}[style]


def _choose(rng: np.random.Generator, pairs) -> str:
    return pairs[rng.choice(len(pairs), p=[p[1] for p in pairs])][0]


def _kinds(survey: Survey) -> dict[str, str]:
    return {u.unit: u.kind for u in survey.units}


def _blank_counts(frame: pd.DataFrame, ledger: F.Ledger, path: str) -> None:
    blank = frame[list(D.UNSUR)].isna().to_numpy()
    every = blank.all(axis=1)
    ledger.add(path, "skm_jawaban_kosong", int(blank[~every].sum()))
    ledger.add(path, "skm_jawaban_kosong_semua", int(every.sum()))


def _duplicate(df: pd.DataFrame, rng: np.random.Generator, ledger: F.Ledger, path: str,
               answered: np.ndarray) -> pd.DataFrame:
    row = int(rng.choice(np.flatnonzero(answered)))
    order = np.insert(np.arange(len(df)), row + 1, row)
    ledger.add(path, "baris_duplikat", 1)
    return df.iloc[order].reset_index(drop=True)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _contacts(rng: np.random.Generator, female: np.ndarray) -> list[tuple[str, str, str]]:
    """Synthetic names, 12-digit mobile numbers (08xx) and e-mails at contoh.invalid."""
    plain = names.make_names(rng, female)
    out = []
    for name in plain:
        u = rng.random()
        phone = "08" + rng.choice(["11", "12", "13", "21", "22", "52", "53", "77", "78"]) \
            + f"{int(rng.integers(0, 10**8)):08d}"
        mail = ".".join(_ascii(name).lower().split()[:2]) + f"{int(rng.integers(10, 99))}" \
            + "@contoh.invalid"
        out.append((name, phone if u < 0.8 else "", mail if u > 0.5 else ""))
    return out


def _timestamp(values: np.ndarray, year: int) -> np.ndarray:
    stamps = pd.DatetimeIndex(values)
    fmt = "%Y-%m-%d %H:%M:%S" if year == 2024 else "%d/%m/%Y %H:%M:%S"
    return stamps.strftime(fmt).to_numpy(dtype=object)


def eskm(survey: Survey, year: int, rng: np.random.Generator, ledger: F.Ledger) -> RawFile:
    """The e-SKM export of ``year``: one Google Form for the on-line units, in time order."""
    path = f"{year}/skm_eskm.csv"
    kinds = _kinds(survey)
    r = survey.respondents
    r = r[(r["tahun"] == year) & (r["layout"] == "eskm")]
    r = r.sort_values(["tanggal", "unit"], kind="stable").reset_index(drop=True)
    n = len(r)
    forms = sorted(set(r["unit"]))
    style = {u: _choose(rng, STYLES) for u in forms}
    label = {u: (unit_variant(u, kinds[u], rng.random()) if rng.random() < P_NAME_ESKM else u)
             for u in forms}
    unit = r["unit"].map(label).to_numpy(dtype=object)
    ledger.add(path, "skm_nama_unit_varian", int((unit != r["unit"].to_numpy()).sum()))
    df = pd.DataFrame({
        "Timestamp": _timestamp(r["tanggal"].to_numpy(), year),
        "Unit Layanan": unit,
        "Jenis Layanan yang diterima": r["layanan"].to_numpy(dtype=object),
        "Jenis Kelamin": np.where(r["female"], "Perempuan", "Laki-laki").astype(object),
        "Umur": r["usia"].astype(str).to_numpy(dtype=object),
        "Pendidikan Terakhir": r["pendidikan"].map(ESKM_EDU).to_numpy(dtype=object),
        "Pekerjaan Utama": r["pekerjaan"].to_numpy(dtype=object),
    })
    for k in D.UNSUR:
        values = r[k].to_numpy(dtype=object)
        df[D.QUESTIONS[k]] = [None if pd.isna(v) else answer_word(k, int(v), style[u])
                              for v, u in zip(values, r["unit"], strict=True)]
    who = np.flatnonzero(rng.random(n) < P_CONTACT)
    contact = np.full((n, 3), None, dtype=object)
    for i, c in zip(who, _contacts(rng, r["female"].to_numpy()[who]), strict=True):
        contact[i] = [c[0], c[1] or None, c[2] or None]
    for j, col in enumerate(CONTACT):
        df[col] = contact[:, j]
    ledger.add(path, "skm_data_pribadi", len(who))
    _blank_counts(r, ledger, path)
    answered = r[list(D.UNSUR)].notna().any(axis=1).to_numpy()
    if DUPLICATE_IN[year] == "eskm":
        df = _duplicate(df, rng, ledger, path, answered)
    sep, encoding = ESKM_DIALECT[year]
    return RawFile(path, df.astype(object), sep=sep, encoding=encoding, newline="\r\n",
                   note=f"e-SKM Google Form export csv {encoding.upper()}, '{sep}': question "
                        "texts as headers, worded answers (each unit's form style), Timestamp "
                        + ("yyyy-mm-dd" if year == 2024 else "dd/mm/yyyy") + " hh:mm:ss; "
                        "optional Nama/No. HP/Email")


def kertas(survey: Survey, year: int, rng: np.random.Generator, ledger: F.Ledger) -> RawFile:
    """Paper forms of ``year`` typed in unit by unit (answers 1-4)."""
    path = f"{year}/skm_kertas.xlsx"
    kinds = _kinds(survey)
    order = {u.unit: i for i, u in enumerate(survey.units)}
    r = survey.respondents
    r = r[(r["tahun"] == year) & (r["layout"] == "kertas")].copy()
    r["_o"] = r["unit"].map(order)
    r = r.sort_values(["_o", "tanggal"], kind="stable").reset_index(drop=True)
    n = len(r)
    unit = r["unit"].to_numpy(dtype=object).copy()
    odd = np.flatnonzero(rng.random(n) < P_NAME_PAPER)
    unit[odd] = [unit_variant(unit[i], kinds[unit[i]], rng.random()) for i in odd]
    ledger.add(path, "skm_nama_unit_varian", len(odd))
    day = pd.DatetimeIndex(r["tanggal"]).normalize()
    tanggal = np.asarray([d.to_pydatetime() for d in day], dtype=object)
    typed = np.flatnonzero(rng.random(n) < P_DATE_TEXT)
    tanggal[typed] = [day[i].strftime("%d/%m/%Y") for i in typed]
    ledger.add(path, "tanggal_dmy", len(typed))
    u = rng.random(n)
    pend = [PAPER_EDU[p][min(int(x * len(PAPER_EDU[p])), len(PAPER_EDU[p]) - 1)]
            for p, x in zip(r["pendidikan"], u, strict=True)]
    job = r["pekerjaan"].to_numpy(dtype=object).copy()
    upper = rng.random(n) < 0.03
    job[upper] = [j.upper() for j in job[upper]]
    df = pd.DataFrame({
        "No": np.arange(1, n + 1), "Tanggal": tanggal, "Unit Pelayanan": unit,
        "Jenis Layanan": r["layanan"].to_numpy(dtype=object),
        "JK": np.where(r["female"], "P", "L").astype(object),
        "Usia": r["usia"].to_numpy(), "Pendidikan": np.asarray(pend, dtype=object),
        "Pekerjaan": job,
    }).astype(object)
    text = rng.random((n, 9)) < P_DIGIT_TEXT
    for j, k in enumerate(D.UNSUR):
        values = r[k].to_numpy(dtype=object)
        df[f"U{j + 1}"] = [None if pd.isna(v) else (str(int(v)) if t else int(v))
                           for v, t in zip(values, text[:, j], strict=True)]
    ledger.add(path, "skm_jawaban_teks", int((text & r[list(D.UNSUR)].notna().to_numpy())
                                             .sum()))
    _blank_counts(r, ledger, path)
    answered = r[list(D.UNSUR)].notna().any(axis=1).to_numpy()
    if DUPLICATE_IN[year] == "kertas":
        df = _duplicate(df, rng, ledger, path, answered)
    return RawFile(path, df.astype(object), titles=tuple(t.format(year=year)
                                                           for t in TITLES_PAPER),
                   note="xlsx, 4 title rows; paper forms typed in: U1-U9 as 1-4 (some as "
                        "digit text), Tanggal as date cells (a few dd/mm/yyyy text), JK L/P")


def _decimal(value: float, as_text: bool, digits: int = 2):
    return f"{value:.{digits}f}".replace(".", ",") if as_text else float(value)


def rekap(survey: Survey, year: int, rng: np.random.Generator, ledger: F.Ledger) -> RawFile:
    """Every unit's published recap of ``year`` (table ``skm_rekap``)."""
    path = f"{year}/skm_rekap.xlsx"
    kinds = _kinds(survey)
    rec = survey.recaps[survey.recaps["tahun"] == year].reset_index(drop=True)
    n = len(rec)
    unit = rec["unit"].to_numpy(dtype=object).copy()
    odd = np.flatnonzero(rng.random(n) < P_NAME_RECAP)
    unit[odd] = [unit_variant(unit[i], kinds[unit[i]], rng.random()) for i in odd]
    ledger.add(path, "skm_nama_unit_varian", len(odd))
    text = rng.random(n) < 0.6
    words = {m[0]: m[1] for m in D.MUTU}
    population = "Jumlah Penerima Layanan" if year == 2025 else "Jumlah Populasi"
    df = pd.DataFrame({"Unit Pelayanan": unit, "Periode": rec["label"].to_numpy(dtype=object),
                       "Jumlah Responden": rec["responden"].to_numpy(),
                       population: rec["populasi"].to_numpy()}).astype(object)
    for j, k in enumerate(D.UNSUR):
        df[f"NRR U{j + 1}"] = [_decimal(v, t) for v, t in zip(rec[f"nrr_{k}"], text,
                                                              strict=True)]
    df["IKM"] = [_decimal(v, t) for v, t in zip(rec["ikm"], text, strict=True)]
    df["Mutu Pelayanan"] = [m if year == 2023 else f"{m} ({words[m]})" for m in rec["mutu"]]
    ledger.add(path, "skm_rekap_tanpa_responden", int((rec["unit"] == D.RECAP_ONLY).sum()))
    return RawFile(path, df.astype(object), titles=tuple(t.format(year=year)
                                                           for t in TITLES_RECAP),
                   note="xlsx, 4 title rows; one row per unit and period (Tahun/Semester/"
                        "Triwulan); NRR and IKM with decimal commas as text or as numbers; "
                        + ("Mutu as a letter" if year == 2023 else 'Mutu as "B (Baik)"'))


def unit_map(survey: Survey) -> RawFile:
    """The dataset's own unit -> OPD map (``unor_opd.csv``): the sample's kelurahan.

    The sample's kelurahan names are invented (:data:`kompetensi.synth.units.KELURAHAN`);
    three of them are not placed in their sample kecamatan by the city's table
    ``reference/unor_opd.csv`` (Batu Intan, Semabung Lama and Tamansari), so the sample brings
    its own map, checked first (:mod:`kompetensi.clean.units`, A-UNOR-1).
    """
    rows = [(u.unit, u.opd) for u in survey.units if u.kind == "kelurahan"]
    frame = pd.DataFrame(rows, columns=["unor", "opd"], dtype=object)
    return RawFile("unor_opd.csv", frame, note="csv UTF-8, ',': the dataset's unit -> OPD map "
                                               "(unor, opd) of the sample's invented kelurahan")


def files(survey: Survey, year: int, rng: np.random.Generator, ledger: F.Ledger) -> list[RawFile]:
    """The three SKM files of ``year``."""
    return [eskm(survey, year, rng, ledger), kertas(survey, year, rng, ledger),
            rekap(survey, year, rng, ledger)]

