"""The synthetic sample in the layouts of SIASN (``kompetensi synth --format siasn``, issue 20).

Built by transforming the native RawFiles of :func:`kompetensi.synth.sample.build`: same
people, same values, the same planted faults where SIASN's layout can hold them, so that
cleaning either dataset gives the same canonical tables.

- ``pegawai.csv``: the "Download Data PNS" CSV (:mod:`kompetensi.synth.siasn_pegawai`).
- ``pelatihan_diklat.csv`` (leadership rows, rw_diklat fields) and ``pelatihan_kursus.csv``
  (the rest, rw_kursus fields), both with the native columns rw_* lacks (jenis of a diklat,
  bentuk, lokasi, kode program) kept under their native headers.
- ``kinerja.csv``: rw_skp22 fields (``pnsDinilaiId`` = the roster's PNS ID, ``kuadranKinerja``
  holding the predikat as the native file writes it, ``hasilKinerja``/``perilakuKerja`` from
  the PermenPANRB 6/2022 matrix) plus ``nipBaru``.
- ``disiplin.csv``: rw_hukdis fields (``jenisHukumanNama``, ``jenisTingkatHukumanId`` R/S/B,
  ``hukumanTanggal`` …) plus ``nipBaru``.
- asesmen, tes, surveys and their codebooks, pemangku, the SKM files (``skm_eskm.csv``,
  ``skm_kertas.xlsx``, ``skm_rekap.xlsx``: not SIASN exports) and the dataset's unit map
  ``unor_opd.csv``: the native files unchanged.

Output is byte-identical for a seed (sorted rows as in the native files, fixed timestamps).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from kompetensi.synth import readme, sample, siasn_pegawai
from kompetensi.synth.export import RawFile, write
from kompetensi.synth.faults import Ledger
from kompetensi.synth.streams import DEFAULT_SEED, stream

__all__ = ["generate", "transform"]

DIKLAT = ("nipBaru", "latihanStrukturalNama", "nomor", "tanggal", "tahun", "jumlahJam",
          "tanggalSelesai", "institusiPenyelenggara")
KURSUS = ("nipBaru", "jenisKursusNama", "namaKursus", "jumlahJam", "tahunKursus",
          "tanggalKursus", "tanggalSelesaiKursus", "institusiPenyelenggara", "jenisDiklatId")
LEADERSHIP = "Pelatihan Kepemimpinan"  # the native jenis of the rw_diklat rows
# PermenPANRB 6/2022 Lampiran: (hasil kerja, perilaku kerja) pairs giving each predikat
ATAS, SESUAI, BAWAH = "Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi"
MATRIX = {
    "sangat baik": ((ATAS, ATAS),),
    "baik": ((ATAS, SESUAI), (SESUAI, ATAS), (SESUAI, SESUAI)),
    "butuh perbaikan": ((BAWAH, ATAS), (BAWAH, SESUAI)),
    "kurang/misconduct": ((ATAS, BAWAH), (SESUAI, BAWAH)),
    "kurang / misconduct": ((ATAS, BAWAH), (SESUAI, BAWAH)),
    "kurang": ((ATAS, BAWAH), (SESUAI, BAWAH)),
    "sangat kurang": ((BAWAH, BAWAH),),
}
TINGKAT_CODE = {"Ringan": "R", "Sedang": "S", "Berat": "B"}
_CSV = {"encoding": "utf-8", "sep": ",", "newline": "\n"}


def _dmy(dates: np.ndarray) -> np.ndarray:
    return pd.DatetimeIndex(pd.to_datetime(dates)).strftime("%d-%m-%Y").to_numpy(dtype=object)


def _nip_text(cells: pd.Series, true_nip: np.ndarray) -> np.ndarray:
    """The native NIP cell as text; an xlsx number (a lost NIP) in Excel's float text."""
    return np.asarray([c if isinstance(c, str) else f"{float(n):.5E}"
                       for c, n in zip(cells, true_nip, strict=True)], dtype=object)


def _jp(text: pd.Series) -> pd.Series:
    return text.astype(str).str.replace(",", ".", regex=False)


