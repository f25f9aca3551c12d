"""Is a cycle's raw data fit to be analysed? The gate of ``kompetensi check`` and ``run``.

Cleaning a cycle (:func:`kompetensi.processing.build.clean_cycle`) yields the *facts*
(:func:`cycle_facts`: per table rows read, kept, rejected with their reasons, duplicates;
the tables that are missing; how many dated rows fall in the cycle; the SKP of the cycle
year; roster units not mapped to an OPD with their head counts). The facts are JSON, stored beside the processed data
(``kesiapan.json``), so that a run judges them without cleaning again. :func:`assess` turns
them into a verdict under the run's threshold: a cycle is *not ready* (``belum siap``) when

- a required table (:data:`REQUIRED_TABLES`) is missing;
- a table's rejected share of rows is above ``max_rejected`` (default 2 %; rows of the
  sheet's layout, :data:`kompetensi.clean.layout.LAYOUT_REASONS`, are not data and do not
  count);
- rows were dropped without a reason (read ≠ kept + rejected + duplicates);
- most dated rows of a table fall outside the cycle year (last year's file in this year's
  folder), or the cycle year has no SKP rating;
- an item of a survey codebook has no column in the survey file (the scale would be scored
  on fewer items than the instrument has);
- a roster unit maps to no OPD (``unit_tidak_dipetakan``: every such unit is named with its
  head count, whatever the rejected share; :mod:`kompetensi.clean.units`), or a service
  unit of the satisfaction survey does (:mod:`kompetensi.processing.readiness_skm`).

Everything else that limits the analysis (a missing optional table and what it disables,
rejected rows under the threshold, a survey column matched to an item only by similar text,
a survey column that matches no item) is a warning.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kompetensi.clean import LAYOUT_REASONS
from kompetensi.clean.records import ANNULLED
from kompetensi.clean.units import MAP_FILE as UNIT_MAP_FILE
from kompetensi.core.formats import angka, persen
from kompetensi.processing.readiness_skm import skm_facts, skm_findings

REQUIRED_TABLES = ("pegawai", "pelatihan", "kinerja")
# What the analysis loses without a table (shown by ``check`` for every missing table).
DISABLES = {
    "pegawai": "semua analisis (daftar pegawai menentukan siapa ASN siklus ini)",
    "pelatihan": "hak 20 JP, IP ASN kompetensi, peserta program (notebook 03, 04, 05)",
    "kinerja": "IP ASN kinerja, talent box, dampak pelatihan pada SKP (notebook 02, 03, 05)",
    "asesmen": "analisis kebutuhan kompetensi dan talent box (notebook 02)",
    "disiplin": "komponen disiplin IP ASN (notebook 03)",
    "tes": "evaluasi level 2: pre-test/post-test (notebook 04)",
    "survei_reaksi": "evaluasi level 1: reaksi peserta (notebook 04)",
    "survei_perilaku": "evaluasi level 3: perilaku kerja (notebook 04)",
    "pemangku": "bobot prioritas pemangku kepentingan, AHP (notebook 06)",
    "skm": "IKM per unit layanan dari jawaban responden survei kepuasan masyarakat dan "
           "kaitannya dengan pelatihan pegawai unit itu",
    "skm_rekap": "IKM per unit layanan menurut rekap yang dipublikasikan unit (unit tanpa "
                 "data responden)",
}
DEFAULT_MAX_REJECTED = 0.02
UNMAPPED = "unit_tidak_dipetakan"  # roster rows whose unit maps to no OPD: always blocking
OUTSIDE_CYCLE_LIMIT = 0.5  # above this share of dated rows outside the cycle: wrong cycle
TOP_REASONS = 5
# Dated columns of the cleaned tables: (table, column, "tanggal" | "tahun").
_DATED = (("pelatihan", "tanggal_mulai", "tanggal"), ("disiplin", "tahun", "tahun"),
          ("skm", "tanggal", "tanggal"))


def cycle_facts(result: dict, siklus: int, tables_expected: tuple[str, ...]) -> dict:
    """The JSON facts of one cleaned cycle that :func:`assess` judges.

    Parameters
    ----------
    result : dict
        :func:`kompetensi.processing.build.clean_cycle`'s result (``tables``, ``rejects``,
        ``kualitas``).
    siklus : int
        The cycle year.
    tables_expected : tuple of str
        Every canonical raw table (:data:`kompetensi.io.RAW_TABLES`).

    Returns
    -------
    dict
        ``siklus``, ``tabel`` (per table: file, counts, top reasons), ``tidak_ada``,
        ``di_luar_siklus`` (per dated table: dated rows and rows outside the cycle year),
        ``skp_tahun_siklus`` (kept ratings of the cycle year, None without kinerja),
        ``unit_tidak_dikenal`` (``[unit, head count]`` of each roster unit mapped to no OPD,
        from the rows rejected ``unit_tidak_dipetakan``; a person rejected earlier for another
        reason, e.g. an unreadable NIP, is not counted there); ``skm`` (the satisfaction
        survey tables: :func:`kompetensi.processing.readiness_skm.skm_facts`).
        No NIP, name or birth date: reason codes, counts, row numbers and unit names only.
    """
    rejects, quality, tables = result["rejects"], result["kualitas"], result["tables"]
    rows = rejects.loc[rejects["cakupan"] == "baris"]
    cells = rejects.loc[rejects["cakupan"] == "sel"]
    per_table = {}
    for record in quality.to_dict("records"):
        mine = rows.loc[rows["tabel"] == record["tabel"]]
        read = result.get("dibaca", {}).get(record["tabel"], {})
        mine = mine.assign(tempat=_places(mine, _several_files(read)))
        reasons = (mine.groupby(["alasan", "pesan"], sort=True).agg(
            n=("baris", "size"), contoh=("tempat", lambda b: [str(x) for x in b.head(5)]))
            .reset_index().sort_values(["n", "alasan"], ascending=[False, True]))
        per_table[record["tabel"]] = {
            "file": str(record["file"]),
            **{k: int(record[k]) for k in ("baris_masuk", "disimpan", "ditolak", "duplikat",
                                            "sel_tidak_valid")},
            "bukan_data": int(mine["alasan"].isin([*LAYOUT_REASONS, ANNULLED]).sum()),
            # kinerja: kept rows combined into the annual rating of their person-year
            "digabung": int(record.get("digabung", 0) or 0),
            # disiplin: sanctions kept with an unreadable level (discipline unknown)
            "tingkat_tak_terbaca": int(((cells["tabel"] == record["tabel"])
                                        & (cells["alasan"] == "tingkat_hukuman")).sum()),
            **_read_facts(read),
            "alasan": [{"alasan": r.alasan, "pesan": r.pesan, "n": int(r.n),
                        "contoh": r.contoh} for r in reasons.itertuples()],
        }
    outside = {}
    for table, column, kind in _DATED:
        if table in tables and column in tables[table]:
            values = tables[table][column]
            year = values.dt.year if kind == "tanggal" else pd.to_numeric(values)
            dated = year.notna()
            outside[table] = {"bertanggal": int(dated.sum()),
                              "di_luar": int((dated & (year != siklus)).sum())}
    skp = None
    if "kinerja" in tables:
        skp = int((pd.to_numeric(tables["kinerja"]["tahun"]) == siklus).sum())
    staff = {}
    if "pegawai" in tables:  # who the roster holds: by status, and who is not active
        roster = tables["pegawai"]
        staff["status"] = {str(k): int(v) for k, v in
                           roster["status_asn"].value_counts(sort=False).items() if v}
        if "aktif" in roster.columns:
            off = roster.loc[~roster["aktif"].astype(bool), "kedudukan"]
            staff["tidak_aktif"] = {str(k): int(v) for k, v in
                                    off.value_counts(sort=True).items() if v}
    unmapped = rows.loc[(rows["tabel"] == "pegawai") & (rows["alasan"] == UNMAPPED)]
    units = unmapped.groupby("nilai", sort=True, dropna=False).size()
    return {
        "butir": {table: _item_facts(found) for table, found in
                  sorted(result.get("butir", {}).items())},
        "siklus": int(siklus),
        "tabel": per_table,
        "tidak_ada": [t for t in tables_expected if t not in per_table],
        "di_luar_siklus": outside,
        "skp_tahun_siklus": skp,
        "pegawai": staff,
        "unit_tidak_dikenal": [["(kosong)" if pd.isna(name) else str(name), int(n)]
                               for name, n in units.items()],
        "file_tidak_dikenal": [[str(name), str(why)]
                               for name, why in result.get("file_tidak_dikenal", [])],
        "skm": skm_facts(tables, rows),  # service units, periods, unmapped units
    }


def _read_facts(read: dict) -> dict:
    """Format, sheets used (with their counts) and sheets left out, of a table's raw files."""
    return {"format": read.get("format"), "lembar": read.get("lembar", []),
            "lembar_dilewati": read.get("dilewati", [])}


