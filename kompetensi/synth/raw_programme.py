"""Raw forms of the programme tables: pelatihan, tes, surveys (with codebooks), pemangku."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kompetensi.synth import faults as F
from kompetensi.synth import instruments as ins
from kompetensi.synth import names
from kompetensi.synth.export import RawFile
from kompetensi.synth.formats import format_dates, nip_string
from kompetensi.synth.performance import PROGRAM, PROGRAM_NAME
from kompetensi.synth.population import Population
from kompetensi.synth.surveys import LIKERT_ABBR, LIKERT_WORDS, LIKERT_WORDS_RAGU
from kompetensi.synth.training import Training

DATE_STYLES = {
    "panjang": 0.40,
    "lama": 0.08,
    "singkat": 0.12,
    "singkat_alt": 0.04,
    "strip": 0.14,
    "dmy": 0.14,
    "serial": 0.08,
}
MONTH_NAME_STYLES = ("panjang", "lama", "singkat", "singkat_alt", "strip")
PELATIHAN_HEADER = {
    2023: (
        "NIP",
        "Nama",
        "Nama Diklat",
        "Jenis Diklat",
        "Bentuk",
        "Tgl Mulai",
        "Tgl Selesai",
        "JP",
        "Penyelenggara",
        "Lokasi",
        "Kode Program",
    ),
    2024: (
        "NIP",
        "Nama",
        "Nama Pelatihan",
        "Jenis Pengembangan",
        "Bentuk",
        "Tanggal Mulai",
        "Tanggal Selesai",
        "Jumlah JP",
        "Penyelenggara",
        "Lokasi",
        "Kode Program",
    ),
}
PELATIHAN_HEADER[2025] = PELATIHAN_HEADER[2024]
NOT_A_LIKERT_WORD = "Tidak tahu"


def _obj(values) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=object), dtype=object)


def _jp_text(jp: np.ndarray) -> np.ndarray:
    """JP with a decimal comma ("24,5"); empty when not stated."""
    s = pd.Series(jp, dtype=float)
    text = s.map("{:g}".format).str.replace(".", ",", regex=False)
    return text.where(s.notna(), "").to_numpy(dtype=object)


def pelatihan(
    pop: Population, training: Training, year: int, rng: np.random.Generator, ledger: F.Ledger
) -> RawFile:
    """Development activities of ``year`` (cp1252, ';', decimal comma, mixed date forms)."""
    path = f"{year}/pelatihan.csv"
    a = training.activities[training.activities["tahun"] == year].reset_index(drop=True)
    # ASN who left during the year but trained before leaving: not on the 31 December roster
    ex = pop.exits[pop.exits["tahun"] == year]
    birth_month = pop.people.loc[ex["pid"], "birth"].dt.month.to_numpy()
    # retirees leave at the end of their birthday month: keep those with a few months to train
    ex = ex[(ex["alasan"].to_numpy() == "lain") | (birth_month >= 4)]
    gone = np.sort(rng.choice(ex["pid"].to_numpy(), size=min(8, len(ex)), replace=False))
    picks = []
    for pid in gone:
        month = int(pop.people.loc[pid, "birth"].month)
        retired = ex.loc[ex["pid"] == pid, "alasan"].iloc[0] == "pensiun"
        cutoff = np.datetime64(f"{year}-{month:02d}-01" if retired else f"{year}-04-01")
        early = a[(a["program"] == "") & (a["selesai"] < cutoff)]
        picks.append(early.iloc[[int(rng.integers(0, len(early)))]].assign(pid=pid))
    extra = pd.concat(picks, ignore_index=True)
    ledger.add(path, "tidak_di_roster", len(extra))
    a = pd.concat([a, extra], ignore_index=True)
    a["nip"] = pop.people.loc[a["pid"], "nip"].to_numpy()
    a = a.sort_values(["mulai", "nama_pelatihan", "nip"], kind="stable").reset_index(drop=True)
    n = len(a)
    styles = np.asarray(list(DATE_STYLES), dtype=object)[
        rng.choice(len(DATE_STYLES), size=n, p=np.asarray(list(DATE_STYLES.values())))
    ]
    mulai = format_dates(a["mulai"].to_numpy(), styles)
    selesai = format_dates(a["selesai"].to_numpy(), styles)
    ledger.add(path, "tanggal_bulan_indonesia", 2 * int(np.isin(styles, MONTH_NAME_STYLES).sum()))
    ledger.add(path, "tanggal_dmy", 2 * int((styles == "dmy").sum()))
    ledger.add(path, "tanggal_serial_excel", 2 * int((styles == "serial").sum()))
    cols = PELATIHAN_HEADER[year]
    df = pd.DataFrame(
        {
            c: _obj(v)
            for c, v in zip(
                cols,
                (
                    a["nip"],
                    pop.people.loc[a["pid"], "nama"],
                    a["nama_pelatihan"],
                    a["jenis"],
                    a["bentuk"],
                    mulai,
                    selesai,
                    _jp_text(a["jp"].to_numpy()),
                    a["penyelenggara"],
                    a["lokasi"],
                    a["program"],
                ),
                strict=True,
            )
        }
    )
    df["_nip"], df["_mulai"], df["_selesai"] = _obj(a["nip"]), _obj(a["mulai"]), _obj(a["selesai"])
    used = np.zeros(n, dtype=bool)
    df = F.nip_faults(
        df,
        rng,
        ledger,
        path,
        spasi=8,
        apostrof=6,
        float_n=4,
        xlsx=False,
        used=used,
        float_eligible=(a["program"] == "").to_numpy(),
    )
    ledger.add(path, "nama_non_ascii", int((~df["Nama"].astype(str).str.isascii()).sum()))
    df = F.duplicate_rows(df, rng, ledger, path, 6)
    meta = {k: df.pop(f"_{k}").to_numpy() for k in ("nip", "mulai", "selesai")}
    return RawFile(
        path,
        df,
        meta=meta,
        sep=";",
        encoding="cp1252",
        newline="\r\n",
        note="csv cp1252, ';', decimal comma in JP, CRLF; JP empty for many seminars/workshops",
    )


def _external_participants(pop: Population, rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Participants from outside the city government (valid NIPs that are on no roster)."""
    female = rng.random(n) < 0.5
    birth = np.datetime64("1980-01-01") + rng.integers(0, 5000, n).astype("timedelta64[D]")
    # appointed at 19 or older: a CPNS is at least 18 (PP 11/2017 Pasal 23)
    adult = birth.astype("datetime64[Y]").astype(int) + 1970 + 19
    years = np.maximum(rng.integers(2005, 2015, n), adult)
    tmt = np.asarray([np.datetime64(f"{y}-03-01") for y in years])
    nip = nip_string(birth, tmt, female, rng.integers(700, 999, n))
    if np.isin(nip, pop.people["nip"].to_numpy()).any():
        raise AssertionError("external NIP collides with the roster")
    return pd.DataFrame({"nip": nip, "nama": names.make_names(rng, female)})