def pelatihan(raw: RawFile, seed: int) -> list[RawFile]:
    """Split the native pelatihan into rw_diklat and rw_kursus files (same rows)."""
    year = raw.path[:4]
    f = raw.frame
    c = list(f.columns)  # NIP, Nama, nama, jenis, bentuk, mulai, selesai, JP, penyelenggara,
    #                      lokasi, kode program (the native order)
    nip = _nip_text(f[c[0]], raw.meta["nip"])
    mulai, selesai = _dmy(raw.meta["mulai"]), _dmy(raw.meta["selesai"])
    tahun = pd.DatetimeIndex(pd.to_datetime(raw.meta["mulai"])).year.astype(str)
    extra = {c[4]: f[c[4]].to_numpy(dtype=object), c[9]: f[c[9]].to_numpy(dtype=object),
             c[10]: f[c[10]].to_numpy(dtype=object)}
    lead = (f[c[3]] == LEADERSHIP).to_numpy()
    nomor = np.asarray([f"{siasn_pegawai.digest(seed, 'sertifikat', f'{n}|{m}|{k}') % 9000 + 1000}"
                        f"/{k.split('(')[-1].rstrip(')').split(' ')[0]}/BPSDM/{t}"
                        for n, m, k, t in zip(raw.meta["nip"], mulai, f[c[2]], tahun,
                                              strict=True)], dtype=object)
    diklat = pd.DataFrame({
        "nipBaru": nip, "latihanStrukturalNama": f[c[2]].to_numpy(dtype=object),
        "nomor": nomor, "tanggal": mulai, "tahun": tahun.to_numpy(dtype=object),
        "jumlahJam": _jp(f[c[7]]).to_numpy(dtype=object), "tanggalSelesai": selesai,
        "institusiPenyelenggara": f[c[8]].to_numpy(dtype=object),
        c[3]: f[c[3]].to_numpy(dtype=object), **extra,
    })[lead].reset_index(drop=True)
    jenis_id = {j: str(i + 1) for i, j in enumerate(sorted(set(f[c[3]])))}
    kursus = pd.DataFrame({
        "nipBaru": nip, "jenisKursusNama": f[c[3]].to_numpy(dtype=object),
        "namaKursus": f[c[2]].to_numpy(dtype=object),
        "jumlahJam": _jp(f[c[7]]).to_numpy(dtype=object),
        "tahunKursus": tahun.to_numpy(dtype=object), "tanggalKursus": mulai,
        "tanggalSelesaiKursus": selesai,
        "institusiPenyelenggara": f[c[8]].to_numpy(dtype=object),
        "jenisDiklatId": f[c[3]].map(jenis_id).to_numpy(dtype=object), **extra,
    })[~lead].reset_index(drop=True)
    note = "SIASN riwayat csv UTF-8, ',': camelCase {} fields + native {}; dates dd-mm-yyyy"
    return [
        RawFile(f"{year}/pelatihan_diklat.csv", diklat.astype(object),
                note=note.format("rw_diklat", ", ".join([c[3], *extra])), **_CSV),
        RawFile(f"{year}/pelatihan_kursus.csv", kursus.astype(object),
                note=note.format("rw_kursus", ", ".join(extra)), **_CSV),
    ]


