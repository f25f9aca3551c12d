"""The roster in SIASN's "Download Data PNS" CSV layout, from the native roster RawFile.

Headers are those of kanekescom/laravel-siasn-simpeg ``src/Transformers/PegawaiCsvTransformer``
(UPPERCASE, same order) plus ``ESELON`` at the end. Values the cleaning reads are converted
from the native cells (golongan, jenis jabatan, education, status, kedudukan) where the cell
holds the canonical form; a planted variant (a fault) is carried over as written, as are the
NIP faults and the OPD misspellings in ``SATUAN KERJA KERJA NAMA``. Every identifier (PNS ID,
NIP LAMA, NIK, NPWP, BPJS, phone, e-mail, address) is synthetic and a pure function of the
seed and the person's true NIP, so it is the same in every cycle and table.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np
import pandas as pd

from kompetensi.synth import catalog
from kompetensi.synth.export import RawFile
from kompetensi.synth.formats import BULAN, PANGKAT, PNS_GOLONGAN, ROMAN
from kompetensi.synth.raw_pegawai import KEDUDUKAN_HEADER, PEGAWAI_HEADER
from kompetensi.synth.units import KELURAHAN, digest, eselon, unor  # noqa: F401 (re-export)

COLUMNS = (
    "PNS ID", "NIP BARU", "NIP LAMA", "NAMA", "GELAR DEPAN", "GELAR BELAKANG",
    "TEMPAT LAHIR ID", "TEMPAT LAHIR NAMA", "TANGGAL LAHIR", "JENIS KELAMIN", "AGAMA ID",
    "AGAMA NAMA", "JENIS KAWIN ID", "JENIS KAWIN NAMA", "NIK", "NOMOR HP", "EMAIL", "EMAIL GOV",
    "ALAMAT", "NPWP NOMOR", "BPJS", "JENIS PEGAWAI ID", "JENIS PEGAWAI NAMA",
    "KEDUDUKAN HUKUM ID", "KEDUDUKAN HUKUM NAMA", "STATUS CPNS PNS", "KARTU ASN VIRTUAL",
    "NOMOR SK CPNS", "TANGGAL SK CPNS", "TMT CPNS", "NOMOR SK PNS", "TANGGAL SK PNS", "TMT PNS",
    "GOL AWAL ID", "GOL AWAL NAMA", "GOL AKHIR ID", "GOL AKHIR NAMA", "TMT GOLONGAN", "MK TAHUN",
    "MK BULAN", "JENIS JABATAN ID", "JENIS JABATAN NAMA", "JABATAN ID", "JABATAN NAMA",
    "TMT JABATAN", "TINGKAT PENDIDIKAN ID", "TINGKAT PENDIDIKAN NAMA", "PENDIDIKAN ID",
    "PENDIDIKAN NAMA", "TAHUN LULUS", "KPKN ID", "KPKN NAMA", "LOKASI KERJA ID",
    "LOKASI KERJA NAMA", "UNOR ID", "UNOR NAMA", "INSTANSI INDUK ID", "INSTANSI INDUK NAMA",
    "INSTANSI KERJA ID", "INSTANSI KERJA NAMA", "SATUAN KERJA INDUK ID",
    "SATUAN KERJA INDUK NAMA", "SATUAN KERJA KERJA ID", "SATUAN KERJA KERJA NAMA", "ESELON",
)
INSTANSI = "Pemerintah Kota Pangkalpinang"
JENIS_PEGAWAI = {"PNS": ("4", "PNS Daerah"), "PPPK": ("7", "PPPK"),
                 "PPPK Paruh Waktu": ("9", "PPPK Paruh Waktu")}  # ids synthetic; names unverified
KEDUDUKAN_ID = {"Aktif": "01", "CLTN": "03", "Tugas Belajar": "04",
                "Masa Persiapan Pensiun": "06", "Pemberhentian Sementara": "05"}
STRUKTURAL, JFT, JFU = ("1", "Jabatan Struktural"), ("2", "Jabatan Fungsional Tertentu"), (
    "4", "Jabatan Fungsional Umum")
_JENIS = {"JPT": STRUKTURAL, "Jabatan Pimpinan Tinggi": STRUKTURAL,
          "Administrator": STRUKTURAL, "Jabatan Administrator": STRUKTURAL,
          "Pengawas": STRUKTURAL, "Jabatan Pengawas": STRUKTURAL,
          "Fungsional": JFT, "Jabatan Fungsional": JFT,
          "Pelaksana": JFU, "Jabatan Pelaksana": JFU}
PENDIDIKAN = {"SD": ("05", "SD"), "SMP": ("10", "SLTP"), "SMA": ("15", "SLTA"),
              "D1": ("20", "Diploma I"), "D2": ("25", "Diploma II"), "D3": ("30", "D-III"),
              "D4": ("35", "Diploma IV"), "S1": ("40", "S-1/Sarjana"), "S2": ("45", "S-2"),
              "S3": ("50", "S-3")}
AGAMA = (("1", "Islam", 0.86), ("2", "Kristen", 0.04), ("3", "Katholik", 0.03),
         ("4", "Hindu", 0.005), ("5", "Budha", 0.045), ("6", "Konghucu", 0.02))
TEMPAT = ("Pangkalpinang", "Sungailiat", "Muntok", "Koba", "Toboali", "Tanjung Pandan",
          "Palembang", "Jakarta")
_FRONT = ("Dr.", "dr.", "drg.", "Ir.", "Drs.", "Dra.", "H.", "Hj.", "apt.", "Ns.")


def pns_id(seed: int, nip: str) -> str:
    """Synthetic SIASN PNS ID (uuid-like, lower-case hex), the same in every table."""
    h = hashlib.blake2b(f"{seed}|pns_id|{nip}".encode(), digest_size=16).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _digits(seed: int, salt: str, nip: str, n: int) -> str:
    return f"{digest(seed, salt, nip) % 10**n:0{n}d}"


def _date_text(value) -> str:
    """dd-mm-yyyy from a native date cell; an Excel serial (a fault) is kept as its number."""
    if isinstance(value, dt.datetime | dt.date | pd.Timestamp):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, int | np.integer | float):
        return str(int(value))
    parts = str(value).split()
    if len(parts) == 3 and parts[1] in BULAN:
        return f"{int(parts[0]):02d}-{BULAN.index(parts[1]) + 1:02d}-{parts[2]}"
    return str(value)


def _golongan(value) -> str:
    text = str(value)
    if " - " in text and text.split(" - ")[0] in PANGKAT:
        text = text.split(" - ")[1]
    return text


def _gol_id(gol: str) -> str:
    if gol in PNS_GOLONGAN:
        return str(10 * ("I", "II", "III", "IV").index(gol.split("/")[0]) + 11
                   + "abcde".index(gol.split("/")[1]))
    return str(60 + ROMAN.index(gol) + 1) if gol in ROMAN else ""


def _split_name(full: str) -> tuple[str, str, str]:
    name, _, back = full.partition(", ")
    words = name.split(" ")
    front = []
    while words and words[0] in _FRONT:
        front.append(words.pop(0))
    return " ".join(words), " ".join(front), back


def pegawai(raw: RawFile, seed: int) -> RawFile:
    """The native roster ``raw`` (with ``meta``) in the SIASN CSV layout."""
    year = int(raw.path[:4])
    cols = PEGAWAI_HEADER[year]
    ked_col = KEDUDUKAN_HEADER[year]
    f = raw.frame
    rows = []
    for i in range(len(f)):
        c = f.iloc[i]
        nip, opd = str(raw.meta["nip"][i]), str(raw.meta["opd"][i])
        h = digest(seed, "unit", nip)
        cell = c[cols[1]]
        status, jenis, jabatan = str(c[cols[3]]), str(c[cols[8]]), str(c[cols[9]])
        pns = status == "PNS"
        tmt = _date_text(c[cols[6]])
        tmt_year = int(nip[8:12])
        nama, front, back = _split_name(str(c[cols[2]]))
        agama = AGAMA[np.searchsorted(np.cumsum([a[2] for a in AGAMA]),
                                      (h % 10_000) / 10_000, side="right").clip(0, 5)]
        married = (year - int(nip[:4])) > 27 or h % 4 == 0
        gol = _golongan(c[cols[7]])
        pend = str(c[cols[12]])
        tingkat = PENDIDIKAN.get(pend, ("", pend))
        kec = str(c[cols[13]])
        female = nip[14] == "2"
        birth = f"{nip[6:8]}-{nip[4:6]}-{nip[:4]}"
        day = int(nip[6:8]) + (40 if female else 0)
        lahir = c[cols[5]]
        unit = unor(h, opd, jenis, jabatan, kec)
        first = nama.split(" ")[0].lower()
        values = {
            "PNS ID": pns_id(seed, nip),
            "NIP BARU": cell if isinstance(cell, str) else f"{float(cell):.5E}",
            "NIP LAMA": ("5" + _digits(seed, "nip_lama", nip, 8)) if pns else "",
            "NAMA": nama, "GELAR DEPAN": front, "GELAR BELAKANG": back,
            "TEMPAT LAHIR ID": str(h % len(TEMPAT) + 1),
            "TEMPAT LAHIR NAMA": TEMPAT[h % len(TEMPAT)],
            "TANGGAL LAHIR": (str(int(lahir)) if isinstance(lahir, int | np.integer)
                              else birth),
            "JENIS KELAMIN": "F" if female else "M",
            "AGAMA ID": agama[0], "AGAMA NAMA": agama[1],
            "JENIS KAWIN ID": "2" if married else "1",
            "JENIS KAWIN NAMA": "Menikah" if married else "Belum Menikah",
            "NIK": f"19719{h % 8}{day:02d}{nip[4:6]}{nip[2:4]}"
                   + _digits(seed, "nik", nip, 4),
            "NOMOR HP": "08009" + _digits(seed, "hp", nip, 7),
            "EMAIL": f"{first}.{_digits(seed, 'email', nip, 4)}@contoh.invalid",
            "EMAIL GOV": f"{first}{_digits(seed, 'email', nip, 4)}@asn.contoh.invalid",
            "ALAMAT": f"Jl. Contoh {h % 40 + 1} No. {h % 97 + 1}, {kec}, Pangkalpinang",
            "NPWP NOMOR": "99" + _digits(seed, "npwp", nip, 13),
            "BPJS": "9999" + _digits(seed, "bpjs", nip, 9),
            "JENIS PEGAWAI ID": JENIS_PEGAWAI.get(status, ("", status))[0],
            "JENIS PEGAWAI NAMA": JENIS_PEGAWAI.get(status, ("", status))[1],
            "KEDUDUKAN HUKUM ID": KEDUDUKAN_ID.get(str(c[ked_col]), ""),
            "KEDUDUKAN HUKUM NAMA": c[ked_col],
            "STATUS CPNS PNS": ("C" if tmt_year >= year else "P") if pns else "",
            "KARTU ASN VIRTUAL": "",
            "NOMOR SK CPNS": f"813/{h % 900 + 100}/BKPSDMD/{tmt_year}" if pns else "",
            "TANGGAL SK CPNS": tmt if pns else "", "TMT CPNS": tmt,
            "NOMOR SK PNS": (f"821/{h % 800 + 100}/BKPSDMD/{tmt_year + 1}"
                             if pns and tmt_year < year else ""),
            "TANGGAL SK PNS": "", "TMT PNS": (f"{tmt[:6]}{int(tmt[6:]) + 1}"
                                              if pns and tmt_year < year and len(tmt) == 10
                                              else ""),
            "GOL AWAL ID": "", "GOL AWAL NAMA": "",
            "GOL AKHIR ID": _gol_id(gol), "GOL AKHIR NAMA": gol, "TMT GOLONGAN": "",
            "MK TAHUN": str(max(year - tmt_year, 0)), "MK BULAN": str(h % 12),
            "JENIS JABATAN ID": _JENIS.get(jenis, ("", jenis))[0],
            "JENIS JABATAN NAMA": _JENIS.get(jenis, ("", jenis))[1],
            "JABATAN ID": f"{digest(seed, 'jabatan', jabatan) % 10**8:08d}",
            "JABATAN NAMA": jabatan, "TMT JABATAN": "",
            "TINGKAT PENDIDIKAN ID": tingkat[0], "TINGKAT PENDIDIKAN NAMA": tingkat[1],
            "PENDIDIKAN ID": "", "PENDIDIKAN NAMA": "", "TAHUN LULUS": str(tmt_year - 1),
            "KPKN ID": "19", "KPKN NAMA": "KPPN Pangkalpinang",
            "LOKASI KERJA ID": str(catalog.KECAMATAN.index(kec) + 1)
            if kec in catalog.KECAMATAN else "",
            "LOKASI KERJA NAMA": kec,
            "UNOR ID": f"{digest(seed, 'unor', opd + '|' + unit) % 10**10:010d}",
            "UNOR NAMA": unit,
            "INSTANSI INDUK ID": "A5EB03E2", "INSTANSI INDUK NAMA": INSTANSI,
            "INSTANSI KERJA ID": "A5EB03E2", "INSTANSI KERJA NAMA": INSTANSI,
            "SATUAN KERJA INDUK ID": "A5EB03E2", "SATUAN KERJA INDUK NAMA": INSTANSI,
            "SATUAN KERJA KERJA ID": f"{digest(seed, 'satker', opd) % 10**8:08d}",
            "SATUAN KERJA KERJA NAMA": c[cols[11]],
            "ESELON": eselon(jenis, jabatan),
        }
        rows.append([values[k] for k in COLUMNS])
    df = pd.DataFrame(rows, columns=list(COLUMNS), dtype=object)
    return RawFile(f"{year}/pegawai.csv", df,
                   note="SIASN Download Data PNS csv UTF-8, ',': UPPERCASE headers, dates "
                        "dd-mm-yyyy, ESELON added; identifiers synthetic",
                   meta={"pns_id": {str(n): pns_id(seed, str(n)) for n in raw.meta["nip"]}})