def tes(
    pop: Population, training: Training, year: int, rng: np.random.Generator, ledger: F.Ledger
) -> RawFile:
    """Pre/post test of the PSIM cohort ``year``."""
    path = f"{year}/tes.xlsx"
    t = training.participants[training.participants["cohort"] == year].copy()
    t["nip"] = pop.people.loc[t["pid"], "nip"].to_numpy()
    t["nama"] = pop.people.loc[t["pid"], "nama"].to_numpy()
    ext = _external_participants(pop, rng, 2)
    ext["pre"] = np.round(rng.normal(55, 12, 2))
    ext["post"] = np.clip(ext["pre"] + np.round(rng.normal(12, 8, 2)), 0, 100)
    ledger.add(path, "tidak_di_roster", len(ext))
    t = (
        pd.concat([t[["nip", "nama", "pre", "post"]], ext], ignore_index=True)
        .sort_values("nip", kind="stable")
        .reset_index(drop=True)
    )
    n = len(t)
    df = pd.DataFrame(
        {
            "No": _obj(np.arange(1, n + 1)),
            "NIP": _obj(t["nip"]),
            "Nama": _obj(t["nama"]),
            "Program": PROGRAM,
            "Nilai Pre-test": _obj(t["pre"].astype(int)),
            "Nilai Post-test": _obj(t["post"].astype(int)),
        }
    )
    df["Program"] = df["Program"].astype(object)
    used = np.zeros(n, dtype=bool)
    used[np.isin(t["nip"], ext["nip"])] = True
    sel = F.pick(rng, np.ones(n, dtype=bool), 1, used)
    df = F.set_values(df, "Nilai Pre-test", sel, -3, ledger, path, "skor_di_luar_rentang")
    sel = F.pick(rng, np.ones(n, dtype=bool), 1, used)
    df = F.set_values(df, "Nilai Post-test", sel, 105, ledger, path, "skor_di_luar_rentang")
    df = F.nip_faults(df, rng, ledger, path, spasi=1, apostrof=0, float_n=1, xlsx=True, used=used)
    df = F.duplicate_rows(df, rng, ledger, path, 1)
    titles = ("REKAPITULASI NILAI PRE-TEST DAN POST-TEST", PROGRAM_NAME, f"Tahun {year}", "")
    return RawFile(path, df, titles=titles, note="xlsx, 4 title rows; Program holds the code PSIM")