def kinerja(raw: RawFile, pns_ids: dict[str, str], seed: int) -> RawFile:
    """rw_skp22 layout of the native kinerja (the predikat in ``kuadranKinerja``)."""
    f = raw.frame
    c = list(f.columns)  # No, NIP, Nama, Tahun, Predikat
    lost = ~f[c[1]].map(lambda v: isinstance(v, str)).to_numpy()
    ids = np.asarray([pns_ids.get(str(n), "") for n in raw.meta["nip"]], dtype=object)
    rng = stream(seed, f"siasn-kinerja-{raw.path[:4]}")
    u = rng.random(len(f))
    pairs = [MATRIX.get(str(p).strip().lower(), ()) for p in f[c[4]]]
    pick = [p[int(x * len(p))] if p else ("", "") for p, x in zip(pairs, u, strict=True)]
    df = pd.DataFrame({
        "pnsDinilaiId": np.where(lost, "", ids),
        "nipBaru": _nip_text(f[c[1]], raw.meta["nip"]),
        "tahun": f[c[3]].astype(str).to_numpy(dtype=object),
        "hasilKinerja": np.asarray([p[0] for p in pick], dtype=object),
        "perilakuKerja": np.asarray([p[1] for p in pick], dtype=object),
        "kuadranKinerja": f[c[4]].to_numpy(dtype=object),
    }).astype(object)
    # an exact duplicate row of the native file stays one: same draw for the same row
    dup = f.duplicated(keep="first").to_numpy()
    prev = np.flatnonzero(dup) - 1
    df.loc[dup, ["hasilKinerja", "perilakuKerja"]] = df.loc[prev, ["hasilKinerja",
                                                                   "perilakuKerja"]].to_numpy()
    return RawFile(f"{raw.path[:4]}/kinerja.csv", df,
                   note="SIASN rw_skp22 csv UTF-8, ',' (pnsDinilaiId = PNS ID; nipBaru kept; "
                        "kuadranKinerja holds the predikat)", **_CSV)


def disiplin(raw: RawFile, seed: int) -> RawFile:
    """rw_hukdis layout of the native disiplin."""
    f = raw.frame
    tingkat = pd.Series(raw.meta["tingkat"], dtype=object)
    old = f["Jenis Hukuman"].str.startswith(("Penundaan", "Penurunan pangkat")).to_numpy()
    tanggal = _dmy(raw.meta["tanggal"])
    sk = [f"800/{siasn_pegawai.digest(seed, 'sk_hukdis', f'{n}|{t}') % 900 + 100}/BKPSDMD/"
          f"{t[-4:]}" for n, t in zip(raw.meta["nip"], tanggal, strict=True)]
    df = pd.DataFrame({
        "nipBaru": _nip_text(f["NIP"], raw.meta["nip"]),
        "jenisHukumanNama": f["Jenis Hukuman"].to_numpy(dtype=object),
        "jenisTingkatHukumanId": tingkat.map(TINGKAT_CODE).to_numpy(dtype=object),
        "hukumanTanggal": tanggal,
        "skNomor": np.asarray(sk, dtype=object),
        "skTanggal": tanggal,
        "nomorPp": np.where(old, "53 Tahun 2010", "94 Tahun 2021"),
        "keterangan": "",
    }).astype(object)
    return RawFile(raw.path, df, note="SIASN rw_hukdis csv UTF-8, ',' (nipBaru kept)", **_CSV)


def transform(files: list[RawFile], seed: int = DEFAULT_SEED) -> list[RawFile]:
    """The native RawFiles of :func:`kompetensi.synth.sample.build` in SIASN layouts."""
    out: list[RawFile] = []
    pns_ids: dict[str, str] = {}
    for raw in files:
        if raw.path.endswith("/pegawai.xlsx"):
            roster = siasn_pegawai.pegawai(raw, seed)
            pns_ids |= roster.meta["pns_id"]
            out.append(roster)
    for raw in files:
        table = raw.path.split("/")[-1]
        if table == "pegawai.xlsx":
            continue
        if table == "pelatihan.csv":
            out += pelatihan(raw, seed)
        elif table == "kinerja.xlsx":
            out.append(kinerja(raw, pns_ids, seed))
        elif table == "disiplin.csv":
            out.append(disiplin(raw, seed))
        else:
            out.append(raw)
    return sorted(out, key=lambda f: f.path)


