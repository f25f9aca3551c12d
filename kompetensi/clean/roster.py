"""Cleaning of the roster (``pegawai``), including SIASN's "Download Data PNS" layout.

What each row becomes (``docs/data_dictionary.md``, assumptions A-STS, A-KED, A-JAB-2,
A-UNOR in ``docs/asumsi.md``):

- ``status_asn``: "PNS", "PPPK" or "PPPK Paruh Waktu", from the status column, else SIASN's
  JENIS PEGAWAI NAMA, else STATUS CPNS PNS ("P"/"C": PNS, a CPNS counted as PNS), else the
  kind of the number itself (a NIP or a NI PPPK, :func:`kompetensi.clean.parse_nip`);
  "paruh waktu" in either status column makes a PPPK a part-time one;
- ``kedudukan`` and ``aktif`` from KEDUDUKAN HUKUM NAMA and ``reference/kedudukan_hukum.csv``
  ("Aktif" and True when the roster has no such column);
- ``jenis_jabatan`` from the jenis jabatan, or, for SIASN's "Jabatan Struktural", from the
  eselon (``reference/eselon.csv``);
- ``opd`` from the unit (:mod:`kompetensi.clean.units`), ``unor`` the unit as written;
- ``masa_kerja``: from the TMT CPNS of a NIP; for a NI PPPK from its appointment year
  (digits 9-12), the only work length the number gives (A-NIP-1).
"""

from __future__ import annotations

import pandas as pd

from kompetensi import reference
from kompetensi.clean import normalize as nz
from kompetensi.clean.context import Context
from kompetensi.clean.fields import _col, _filled, _person, _single_spaced, _text
from kompetensi.clean.rejections import Rejections
from kompetensi.clean.units import map_units
from kompetensi.core.uniques import on_unique_rows, on_uniques

PARUH_WAKTU = "PPPK Paruh Waktu"
STATUS_ASN = ("PNS", "PPPK", PARUH_WAKTU)


@on_uniques
def normalize_status_cpns(values: pd.Series) -> pd.Series:
    """SIASN's STATUS CPNS PNS: "P" (PNS) and "C" (CPNS) both give "PNS"; <NA> otherwise.

    >>> normalize_status_cpns(pd.Series(["P", "C", "", "x"])).tolist()
    ['PNS', 'PNS', <NA>, <NA>]
    """
    return nz._by_pattern(values, [(r"^(p|c|pns|cpns)$", "PNS")])