def _several_files(read: dict) -> bool:
    return len({s.get("file") for s in read.get("lembar", [])}) > 1


def _places(rejects: pd.DataFrame, several: bool) -> pd.Series:
    """Where each rejected row is, as ``check`` shows it: ``12``, ``PPPK!12`` (a sheet of a
    workbook of several), ``pelatihan_kursus.csv:12`` or ``pegawai_a.xlsx:PNS!12`` (a file
    of a table of several)."""
    sheet = rejects["file"].str.extract(r" \[(.*)\]$", expand=False)  # "pegawai.xlsx [PPPK]"
    place = (sheet + "!").fillna("") + rejects["baris"].astype("string")
    if several:
        place = rejects["file"].str.replace(r" \[.*\]$", "", regex=True) + ":" + place
    return place


def _sheet_findings(table: str, t: dict, summary: list, warnings: list) -> None:
    parts = t.get("lembar", [])
    files = len({s.get("file") for s in parts}) > 1

    def where(s: dict) -> str:
        return " ".join([*([f"file '{s['file']}'"] if files else []),
                         *([f"lembar '{s['lembar']}'"] if s["lembar"] is not None else [])])

    if files or len([s for s in parts if s["lembar"] is not None]) > 1:
        for s in parts:
            summary.append(f"    {where(s)}: {s['baris']} baris dibaca (judul kolom di baris "
                           f"{s['baris_judul']}), {s['ditolak']} ditolak")
    for s in parts:
        if s["sel_galat"]:
            at = f" {where(s)}" if where(s) else ""
            warnings.append(f"{table} ({t['file']}{at}): {s['sel_galat']} sel berisi galat "
                            "Excel (#N/A, #REF! …) dikosongkan; periksa rumus sumbernya")
    for sheet, why, *file in t.get("lembar_dilewati", []):
        warnings.append(f"{table} ({file[0] if file else t['file']}): lembar '{sheet}' tidak "
                        f"dibaca: {why}")