README = """# SYNTHETIC DATA in SIASN layouts: `{name}`

**Every file in this folder is synthetic** (seed {seed}): the bundled sample `contoh`
written the way BKN's SIASN exports data (issue 20), by `kompetensi synth --format siasn`.
Same people, same values and the same planted faults as `contoh` wherever the layout can
hold them; cleaning both must give the same canonical tables. Never commit this folder.

*Ringkasan:* seluruh data **sintetis**; tata letak meniru ekspor SIASN. Nilai kebenaran sama
dengan sampel `contoh` (lihat `data/raw/contoh/README.md`).

## Layouts

- `pegawai.csv`: "Download Data PNS" headers in the order of kanekescom/laravel-siasn-simpeg
  `PegawaiCsvTransformer`, plus `ESELON` (II.a/II.b/III.a/III.b/IV.a). PNS ID, NIP LAMA, NIK,
  NPWP, BPJS, NOMOR HP, EMAIL, EMAIL GOV, ALAMAT, tempat lahir, agama, the SK numbers and every
  `* ID` are synthetic (hashes of the seed and the NIP; e-mail domains `.invalid`, phone
  prefix 08009). Values **not verified against a real export**: JENIS PEGAWAI NAMA "PNS
  Daerah"/"PPPK"/"PPPK Paruh Waktu", JENIS KELAMIN "M"/"F", the ids of every `* ID` column,
  KEDUDUKAN HUKUM names, LOKASI KERJA NAMA holding the kecamatan, SATUAN KERJA INDUK NAMA
  holding the instansi, kelurahan names. There is no jenjang column: it is in JABATAN NAMA
  (fungsional) and ESELON (struktural).
- `pelatihan_diklat.csv` (leadership rows, rw_diklat fields) and `pelatihan_kursus.csv`
  (rw_kursus fields): the native columns that rw_* lacks (`Bentuk`, `Lokasi`, `Kode
  Program`, and the native jenis in the diklat file) are kept under their native headers;
  the person's name is left out, as in SIASN; JP keep a decimal point.
- `kinerja.csv`: rw_skp22 fields; `pnsDinilaiId` is the roster's PNS ID (empty where the
  native NIP cell lost its digits); `nipBaru` kept; `kuadranKinerja` holds the predikat as
  the native file writes it; `hasilKinerja`/`perilakuKerja` drawn from the PermenPANRB 6/2022
  matrix cells of that predikat (empty for an unknown predikat).
- `disiplin.csv`: rw_hukdis fields (`jenisHukumanNama`, `jenisTingkatHukumanId` R/S/B,
  `hukumanTanggal`, `skNomor`, `skTanggal`, `nomorPp`) plus `nipBaru`.
- `asesmen.xlsx`, `tes.xlsx`, the surveys with their codebooks, `pemangku.csv`, the SKM
  files (`skm_eskm.csv`, `skm_kertas.xlsx`, `skm_rekap.xlsx`) and `unor_opd.csv`: the native
  files unchanged (SIASN does not hold them).

## Files

| file | format | rows |
|---|---|---|
{rows}
"""


def generate(out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the sample in SIASN layouts into ``out_dir``; returns the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files, ledger, truths = sample.build(seed)
    siasn = transform(files, seed)
    paths = [write(out_dir, raw) for raw in siasn]
    rows = "\n".join(f"| `{f.path}` | {f.note} | {len(f.frame)} |" for f in siasn)
    (out_dir / "README.md").write_bytes(
        README.format(name=out_dir.name, seed=seed, rows=rows).encode("utf-8"))
    doc = {"dataset": out_dir.name, "synthetic": True, "format": "siasn", "seed": seed,
           "regenerate": f"kompetensi synth --format siasn --seed {seed} --out {out_dir.name}",
           "files": {f.path: {"rows": len(f.frame), "format": f.note} for f in siasn},
           "native_faults": _ledger(ledger),
           # the same people as the native sample: the same planted truths, so that the
           # reports' checks against them (notebooks 04-06) run on this dataset too
           "truths": truths}
    (out_dir / "kebenaran.json").write_bytes(
        (json.dumps(readme._clean(doc), sort_keys=True, indent=2, ensure_ascii=False)
         + "\n").encode("utf-8"))
    (out_dir / "SINTETIS").write_bytes(b"synthetic sample (kompetensi synth --format siasn)\n")
    return paths


def _ledger(ledger: Ledger) -> dict:
    return ledger.as_dict()
