"""What cleaning a table needs besides the table: the columns each cleaner reads, and its
context (cycle, key, roster, codebook, programmes, OPD list, unit map, people).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd

from kompetensi.core.vocab import SKM_UNSUR

# The canonical columns each cleaner reads. Exact duplicates are compared on these, and
# :func:`kompetensi.processing.build.clean_file` converts only these (names, running numbers and
# other columns are parsed but never held). Survey tables read every column (their items).
USED_COLUMNS: dict[str, tuple[str, ...]] = {
    "pegawai": ("nip", "pns_id", "status_asn", "jenis_pegawai", "status_cpns", "kedudukan",
                "golongan", "jenis_jabatan", "eselon", "jabatan", "jenjang", "opd", "unor",
                "satuan_kerja", "kecamatan", "pendidikan"),
    "pelatihan": ("nip", "nama_pelatihan", "jenis", "bentuk", "tanggal_mulai",
                  "tanggal_selesai", "tahun", "jp", "lokasi", "penyelenggara", "program"),
    "asesmen": ("nip", "kompetensi", "kelompok", "level_standar", "level_capaian", "potensi",
                "jpm"),
    "kinerja": ("nip", "pns_id", "tahun", "periode", "predikat", "kuadran_kinerja",
                "hasil_kinerja", "perilaku_kerja", "nilai"),
    "disiplin": ("nip", "pns_id", "tingkat", "jenis_hukuman", "tahun", "tanggal",
                 "dibatalkan"),
    "tes": ("nip", "program", "skor_pre", "skor_post"),
    "pemangku": ("responden", "kelompok", "kriteria_a", "kriteria_b", "penilaian", "nilai"),
    # SKM: the running number, the form's identifying columns (nama, nomor_hp, email) and the
    # time stamp only tell a response submitted twice apart (A-SKM-30); they are never stored
    "skm": ("no", "unit", "opd", "layanan", "timestamp", "tanggal", "periode", "jenis_kelamin",
            "usia", "pendidikan", "pekerjaan", *SKM_UNSUR, "nama", "nomor_hp", "email"),
    "skm_rekap": ("no", "unit", "opd", "periode", "responden", "populasi",
                  *(f"nrr_{u}" for u in SKM_UNSUR), "ikm", "mutu"),
}


@dataclass(frozen=True)
class Context:
    """What cleaning a table needs besides the table itself."""

    siklus: int
    key: bytes
    roster: Collection[str] | None = None  # pids of this cycle's pegawai
    codebook: pd.DataFrame | None = None  # survey tables
    programs: pd.DataFrame | None = None  # columns kode, nama (optional)
    opd: pd.DataFrame | None = None  # the dataset's own OPD list (opd, singkatan), optional
    unor_opd: pd.DataFrame | None = None  # the dataset's own unit -> OPD map (unor, opd)
    people: pd.DataFrame | None = None  # NIPs parsed while cleaning pegawai, by raw text
    found: dict = field(default_factory=dict)  # what a cleaner hands back (pegawai: people)