def resolve_status(raw: pd.DataFrame, jenis_nip: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``status_asn`` of each row and whether a status was written but could not be read.

    A status written in any status column but readable in none is not replaced by the
    NIP's kind (the row is rejected, ``status_asn``): a value such as "Honorer" is not an
    ASN status. Only where every status column is blank does the number decide.
    """
    written = nz.normalize_status_asn(_col(raw, "status_asn"))
    jenis = nz.normalize_status_asn(_col(raw, "jenis_pegawai"))
    status = written.fillna(jenis).fillna(normalize_status_cpns(_col(raw, "status_cpns")))
    part_time = (written == PARUH_WAKTU) | (jenis == PARUH_WAKTU)
    status = status.mask(part_time.fillna(False).astype(bool), PARUH_WAKTU)
    filled = _filled(raw, "status_asn") | _filled(raw, "jenis_pegawai") | _filled(
        raw, "status_cpns")
    unreadable = status.isna() & filled
    status = status.fillna(pd.Series(jenis_nip, copy=False).astype("string").where(~filled))
    return status.astype("string"), unreadable


@on_uniques
def normalize_kedudukan(values: pd.Series) -> pd.DataFrame:
    """Canonical kedudukan hukum and whether it is in the cycle's denominator.

    Names as ``reference/kedudukan_hukum.csv`` lists them (SIASN's list and older SIMPEG
    names), case and punctuation ignored, a leading code ("01 - Aktif") dropped.

    Returns
    -------
    DataFrame with ``kedudukan`` (string, <NA> where unknown or blank) and ``aktif``
    (boolean, <NA> where unknown).

    >>> normalize_kedudukan(pd.Series(["AKTIF", "Cuti di Luar Tanggungan Negara"]))[
    ...     "kedudukan"].tolist()
    ['Aktif', 'CLTN']
    """
    ref = reference.load("kedudukan_hukum")
    keys = _kedudukan_key(ref["nama"])
    name = dict(zip(keys, ref["kedudukan"], strict=True))
    active = dict(zip(keys, ref["aktif"] == "1", strict=True))
    key = _kedudukan_key(values)
    return pd.DataFrame({"kedudukan": key.map(name).astype("string"),
                         "aktif": key.map(active).astype("boolean")}, index=key.index)


def _kedudukan_key(values: pd.Series) -> pd.Series:
    key = nz._key(values).str.replace(r"^\d{1,2}\s*[-.]?\s+", "", regex=True)
    return key.str.replace(r"[-/]", " ", regex=True).str.replace(r"\s+", " ", regex=True)


@on_uniques
def normalize_eselon(values: pd.Series) -> pd.DataFrame:
    """Eselon as written ("II.b", "III.a", "IV/a", "Eselon IIB", "2b", SAPK code "22") read
    through ``reference/eselon.csv``.

    Returns
    -------
    DataFrame with ``eselon`` (canonical code such as "II.b"), ``jenis_jabatan`` and
    ``jenjang`` (JPT only), <NA> where the value is no eselon ("Non Eselon", blank).

    >>> normalize_eselon(pd.Series(["II.b", "III/a", "IV.A", "Non Eselon"]))[
    ...     "jenis_jabatan"].tolist()
    ['JPT', 'Administrator', 'Pengawas', <NA>]
    """
    ref = reference.load("eselon")
    text = nz._text(values).str.upper().str.replace(r"\bE\s*S+\s*E\s*LON\b\.?", " ", regex=True)
    parts = text.str.strip().str.extract(r"^(IV|III|II|I|V|[1-5])\s*[.\-/]?\s*([AB12])?$")
    level = parts[0].replace({"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V"})
    letter = parts[1].replace({"1": "A", "2": "B"}).str.lower()
    code = (level + ("." + letter).fillna("")).astype("string")
    code = code.where(code.isin(set(ref["eselon"])))
    by = ref.set_index("eselon")
    return pd.DataFrame({
        "eselon": code,
        "jenis_jabatan": code.map(by["jenis_jabatan"]).astype("string"),
        "jenjang": code.map(by["jenjang"].replace("", pd.NA)).astype("string"),
    }, index=values.index)


def resolve_jenis_jabatan(raw: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """``jenis_jabatan`` of each row, the jenjang an eselon gives, and the rows of a
    "Jabatan Struktural" without a readable eselon (rejected with their own reason).

    Worked out once per distinct pair of jenis jabatan and eselon as written.
    """
    pairs = pd.DataFrame({"jenis": _col(raw, "jenis_jabatan"), "eselon": _col(raw, "eselon")})
    out = on_unique_rows(pairs, _jenis_of_pair)
    return (out["jenis_jabatan"].astype("string"), out["jenjang"].astype("string"),
            out["tanpa_eselon"].astype(bool))


def _jenis_of_pair(pairs: pd.DataFrame) -> pd.DataFrame:
    given = pairs["jenis"]
    jenis = nz.normalize_jenis_jabatan(given)
    eselon = normalize_eselon(pairs["eselon"])
    structural = nz._key(given).str.contains("struktural", na=False).astype(bool)
    jenis = jenis.mask(structural, eselon["jenis_jabatan"]).fillna(
        eselon["jenis_jabatan"].where(nz._text(given).isna()))
    return pd.DataFrame({"jenis_jabatan": jenis.astype("string"),
                         "jenjang": eselon["jenjang"].astype("string"),
                         "tanpa_eselon": structural & eselon["jenis_jabatan"].isna()},
                        index=pairs.index)


def derive_jenjang(jenis_jabatan: pd.Series, jabatan: pd.Series) -> pd.Series:
    """The jenjang of a post when the roster has none: by ``reference/jenjang_jabatan.csv``.

    A fungsional post's level is in its name ("Pranata Komputer Ahli Pertama" -> "Ahli
    Pertama"); administrator, pengawas and pelaksana have no sub-levels, so their jenjang is
    the kind itself; a JPT's comes from its eselon (:func:`normalize_eselon`). <NA> where
    nothing matches (A-JAB-3).

    >>> derive_jenjang(pd.Series(["Fungsional", "Pengawas", "Fungsional"]),
    ...                pd.Series(["Pranata Komputer Ahli Pertama", "Kepala Seksi", "Guru"])
    ...                ).tolist()
    ['Ahli Pertama', 'Pengawas', <NA>]
    """
    rules = reference.load("jenjang_jabatan")
    pairs = pd.DataFrame({"jenis": jenis_jabatan.astype("string"),
                          "jabatan": jabatan.astype("string")})
    return on_unique_rows(pairs, lambda p: _jenjang_of(p["jenis"], p["jabatan"], rules))


def _jenjang_of(jenis: pd.Series, jabatan: pd.Series, rules: pd.DataFrame) -> pd.Series:
    key = nz._key(jabatan)
    out = pd.Series(pd.NA, index=jenis.index, dtype="string")
    for rule in rules.itertuples():
        hit = (jenis == rule.jenis_jabatan).fillna(False)
        if rule.kata_kunci != "*":
            hit &= key.str.contains(rf"\b{rule.kata_kunci}\b", regex=True, na=False)
        out = out.mask(out.isna() & hit.astype(bool), rule.jenjang)
    return out


def _clean_pegawai(raw: pd.DataFrame, rej: Rejections, ctx: Context) -> pd.DataFrame:
    person = _person(raw, rej, ctx, in_roster=False, details=True)
    # one pid per NIP: the pid's integer codes tell repeated NIPs apart cheaply
    first_of_nip = ~person.pid.duplicated(keep="first") | person.pid.isna()
    rej.add(~first_of_nip, "nip_ganda", "nip", person.nip)
    _people_ids(raw, ctx)
    status, unreadable = resolve_status(raw, person.jenis_nip)
    rej.add(status.isna() | unreadable, "status_asn", "status_asn", _col(raw, "status_asn"))
    kedudukan = _kedudukan(raw)
    rej.add(kedudukan["kedudukan"].isna(), "kedudukan_hukum", "kedudukan",
            _col(raw, "kedudukan"))
    golongan = on_unique_rows(
        pd.DataFrame({"golongan": _col(raw, "golongan"), "status": status}),
        lambda pair: nz.normalize_golongan(pair["golongan"], pair["status"]),
        as_category=True)
    rej.add(golongan.isna(), "golongan", "golongan", _col(raw, "golongan"))
    jenis, jenjang_eselon, no_eselon = resolve_jenis_jabatan(raw)
    rej.add(no_eselon, "jabatan_struktural_tanpa_eselon", "eselon", _col(raw, "eselon"))
    rej.add(jenis.isna(), "jenis_jabatan", "jenis_jabatan", _col(raw, "jenis_jabatan"))
    units = map_units(_col(raw, "unor"), _col(raw, "opd"), _col(raw, "satuan_kerja"),
                      opd_list=ctx.opd, mapping=ctx.unor_opd)
    rej.add(units["opd"].isna(), "unit_tidak_dipetakan", "unor", units["unit"])
    pendidikan = nz.normalize_pendidikan(_col(raw, "pendidikan"))
    rej.add(pd.Series(pendidikan, index=raw.index).isna(), "pendidikan", "pendidikan",
            _col(raw, "pendidikan"))
    kecamatan = _kecamatan(_col(raw, "kecamatan"), as_category=True)
    siklus = float(ctx.siklus)
    return pd.DataFrame({
        "pid": person.pid,
        "siklus": ctx.siklus,
        "status_asn": status.astype("category"),
        "kedudukan": kedudukan["kedudukan"].astype("category"),
        "aktif": kedudukan["aktif"].fillna(False).astype(bool),
        "jenis_kelamin": person.jenis_kelamin.astype("category"),
        "tanggal_lahir": person.tanggal_lahir,
        "usia": (siklus - person.tanggal_lahir.dt.year.astype("float64")).astype("Int64"),
        "tmt_cpns": person.tmt_cpns,
        "masa_kerja": (siklus - _start_year(person)).astype("Int64"),
        "golongan": golongan,
        "jenis_jabatan": jenis.astype("category"),
        "jabatan": _text(raw, "jabatan", as_category=True),
        "jenjang": _text(raw, "jenjang").fillna(jenjang_eselon).fillna(
            derive_jenjang(jenis, _text(raw, "jabatan"))).astype("category"),
        "opd": units["opd"].astype("category"),
        "unor": units["unor"].astype("category"),
        "kecamatan": kecamatan,
        "pendidikan": pendidikan,
    }, index=raw.index, copy=False)


def _start_year(person: pd.DataFrame) -> pd.Series:
    """Year of the TMT CPNS (NIP) or of the PPPK appointment (NI PPPK digits 9-12)."""
    tmt = person.tmt_cpns.dt.year.astype("float64")
    pppk = (person.jenis_nip == "PPPK").fillna(False).to_numpy(dtype=bool)
    if pppk.any():
        appointed = pd.to_numeric(person.nip[pppk].astype("string").str.slice(8, 12),
                                  errors="coerce").astype("float64")
        tmt = tmt.copy()
        tmt[pppk] = appointed.to_numpy()
    return tmt


def _kedudukan(raw: pd.DataFrame) -> pd.DataFrame:
    """Kedudukan and aktif of each row; "Aktif"/True when the roster has no such column."""
    if "kedudukan" not in raw.columns:
        return pd.DataFrame({"kedudukan": pd.Series("Aktif", index=raw.index, dtype="string"),
                             "aktif": pd.Series(True, index=raw.index, dtype="boolean")})
    return normalize_kedudukan(raw["kedudukan"])


def _people_ids(raw: pd.DataFrame, ctx: Context) -> None:
    """Add the roster's PNS ID (raw text, in memory only) to ``ctx.found["people"]``, by the
    raw NIP text the people are indexed by, so that SKP records keyed by ``pnsDinilaiId``
    can be linked to a person (:func:`kompetensi.clean.people.identify`)."""
    people = ctx.found.get("people")
    if people is None or "pns_id" not in raw.columns:
        return
    ids = pd.Series(_single_spaced(raw["pns_id"]).to_numpy(),
                    index=pd.Index(raw["nip"].astype("string").to_numpy()))
    ids = ids[ids.notna() & ids.index.notna()]
    ids = ids[~ids.index.duplicated(keep="first")]
    ctx.found["people"] = people.assign(
        pns_id=ids.reindex(people.index).astype("string").to_numpy())


@on_uniques
def _kecamatan(values: pd.Series) -> pd.Series:
    known = reference.load("kecamatan").kecamatan
    text = _single_spaced(values).str.replace(r"(?i)^kec(amatan)?\.?\s*", "", regex=True)
    return text.str.lower().str.replace(" ", "").map(
        dict(zip(known.str.lower().str.replace(" ", ""), known, strict=True))).astype("string")