def _item_facts(found: dict) -> dict:
    """How a survey file's columns matched its codebook, as JSON."""
    matches = found.get("butir", pd.DataFrame(columns=["kolom", "butir", "cara", "kemiripan"]))
    unmatched = found.get("butir_tidak_cocok",
                          pd.DataFrame(columns=["kolom", "calon", "kemiripan", "alasan"]))

    def plain(value):
        return None if pd.isna(value) else value

    return {
        "cocok": [{"kolom": str(r.kolom), "butir": str(r.butir), "cara": str(r.cara),
                   "kemiripan": round(float(r.kemiripan), 3)} for r in matches.itertuples()],
        "tidak_cocok": [{"kolom": str(r.kolom), "calon": plain(r.calon),
                         "kemiripan": None if pd.isna(r.kemiripan) else round(
                             float(r.kemiripan), 3), "alasan": str(r.alasan)}
                        for r in unmatched.itertuples()],
        "tanpa_kolom": [str(b) for b in found.get("butir_tanpa_kolom", [])],
    }


def _ratio(value: float | None) -> str:
    return "—" if value is None else angka(value, 2)


def _item_findings(facts: dict, blocking: list, warnings: list) -> None:
    for table, found in sorted(facts.get("butir", {}).items()):
        for m in found["cocok"]:
            if m["cara"] == "mirip":
                warnings.append(f"{table}: kolom '{m['kolom']}' dicocokkan ke butir {m['butir']} "
                                f"karena teksnya mirip (kemiripan {_ratio(m['kemiripan'])}); "
                                "periksa bahwa pertanyaannya sama")
        for u in found["tidak_cocok"]:
            near = f"; paling mirip {u['calon']} ({_ratio(u['kemiripan'])})" if u["calon"] \
                else ""
            warnings.append(f"{table}: kolom '{u['kolom']}' tidak dicocokkan ke butir mana pun "
                            f"({u['alasan']}{near}); kolom ini tidak dianalisis: bila ini "
                            "butir, tambahkan teksnya ke kodebuku")
        if found["tanpa_kolom"]:
            blocking.append(f"{table}: butir kodebuku tanpa kolom di file: "
                            f"{', '.join(found['tanpa_kolom'])}; skor dimensinya akan dihitung "
                            "dari butir yang tersisa: samakan teks kolom dengan kodebuku (atau "
                            "hapus butir itu dari kodebuku siklus ini)")


