"""The smallest unit (SIASN's UNOR) of each synthetic roster row, and the SKM service units.

One deterministic assignment, used by the SIASN layout (``UNOR NAMA``,
:mod:`kompetensi.synth.siasn_pegawai`), by the native roster's ``Sub Unit Kerja`` column
(:mod:`kompetensi.synth.raw_pegawai`) and by the SKM files (:mod:`kompetensi.synth.skm`): a
pure function of the seed, the person's true NIP, the OPD and the post, so that a person keeps
the unit across layouts and the kelurahan or Puskesmas staff can be linked to their survey.
"""

from __future__ import annotations

import hashlib

from kompetensi.synth import catalog

KELURAHAN = {  # illustrative kelurahan names of each kecamatan (not verified)
    "Taman Sari": ("Batin Tikal", "Gedung Nasional", "Kejaksaan", "Opas Indah", "Rawa Bangun"),
    "Rangkui": ("Asam", "Bintang", "Gajah Mada", "Keramat", "Masjid Jamik", "Melintang",
                "Parit Lalang", "Pintu Air"),
    "Pangkalbalam": ("Ampui", "Ketapang", "Lontong Pancur", "Pasir Garam", "Rejosari"),
    "Gabek": ("Air Salemba", "Gabek Dua", "Gabek Satu", "Jerambah Gantung", "Selindung"),
    "Bukit Intan": ("Air Itam", "Bacang", "Pasir Putih", "Sinar Bulan", "Temberan"),
    "Girimaya": ("Batu Intan", "Bukit Besar", "Pasar Padi", "Semabung Lama", "Sriwijaya"),
    "Gerunggang": ("Bukit Merapin", "Bukit Sari", "Kacang Pedang", "Tamansari",
                   "Tua Tunu Indah"),
}
_BIDANG = ("Perencanaan dan Evaluasi", "Pelayanan", "Pembinaan", "Pengembangan",
           "Data dan Informasi")
_SUBBAG = ("Umum dan Kepegawaian", "Keuangan", "Perencanaan")
_RSUD = ("Instalasi Rawat Inap", "Instalasi Rawat Jalan", "Instalasi Gawat Darurat",
         "Bidang Pelayanan Medik dan Keperawatan")


def digest(seed: int, salt: str, key: str) -> int:
    """A 64-bit number from the seed, a field name and a key (the true NIP).

    >>> digest(1, "unit", "x") == digest(1, "unit", "x") != digest(2, "unit", "x")
    True
    """
    return int.from_bytes(hashlib.blake2b(f"{seed}|{salt}|{key}".encode(), digest_size=8)
                          .digest(), "big")


def eselon(jenis: str, jabatan: str) -> str:
    """The eselon of a structural post ("II.a" … "IV.a"), "" for every other post."""
    if jenis in ("JPT", "Jabatan Pimpinan Tinggi"):
        return "II.a" if jabatan == "Sekretaris Daerah" else "II.b"
    if jenis in ("Administrator", "Jabatan Administrator"):
        second = jabatan.startswith(("Kepala Bidang", "Kepala Bagian", "Sekretaris Camat",
                                     "Inspektur Pembantu", "Wakil Direktur"))
        return "III.b" if second else "III.a"
    return "IV.a" if jenis in ("Pengawas", "Jabatan Pengawas") else ""


def unor(h: int, opd: str, jenis: str, jabatan: str, kecamatan: str) -> str:
    """The smallest unit: Puskesmas, school, kelurahan, bidang, seksi or the OPD itself.

    ``h`` is :func:`digest` of (seed, "unit", NIP); ``jenis`` in the short or the long form.

    >>> unor(7, "Dinas Kesehatan", "Fungsional", "Perawat Terampil", "Gabek")
    'Puskesmas Gabek'
    """
    office = catalog.OPD[opd][0]
    if eselon(jenis, jabatan):
        if jabatan == "Lurah":
            return "Kelurahan " + KELURAHAN[office][h % len(KELURAHAN[office])]
        if jabatan == "Sekretaris Camat":
            return "Sekretariat Kecamatan " + office
        if jabatan.startswith("Kepala ") and not jabatan.startswith(("Kepala Dinas",
                                                                        "Kepala Badan",
                                                                        "Kepala Satuan",
                                                                        "Kepala Pelaksana")):
            return jabatan.removeprefix("Kepala ")
        return "Sekretariat" if jabatan == "Sekretaris" else opd
    if jabatan.startswith("Guru"):
        return (f"SD Negeri {h % 50 + 1} Pangkalpinang" if h % 10 < 7
                else f"SMP Negeri {h % 10 + 1} Pangkalpinang")
    if opd == catalog.DINKES and jenis not in ("Pelaksana", "Jabatan Pelaksana"):
        return f"Puskesmas {kecamatan}"
    if opd == catalog.RSUD:
        return _RSUD[h % len(_RSUD)]
    if opd.startswith("Kecamatan") and h % 10 < 6:
        return "Kelurahan " + KELURAHAN[office][h % len(KELURAHAN[office])]
    if h % 3 == 0:
        return "Sub Bagian " + _SUBBAG[h % len(_SUBBAG)]
    return "Bidang " + _BIDANG[h % len(_BIDANG)]


def unit_of(seed: int, nip: str, opd: str, jenis: str, jabatan: str, kecamatan: str) -> str:
    """:func:`unor` of one person (true NIP and OPD; post and kecamatan as on the roster).

    >>> unit_of(1, "contoh-nip-1", "Dinas Kesehatan", "Fungsional", "Bidan Terampil",
    ...         "Rangkui")
    'Puskesmas Rangkui'
    """
    return unor(digest(seed, "unit", nip), opd, jenis, jabatan, kecamatan)