def _timestamp_text(ts: np.ndarray, short: np.ndarray) -> np.ndarray:
    s = pd.Series(pd.to_datetime(ts))
    long = s.dt.strftime("%Y/%m/%d %H:%M:%S").to_numpy(dtype=object)
    alt = s.dt.strftime("%d/%m/%Y %H:%M").to_numpy(dtype=object)
    return np.where(short, alt, long)


def survei_reaksi(
    pop: Population, responses: pd.DataFrame, year: int, rng: np.random.Generator, ledger: F.Ledger
) -> RawFile:
    """Reaction survey as an online form exports it (UTF-8 with BOM, quoted)."""
    path = f"{year}/survei_reaksi.csv"
    n = len(responses)
    short = (rng.random(n) < 0.15) if year == 2025 else np.zeros(n, dtype=bool)
    has_nip = responses["pid"].notna().to_numpy()
    nip = np.full(n, "", dtype=object)
    nip[has_nip] = pop.people.loc[responses.loc[has_nip, "pid"].astype(int), "nip"].to_numpy()
    df = pd.DataFrame(
        {
            "Timestamp": _obj(_timestamp_text(responses["waktu"].to_numpy(), short)),
            "NIP (opsional)": _obj(nip),
            "Nama Pelatihan": _obj(np.full(n, PROGRAM_NAME, dtype=object)),
        }
    )
    words = np.asarray(LIKERT_WORDS_RAGU if year == 2024 else LIKERT_WORDS, dtype=object)
    abbr = np.asarray(LIKERT_ABBR, dtype=object)
    use_abbr = (responses["gaya"] == "singkatan").to_numpy()
    for code, text, *_ in ins.REAKSI:
        s = responses[code].to_numpy() - 1
        df[text] = _obj(np.where(use_abbr, abbr[s], words[s]))
    used = np.zeros(n, dtype=bool)
    for k in range(2):
        row = F.pick(rng, np.ones(n, dtype=bool), 1, used)
        df = F.set_values(
            df,
            ins.REAKSI[3 + 4 * k][1],
            row,
            NOT_A_LIKERT_WORD,
            ledger,
            path,
            "likert_tidak_dikenal",
        )
    df = df.rename(columns={"NIP (opsional)": "NIP"})
    df = F.nip_faults(
        df, rng, ledger, path, spasi=1, apostrof=0, float_n=0, xlsx=False, used=used | ~has_nip
    )
    df = F.duplicate_rows(df, rng, ledger, path, 2).rename(columns={"NIP": "NIP (opsional)"})
    return RawFile(
        path,
        df,
        encoding="utf-8-sig",
        quote_all=True,
        newline="\r\n",
        note="csv UTF-8 with BOM, ',', all fields quoted, CRLF; items are the full question texts",
    )