def item_table(facts: dict) -> pd.DataFrame:
    """Every survey column and how it matched the codebook (``tabel``, ``kolom``, ``butir``,
    ``cara``, ``kemiripan``); unmatched columns with ``cara`` "tidak cocok", codebook items
    without a column with ``kolom`` "—".

    >>> facts = {"butir": {"survei_reaksi": {"cocok": [{"kolom": "Materi jelas",
    ...     "butir": "R01", "cara": "teks", "kemiripan": 1.0}], "tidak_cocok": [],
    ...     "tanpa_kolom": ["R02"]}}}
    >>> item_table(facts)["cara"].tolist()
    ['teks', 'tanpa kolom']
    """
    rows = []
    for table, found in sorted(facts.get("butir", {}).items()):
        rows += [(table, m["kolom"], m["butir"], m["cara"], m["kemiripan"])
                 for m in found["cocok"]]
        rows += [(table, u["kolom"], u["calon"] or "—", "tidak cocok", u["kemiripan"])
                 for u in found["tidak_cocok"]]
        rows += [(table, "—", b, "tanpa kolom", None) for b in found["tanpa_kolom"]]
    return pd.DataFrame(rows, columns=["tabel", "kolom", "butir", "cara", "kemiripan"])


@dataclass(frozen=True)
class Readiness:
    """The verdict on one cycle: what blocks the analysis, what limits it, and the counts.

    ``blocking`` non-empty means *belum siap*: ``kompetensi run`` stops unless ``--paksa``.
    """

    siklus: int
    blocking: tuple[str, ...]
    warnings: tuple[str, ...]
    summary: tuple[str, ...]
    max_rejected: float = DEFAULT_MAX_REJECTED  # the threshold it was judged under

    @property
    def ready(self) -> bool:
        return not self.blocking


def _share(part: int, whole: int) -> str:
    return persen(100 * part / whole) if whole else "0 %"


