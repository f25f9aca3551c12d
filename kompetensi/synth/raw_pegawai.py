"""Raw form of the roster (pegawai.xlsx): headers, value forms and planted faults by cycle."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from kompetensi.synth import catalog
from kompetensi.synth import faults as F
from kompetensi.synth.export import RawFile
from kompetensi.synth.formats import PANGKAT, excel_serial, format_dates
from kompetensi.synth.population import Population
from kompetensi.synth.roster_status import AKTIF, RosterStatus
from kompetensi.synth.units import unit_of

_REF = Path(__file__).resolve().parent.parent / "reference"
_JENIS_RANK = {"JPT": 0, "Administrator": 1, "Pengawas": 2, "Fungsional": 3, "Pelaksana": 4}
_JENIS_LONG = {
    "JPT": "Jabatan Pimpinan Tinggi",
    "Administrator": "Jabatan Administrator",
    "Pengawas": "Jabatan Pengawas",
    "Fungsional": "Jabatan Fungsional",
    "Pelaksana": "Jabatan Pelaksana",
}
PEGAWAI_HEADER = {
    2023: (
        "No",
        "NIP",
        "Nama Pegawai",
        "Status Pegawai",
        "Jenis Kelamin",
        "Tanggal Lahir",
        "TMT CPNS",
        "Gol/Ruang",
        "Jenis Jabatan",
        "Nama Jabatan",
        "Jenjang",
        "Unit Kerja",
        "Pendidikan Terakhir",
        "Kecamatan",
    ),
    2024: (
        "No",
        "NIP/NIPPPK",
        "Nama Lengkap",
        "Jenis Pegawai",
        "JK",
        "Tgl Lahir",
        "TMT CPNS/PPPK",
        "Golongan/Ruang",
        "Kelompok Jabatan",
        "Jabatan",
        "Jenjang Jabatan",
        "SKPD",
        "Tingkat Pendidikan",
        "Lokasi Kerja",
    ),
    2025: (
        "No",
        "NIP Baru",
        "Nama",
        "Status ASN",
        "Jenis Kelamin",
        "Tanggal Lahir",
        "TMT CPNS",
        "Pangkat/Gol",
        "Jenis Jabatan",
        "Nama Jabatan",
        "Jenjang",
        "Perangkat Daerah",
        "Pendidikan",
        "Kecamatan",
    ),
}
# issue 24: the smallest unit (puskesmas, kelurahan, bidang ...), after the OPD column; read as
# ``unor`` ("Unit Kerja" is an alias of the OPD and is the 2023 OPD header)
UNIT_HEADER = "Sub Unit Kerja"
# issue 20: the legal position (kedudukan hukum), under another header each cycle
KEDUDUKAN_HEADER = {2023: "Kedudukan Hukum", 2024: "Status Kedudukan", 2025: "Kedudukan"}
PEGAWAI_TITLES = {
    2023: (
        "DAFTAR PEGAWAI ASN",
        "PEMERINTAH KOTA PANGKALPINANG",
        "Keadaan per 31 Desember 2023",
        "",
    ),
    2024: (
        "DAFTAR NOMINATIF PEGAWAI ASN PEMERINTAH KOTA PANGKALPINANG",
        "Keadaan per 31 Desember 2024",
        "",
    ),
    2025: (
        "DAFTAR PEGAWAI ASN",
        "PEMERINTAH KOTA PANGKALPINANG",
        "Keadaan per 31 Desember 2025",
        "",
    ),
}


# OPDs the sample names as they were named before the 2024-2025 changes (reference/opd.csv
# renamed them and keeps these names as aliases): their abbreviations as the sample writes them
_RENAMED_ABBR = {"Badan Perencanaan Pembangunan dan Riset Daerah": "BAPPEDA",
                 "Dinas Pemberdayaan Perempuan dan Perlindungan Anak": "DP3A"}


def _opd_abbreviation() -> dict[str, str]:
    ref = pd.read_csv(_REF / "opd.csv", dtype=str)
    out = dict(zip(ref["opd"], ref["singkatan"], strict=True))
    return out | _RENAMED_ABBR


def _obj(values) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=object), dtype=object)


def pegawai(
    pop: Population,
    year: int,
    rng: np.random.Generator,
    ledger: F.Ledger,
    extra: RosterStatus | None = None,
) -> RawFile:
    """The roster of 31 December ``year`` as the personnel system exports it.

    With ``extra`` the roster gains the kedudukan column and, in 2025, the PPPK paruh waktu
    rows at its end (their own rows: the faults of the other rows are drawn as before). The
    file's ``meta`` holds, per row, the true ``pid`` (-1 for paruh waktu), ``nip`` and ``opd``
    (for the SIASN layout, :mod:`kompetensi.synth.siasn`).
    """
    path = f"{year}/pegawai.xlsx"
    r = pop.rosters[year].copy()
    p = pop.people.loc[r.index]
    r["nip"] = p["nip"].to_numpy()
    r["opd_rank"] = r["opd"].map({o: i for i, o in enumerate(catalog.OPD_NAMES)})
    r["jenis_rank"] = r["jenis_jabatan"].map(_JENIS_RANK)
    r["pppk"] = (p["status"] == "PPPK").to_numpy()
    r = r.sort_values(
        ["opd_rank", "jenis_rank", "pppk", "gol_idx", "nip"],
        ascending=[True, True, True, False, True],
        kind="stable",
    )
    p = pop.people.loc[r.index]
    n = len(r)
    female = p["female"].to_numpy(dtype=bool)
    birth, tmt = p["birth"].to_numpy(), p["tmt"].to_numpy()
    status = p["status"].to_numpy(dtype=object)
    gol = r["golongan"].to_numpy(dtype=object)
    pangkat = np.asarray(("",) + PANGKAT, dtype=object)[
        np.where(status == "PNS", r["gol_idx"].to_numpy(), 0)
    ]
    if year == 2023:
        jk = np.where(female, "P", "L")
        lahir, mulai = pd.to_datetime(birth).to_pydatetime(), pd.to_datetime(tmt).to_pydatetime()
    elif year == 2024:
        jk = np.where(female, "Perempuan", "Laki-laki")
        lahir, mulai = format_dates(birth, "dmy_strip"), format_dates(tmt, "dmy_strip")
    else:
        jk = np.where(female, "P", "L")
        lahir, mulai = format_dates(birth, "panjang"), format_dates(tmt, "panjang")
        ledger.add(path, "tanggal_bulan_indonesia", 2 * n)
        gol = np.where(status == "PNS", pangkat + " - " + gol, gol)
    jenis = (
        r["jenis_jabatan"].map(_JENIS_LONG).to_numpy()
        if year == 2024
        else r["jenis_jabatan"].to_numpy()
    )
    cols = PEGAWAI_HEADER[year]
    df = pd.DataFrame(
        {
            c: _obj(v)
            for c, v in zip(
                cols,
                (
                    np.arange(1, n + 1),
                    r["nip"],
                    p["nama_gelar"],
                    status,
                    jk,
                    lahir,
                    mulai,
                    gol,
                    jenis,
                    r["jabatan"],
                    r["jenjang"],
                    r["opd"],
                    p["pendidikan"],
                    r["kecamatan"],
                ),
                strict=True,
            )
        }
    )
    df = df.rename(columns={cols[1]: "NIP"})
    df["_pid"], df["_nip"], df["_opd"] = _obj(r.index), _obj(r["nip"]), _obj(r["opd"])
    used = np.zeros(n, dtype=bool)
    # OPD written by hand: abbreviations, lower case, misspellings
    abbr = _opd_abbreviation() | F.OPD_ABBR_EXTRA
    opd_col, opd = cols[11], r["opd"].to_numpy(dtype=object)
    rows = F.pick(rng, np.ones(n, dtype=bool), int(0.03 * n), np.zeros(n, dtype=bool))
    u = rng.random(len(rows))
    kinds = np.where(
        u < 0.5, "opd_singkatan", np.where(u < 0.8, "opd_huruf_kecil", "opd_salah_ketik")
    )
    kinds = np.where(
        (kinds == "opd_salah_ketik") & ~np.isin(opd[rows], list(F.OPD_MISSPELT)),
        "opd_singkatan",
        kinds,
    )
    for kind, fn in (
        ("opd_singkatan", lambda o: abbr[o]),
        ("opd_huruf_kecil", str.lower),
        ("opd_salah_ketik", F.OPD_MISSPELT.get),
    ):
        sel = rows[kinds == kind]
        df = F.set_values(
            df,
            opd_col,
            sel,
            np.asarray([fn(o) for o in opd[sel]], dtype=object),
            ledger,
            path,
            kind,
        )
    # golongan and education written other ways
    sel = F.pick(rng, np.ones(n, dtype=bool), int(0.04 * n), np.zeros(n, dtype=bool))
    plain_gol = r["golongan"].to_numpy(dtype=object)
    gv = [
        F.golongan_variant(g, k, x, with_pangkat=year != 2025)  # 2025's own form has the pangkat
        for g, k, x in zip(plain_gol[sel], pangkat[sel], rng.random(len(sel)), strict=True)
    ]
    df = F.set_values(
        df, cols[7], sel, np.asarray(gv, dtype=object), ledger, path, "golongan_varian"
    )
    pend = p["pendidikan"].to_numpy(dtype=object)
    sel = F.pick(rng, np.ones(n, dtype=bool), int(0.05 * n), np.zeros(n, dtype=bool))
    u = rng.random(len(sel))
    pv = [
        F.PENDIDIKAN_VARIAN[x][
            min(int(v * len(F.PENDIDIKAN_VARIAN[x])), len(F.PENDIDIKAN_VARIAN[x]) - 1)
        ]
        for x, v in zip(pend[sel], u, strict=True)
    ]
    df = F.set_values(
        df, cols[12], sel, np.asarray(pv, dtype=object), ledger, path, "pendidikan_varian"
    )
    if year in (2024, 2025):  # birth dates pasted as Excel serial numbers
        sel = F.pick(rng, np.ones(n, dtype=bool), 4, np.zeros(n, dtype=bool))
        df = F.set_values(
            df,
            cols[5],
            sel,
            excel_serial(birth[sel]).astype(object),
            ledger,
            path,
            "tanggal_serial_excel",
        )
    df = F.nip_faults(df, rng, ledger, path, spasi=5, apostrof=4, float_n=3, xlsx=True, used=used)
    lost = df["NIP"].map(lambda v: isinstance(v, float)).to_numpy(dtype=bool)
    ledger.lost_roster_nips[year] = sorted(r["nip"].to_numpy()[lost])
    ledger.add(path, "nama_non_ascii", int((~df[cols[2]].astype(str).str.isascii()).sum()))
    df = F.duplicate_rows(df, rng, ledger, path, 3)
    df = df.rename(columns={"NIP": cols[1]})
    if extra is not None:
        df = _with_status(df, cols, year, extra, ledger, path, n)
    meta = {"pid": df.pop("_pid").to_numpy(dtype=np.int64), "nip": df.pop("_nip").to_numpy(),
            "opd": df.pop("_opd").to_numpy()}
    note = {
        2023: "birth date and TMT as Excel date cells",
        2024: "dates as text dd-mm-yyyy; jenis jabatan long form "
        '("Jabatan Fungsional"); JK Laki-laki/Perempuan',
        2025: 'dates as text with Indonesian month names; PNS golongan as "Penata Muda - III/a"',
    }[year]
    return RawFile(
        path,
        df,
        titles=PEGAWAI_TITLES[year],
        note=f"xlsx, {len(PEGAWAI_TITLES[year])} title rows; {note}"
        + (f"; kedudukan in `{KEDUDUKAN_HEADER[year]}`" if extra is not None else "")
        + ("; PPPK paruh waktu (NI PPPK) at the end" if extra is not None and year == 2025
           else ""),
        meta=meta,
    )


def _with_status(df: pd.DataFrame, cols: tuple[str, ...], year: int, status: RosterStatus,
                 ledger: F.Ledger, path: str, n: int) -> pd.DataFrame:
    """Insert the kedudukan column after the status column; append 2025's paruh waktu."""
    ked = status.kedudukan[year].reindex(df["_pid"].to_numpy()).fillna(AKTIF)
    df.insert(df.columns.get_loc(cols[3]) + 1, KEDUDUKAN_HEADER[year], _obj(ked))
    if year != 2025:
        return df
    pw = status.paruh_waktu
    m = len(pw)
    female = pw["female"].to_numpy(dtype=bool)
    values = {
        cols[0]: np.arange(n + 1, n + m + 1),
        cols[1]: pw["nip"],
        cols[2]: pw["nama_gelar"],
        cols[3]: np.full(m, "PPPK Paruh Waktu", dtype=object),
        KEDUDUKAN_HEADER[year]: np.full(m, AKTIF, dtype=object),
        cols[4]: np.where(female, "P", "L"),
        cols[5]: format_dates(pw["birth"].to_numpy(), "panjang"),
        cols[6]: format_dates(pw["tmt"].to_numpy(), "panjang"),
        cols[7]: pw["golongan"],
        cols[8]: pw["jenis_jabatan"],
        cols[9]: pw["jabatan"],
        cols[10]: pw["jenjang"],
        cols[11]: pw["opd"],
        cols[12]: pw["pendidikan"],
        cols[13]: pw["kecamatan"],
        "_pid": np.full(m, -1),
        "_nip": pw["nip"],
        "_opd": pw["opd"],
    }
    extra = pd.DataFrame({c: _obj(values[c]) for c in df.columns})
    ledger.add(path, "tanggal_bulan_indonesia", 2 * m)
    ledger.add(path, "nama_non_ascii", int((~extra[cols[2]].astype(str).str.isascii()).sum()))
    return pd.concat([df, extra], ignore_index=True)


def with_unit(raw: RawFile, seed: int) -> RawFile:
    """``raw`` (a native roster) with the unit column ``Sub Unit Kerja`` after the OPD column.

    The unit of each row is :func:`kompetensi.synth.units.unit_of` of the true NIP and OPD
    (``raw.meta``) and the post and kecamatan cells, exactly as the SIASN layout's UNOR NAMA
    (:mod:`kompetensi.synth.siasn_pegawai`); no other cell changes.
    """
    cols = PEGAWAI_HEADER[int(raw.path[:4])]
    f = raw.frame
    unit = [unit_of(seed, str(n), str(o), str(j), str(jb), str(k)) for n, o, j, jb, k in zip(
        raw.meta["nip"], raw.meta["opd"], f[cols[8]], f[cols[9]], f[cols[13]], strict=True)]
    df = f.copy()
    df.insert(df.columns.get_loc(cols[11]) + 1, UNIT_HEADER, _obj(unit))
    return RawFile(raw.path, df, titles=raw.titles, note=f"{raw.note}; unit in `{UNIT_HEADER}`",
                   meta=raw.meta)