def survei_perilaku(
    pop: Population, responses: pd.DataFrame, year: int, rng: np.random.Generator, ledger: F.Ledger
) -> RawFile:
    """Behaviour survey (self and supervisor) as an online form exports it."""
    path = f"{year}/survei_perilaku.csv"
    n = len(responses)
    df = pd.DataFrame(
        {
            "Timestamp": _obj(
                _timestamp_text(responses["waktu"].to_numpy(), np.zeros(n, dtype=bool))
            ),
            "Anda mengisi sebagai": _obj(
                np.where(responses["penilai"] == "diri", "Diri sendiri", "Atasan langsung")
            ),
            "NIP": _obj(pop.people.loc[responses["pid"], "nip"]),
            "Nama Pelatihan": _obj(np.full(n, PROGRAM_NAME, dtype=object)),
        }
    )
    words = np.asarray(LIKERT_WORDS, dtype=object)
    for code, text, *_ in ins.PERILAKU:
        df[text] = _obj(words[responses[code].to_numpy() - 1])
    used = np.zeros(n, dtype=bool)
    row = F.pick(rng, np.ones(n, dtype=bool), 1, used)
    df = F.set_values(
        df, ins.PERILAKU[5][1], row, NOT_A_LIKERT_WORD, ledger, path, "likert_tidak_dikenal"
    )
    df = F.nip_faults(df, rng, ledger, path, spasi=1, apostrof=0, float_n=0, xlsx=False, used=used)
    df = F.duplicate_rows(df, rng, ledger, path, 1).rename(
        columns={"NIP": "NIP pegawai yang dinilai"}
    )
    return RawFile(
        path,
        df,
        encoding="utf-8-sig",
        quote_all=True,
        newline="\r\n",
        note="csv UTF-8 with BOM, ',', all fields quoted, CRLF; 3-6 months after the classes",
    )


def kodebuku(table: str, year: int) -> RawFile:
    """Codebook of a survey (UTF-8, ','), exactly as docs/data_dictionary.md describes."""
    items = ins.REAKSI if table == "survei_reaksi" else ins.PERILAKU
    df = pd.DataFrame(
        {
            "butir": _obj([i[0] for i in items]),
            "teks": _obj([i[1] for i in items]),
            "dimensi": _obj([i[2] for i in items]),
            "terbalik": _obj([i[3] for i in items]),
        }
    )
    return RawFile(f"{year}/{table}_kodebuku.csv", df, note="csv UTF-8, ','")


def _penilaian(v: float) -> str:
    if np.isnan(v):
        return ""
    if v == 1.0:
        return "Sama penting"
    return f"A lebih penting ({round(v)})" if v > 1 else f"B lebih penting ({round(1 / v)})"


def pemangku(judgments: pd.DataFrame, ledger: F.Ledger) -> RawFile:
    """Stakeholder AHP questionnaire (2025)."""
    path = "2025/pemangku.csv"
    j = judgments.sort_values("responden", kind="stable").reset_index(drop=True)
    df = pd.DataFrame(
        {
            "Kode Responden": _obj(j["responden"]),
            "Kelompok": _obj(j["kelompok"]),
            "Kriteria A": _obj(j["kriteria_a"]),
            "Kriteria B": _obj(j["kriteria_b"]),
            "Penilaian": _obj([_penilaian(v) for v in j["nilai"].to_numpy()]),
        }
    )
    ledger.add(path, "penilaian_kosong", int(j["nilai"].isna().sum()))
    return RawFile(path, df, note="csv UTF-8, ','; ten pairs per respondent")