def assess(facts: dict, *, max_rejected: float | None = None) -> Readiness:
    """Judge a cycle's facts (:func:`cycle_facts`).

    Parameters
    ----------
    facts : dict
        From :func:`cycle_facts` (or the ``kesiapan.json`` beside the processed data).
    max_rejected : float, optional
        Largest share of a table's rows that may be rejected (0-1; default
        :data:`DEFAULT_MAX_REJECTED`, 0.02).

    Returns
    -------
    Readiness

    Examples
    --------
    >>> facts = {"siklus": 2025, "tabel": {}, "tidak_ada": ["pegawai"],
    ...          "di_luar_siklus": {}, "skp_tahun_siklus": None, "unit_tidak_dikenal": []}
    >>> assess(facts).blocking[0].startswith("tabel wajib 'pegawai' tidak ada")
    True
    """
    siklus, blocking, warnings, summary = facts["siklus"], [], [], []
    if max_rejected is None:
        max_rejected = DEFAULT_MAX_REJECTED
    for table in facts["tidak_ada"]:
        text = f"tabel {'wajib ' if table in REQUIRED_TABLES else ''}'{table}' tidak ada: " \
               f"tanpa tabel ini tidak dapat dihitung {DISABLES.get(table, 'analisis terkait')}"
        (blocking if table in REQUIRED_TABLES else warnings).append(text)
    skm_lines: list[str] = []
    skm_findings(facts, blocking, warnings, skm_lines)
    for table, t in sorted(facts["tabel"].items()):
        n_in, layout = t["baris_masuk"], t.get("bukan_data", 0)
        rejected = t["ditolak"] - layout  # rows rejected for their content
        summary.append(f"{table} ({t['file']}): {n_in} baris dibaca, {t['disimpan']} disimpan, "
                       f"{t['ditolak']} ditolak ({_share(t['ditolak'], n_in)}"
                       + (f"; {layout} di antaranya bukan baris data: jumlah, judul kelompok, "
                          "tanda tangan, nomor tanpa isi"
                          + (", hukuman yang dibatalkan" if table == "disiplin" else "")
                          if layout else "")
                       + f"), {t['duplikat']} duplikat"
                       + (f"; {t['digabung']} baris periodik digabung ke predikat tahunan"
                          if t.get("digabung") else ""))
        staff = facts.get("pegawai") or {}
        if table == "pegawai" and staff.get("status"):
            line = "    menurut status: " + ", ".join(f"{k} {v}" for k, v in staff["status"].items())
            if staff.get("tidak_aktif"):
                line += ("; tidak aktif (di luar penyebut 20 JP): "
                         + ", ".join(f"{k} {v}" for k, v in staff["tidak_aktif"].items()))
            summary.append(line)
        if t.get("tingkat_tak_terbaca"):
            warnings.append(
                f"{table}: {t['tingkat_tak_terbaca']} hukuman disiplin dengan tingkat yang "
                "tidak dapat dibaca disimpan dengan tingkat kosong; skor disiplin IP ASN "
                "orang itu tidak diketahui (bukan 'tanpa hukuman'): lengkapi jenis atau "
                "tingkat hukumannya (PP 94/2021, PP 53/2010)")
        for reason in t["alasan"][:TOP_REASONS]:
            rows = ", ".join(map(str, reason["contoh"]))
            more = " …" if reason["n"] > len(reason["contoh"]) else ""
            summary.append(f"    {reason['n']} × {reason['pesan']} [{reason['alasan']}]; "
                           f"baris {rows}{more}")
        _sheet_findings(table, t, summary, warnings)
        summary += [line for line in skm_lines if line.startswith(f"    {table}: ")]
        unaccounted = n_in - t["disimpan"] - t["ditolak"] - t["duplikat"]
        if unaccounted:
            blocking.append(f"{table}: {unaccounted} baris hilang tanpa alasan ({n_in} dibaca "
                            f"≠ disimpan + ditolak + duplikat); ini kesalahan program: "
                            "laporkan ke pengelola repositori")
        if n_in - layout and rejected / (n_in - layout) > max_rejected:
            blocking.append(
                f"{table}: {rejected} dari {n_in - layout} baris data ditolak "
                f"({_share(rejected, n_in - layout)}"
                f", di atas batas {_share(round(max_rejected * 10000), 10000)}); perbaiki file "
                f"{t['file']} menurut alasan di atas (atau naikkan batas dengan --batas-tolak)")
    for table, d in sorted(facts["di_luar_siklus"].items()):
        if d["bertanggal"] and d["di_luar"] / d["bertanggal"] > OUTSIDE_CYCLE_LIMIT:
            blocking.append(
                f"{table}: {d['di_luar']} dari {d['bertanggal']} baris bertanggal di luar tahun "
                f"{siklus} ({_share(d['di_luar'], d['bertanggal'])}); apakah file siklus lain "
                f"tersalin ke folder {siklus}?")
        elif d["di_luar"]:
            warnings.append(f"{table}: {d['di_luar']} baris bertanggal di luar tahun {siklus}; "
                            "baris itu tidak dihitung untuk siklus ini")
    if facts["skp_tahun_siklus"] == 0:
        blocking.append(f"kinerja: tidak ada predikat SKP tahun {siklus}; apakah file kinerja "
                        "siklus ini yang benar?")
    _item_findings(facts, blocking, warnings)
    for name, why in facts.get("file_tidak_dikenal", []):
        warnings.append(f"file '{name}' tidak dibaca: {why}")
    for unit, n in facts["unit_tidak_dikenal"]:
        blocking.append(f"pegawai: unit kerja '{unit}' tidak dipetakan ke perangkat daerah "
                        f"({n} pegawai); tambahkan baris unor,opd ke data/raw/<dataset>/"
                        f"{UNIT_MAP_FILE} (atau perbaiki kolom OPD/satuan kerja)")
    return Readiness(siklus, tuple(blocking), tuple(warnings), tuple(summary), max_rejected)


def readiness_table(verdict: Readiness) -> pd.DataFrame:
    """The gate's findings as a published table (``jenis``: galat / peringatan, ``temuan``).

    >>> readiness_table(Readiness(2025, ("a",), ("b",), ())).to_dict("list")
    {'jenis': ['galat', 'peringatan'], 'temuan': ['a', 'b']}
    """
    rows = [("galat", b) for b in verdict.blocking] + [("peringatan", w)
                                                      for w in verdict.warnings]
    if not rows:
        rows = [("—", f"data siklus {verdict.siklus} siap diolah: tidak ada temuan")]
    return pd.DataFrame(rows, columns=["jenis", "temuan"])
