"""Indeks Profesionalitas ASN (IP ASN): four dimension scores, the total and its band.

Basis: PermenPANRB 38/2018 and Peraturan BKN 8/2019 (DOMAIN.md §2). The dimension maxima
(kualifikasi 25, kompetensi 40, kinerja 30, disiplin 5) and the bands are confirmed (C); every
scoring table is reference data with its status and source (``kompetensi/reference/ip_asn_*``)
and can be replaced through the ``rujukan`` argument of :func:`ip_asn`. Normally used through
:mod:`kompetensi.implementation`, which re-exports :func:`ip_asn` and :func:`ip_band`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from kompetensi import reference
from kompetensi.core.uniques import on_unique_rows, on_uniques, positions
from kompetensi.implementation.credit import (
    DEDUP_KEYS,
    _numbers,
    _require,
    _unique_pid,
    credited,
    duplicated_within,
    keyword_rule,
    sorted_by_pid,
)

IP_TABLES = ("ip_asn_kualifikasi", "ip_asn_kompetensi", "ip_asn_jenis_diklat",
             "ip_asn_kepemimpinan", "ip_asn_kinerja", "ip_asn_disiplin", "ip_asn_kategori")
DIMENSION_MAX = {"kualifikasi": 25.0, "kompetensi": 40.0, "kinerja": 30.0, "disiplin": 5.0}
UNSUR = ("kepemimpinan", "fungsional", "teknis", "seminar")


def _tables(rujukan: Mapping[str, pd.DataFrame] | None) -> dict[str, pd.DataFrame]:
    tables = {name: reference.load(name) for name in IP_TABLES}
    for name, table in (rujukan or {}).items():
        if name not in tables:
            raise ValueError(f"rujukan: tabel '{name}' tidak dikenal; yang dikenal: "
                             f"{', '.join(IP_TABLES)}")
        tables[name] = table.reset_index(drop=True).copy()
    return tables


def ip_band(skor: pd.Series, kategori: pd.DataFrame | None = None) -> pd.Series:
    """Band of IP ASN scores (Peraturan BKN 8/2019).

    Bands are closed on the right: Sangat Rendah <= 60 < Rendah <= 70 < Sedang <= 80 <
    Tinggi <= 90 < Sangat Tinggi <= 100. Scores are integers in the rule; a half point (the
    pelaksana scores 22.5 and 17.5 allow e.g. 60.5) goes to the upper band. Missing scores stay
    missing.

    Parameters
    ----------
    skor : Series
        Scores 0-100.
    kategori : DataFrame, optional
        ``kategori`` and ``skor_maks`` (upper bound, inclusive), ascending; default
        ``reference.load("ip_asn_kategori")``.

    Returns
    -------
    Series of ordered Categorical.

    Examples
    --------
    >>> ip_band(pd.Series([60, 60.5, 61, 90, 91])).tolist()
    ['Sangat Rendah', 'Rendah', 'Rendah', 'Tinggi', 'Sangat Tinggi']
    """
    bands = reference.load("ip_asn_kategori") if kategori is None else kategori
    _require(bands, ("kategori", "skor_maks"), "ip_asn_kategori")
    upper = _numbers(bands, "skor_maks", "ip_asn_kategori")
    if np.isnan(upper).any() or (np.diff(upper) <= 0).any():
        raise ValueError("ip_asn_kategori: skor_maks harus terisi dan naik tegas")
    values = pd.Series(skor, copy=False).astype("Float64").astype("float64")
    if ((values < 0) | (values > upper[-1])).any():
        raise ValueError(f"ip_band: skor harus di antara 0 dan {upper[-1]:g}")
    labels = list(bands["kategori"].astype(str))
    band = pd.cut(values, bins=[-np.inf, *upper], labels=labels, right=True)
    return band.cat.as_ordered()


def _qualification(pegawai: pd.DataFrame, table: pd.DataFrame) -> pd.Series:
    _require(table, ("pendidikan", "skor"), "ip_asn_kualifikasi")
    points = dict(zip(table["pendidikan"].astype(str).str.strip(),
                      _numbers(table, "skor", "ip_asn_kualifikasi"), strict=True))
    return _points(pegawai["pendidikan"], {k.lower(): v for k, v in points.items()})


def _right_level(teks: pd.Series, post: np.ndarray, table: pd.DataFrame) -> np.ndarray:
    """True where a leadership training is at the level of the person's post."""
    _require(table, ("jenis_jabatan", "kata_kunci"), "ip_asn_kepemimpinan")
    right = np.zeros(len(teks), dtype=bool)
    for level, words in table.groupby("jenis_jabatan", sort=True)["kata_kunci"]:
        right |= (post == level) & (keyword_rule(teks, list(words)).to_numpy() >= 0)
    return right


def _competency(pegawai: pd.DataFrame, pelatihan: pd.DataFrame, siklus: int,
                tables: dict[str, pd.DataFrame], konversi: pd.DataFrame | None,
                teknis_kumulatif: bool) -> tuple[pd.Series, pd.DataFrame]:
    _require(pelatihan, ("pid", "jenis", "nama_pelatihan", "tanggal_mulai"), "pelatihan")
    # People are integer positions on the roster from here on: no joins on pid strings.
    person = positions(pelatihan["pid"], pegawai["pid"])
    year = pd.to_datetime(pelatihan["tanggal_mulai"]).dt.year.to_numpy()
    keys = [c for c in DEDUP_KEYS if c in pelatihan.columns]
    kept = (year <= siklus) & (person >= 0)
    kept &= ~duplicated_within(pelatihan[keys], kept)  # one activity in two exports
    needed = [c for c in ("nama_pelatihan", "jenis", "jp", "hari", "luar_negeri")
              if c in pelatihan.columns]
    acts, person, year = pelatihan[needed].loc[kept], person[kept], year[kept]

    kinds = tables["ip_asn_jenis_diklat"]
    _require(kinds, ("kata_kunci", "unsur"), "ip_asn_jenis_diklat")
    pos = keyword_rule(acts["jenis"], kinds["kata_kunci"]).to_numpy()
    jp = credited(acts, konversi)[0]
    age = siklus - year.astype("float64")

    rules = tables["ip_asn_kompetensi"]
    _require(rules, ("jenis_jabatan", "unsur", "skor", "jendela_tahun", "min_jp"),
             "ip_asn_kompetensi")
    if rules.duplicated(["jenis_jabatan", "unsur"]).any():
        raise ValueError("ip_asn_kompetensi: pasangan jenis_jabatan dan unsur harus unik")
    numbers = {c: _numbers(rules, c, "ip_asn_kompetensi") for c in ("skor", "jendela_tahun",
                                                                     "min_jp")}
    # The rule of each activity from two small codes: the post of the person and the item
    # (unsur) of the kind of activity; the last row and column of the grid mean "none".
    posts = pd.Index(rules["jenis_jabatan"].astype(str).unique())
    items = pd.Index(rules["unsur"].astype(str).unique())
    grid = np.full((len(posts) + 1, len(items) + 1), -1)
    grid[posts.get_indexer(rules["jenis_jabatan"].astype(str)),
         items.get_indexer(rules["unsur"].astype(str))] = np.arange(len(rules))
    post_of = _position_in(pegawai["jenis_jabatan"], posts).to_numpy()
    post_code = np.where(post_of < 0, len(posts), post_of)[person]
    item_of_kind = np.append(items.get_indexer(kinds["unsur"].astype(str)), -1)
    item_code = item_of_kind[np.where(pos >= 0, pos, len(kinds))]
    rule = grid[post_code, np.where(item_code < 0, len(items), item_code)]
    leadership = (item_code >= 0) & (items.to_numpy()[np.clip(item_code, 0, None)]
                                     == "kepemimpinan")
    if leadership.any():  # the name decides the level: only for leadership rows
        rows = np.flatnonzero(leadership)
        lead = pd.DataFrame({"nama": acts["nama_pelatihan"].iloc[rows],
                             "jenis": acts["jenis"].iloc[rows],
                             "post": post_code[rows]})
        wrong = ~on_unique_rows(lead, lambda d: pd.Series(_right_level(
            d["nama"].astype("string").fillna("") + " " + d["jenis"].astype("string").fillna(""),
            np.append(posts.to_numpy(), None)[d["post"].to_numpy()],
            tables["ip_asn_kepemimpinan"]))).to_numpy(dtype=bool)
        rule[rows[wrong]] = -1
    at = np.clip(rule, 0, None)
    window = numbers["jendela_tahun"][at]
    counts = (rule >= 0) & (np.isnan(window) | (age < window))
    if teknis_kumulatif:  # the JP of an item add up: one integer key per (person, rule)
        key = person[counts].astype(np.int64) * len(rules) + rule[counts]
        per_item = pd.Series(jp[counts]).groupby(key, sort=True).sum()
        keys, total = per_item.index.to_numpy(), per_item.to_numpy()
        minimum = numbers["min_jp"][keys % len(rules)]
        scored = np.isnan(minimum) | (total >= minimum)
        who, which = keys[scored] // len(rules), keys[scored] % len(rules)
    else:  # one activity must reach min_jp: a grid of (person, rule) hits, no grouping
        minimum = numbers["min_jp"][at]
        enough = counts & (np.isnan(minimum) | (jp >= minimum))
        hit = np.zeros((len(pegawai), len(rules)), dtype=bool)
        hit[person[enough], rule[enough]] = True
        who, which = np.nonzero(hit)
    points = np.bincount(who, weights=numbers["skor"][which], minlength=len(pegawai))
    score = pd.Series(np.minimum(points, DIMENSION_MAX["kompetensi"]), index=pegawai.index)
    rule_unsur = rules["unsur"].astype(str).to_numpy()[which]
    flags = pd.DataFrame({f"unsur_{u}": np.bincount(who[rule_unsur == u],
                                                    minlength=len(pegawai)) > 0
                          for u in UNSUR}, index=pegawai.index)
    return score, flags


def _performance(pegawai: pd.DataFrame, kinerja: pd.DataFrame, year: int,
                 table: pd.DataFrame) -> pd.Series:
    _require(kinerja, ("pid", "tahun", "predikat"), "kinerja")
    _require(table, ("dasar", "predikat", "nilai_min", "skor"), "ip_asn_kinerja")
    rows = kinerja.loc[pd.to_numeric(kinerja["tahun"], errors="coerce") == year]
    if "siklus" in rows.columns:
        rows = rows.sort_values("siklus", kind="stable")
    rows = rows.drop_duplicates("pid", keep="last").set_index("pid")
    points = _numbers(table, "skor", "ip_asn_kinerja")
    basis = table["dasar"].astype(str).str.strip()
    if not basis.isin(["predikat", "nilai"]).all():
        raise ValueError("ip_asn_kinerja: kolom 'dasar' harus 'predikat' atau 'nilai'")
    by_word = dict(zip(table.loc[basis == "predikat", "predikat"].str.strip().str.lower(),
                       points[(basis == "predikat").to_numpy()], strict=True))
    score = _points(rows["predikat"], by_word)
    if "nilai" in rows.columns and (basis == "nilai").any():
        low = _numbers(table, "nilai_min", "ip_asn_kinerja")[(basis == "nilai").to_numpy()]
        pts = points[(basis == "nilai").to_numpy()]
        order = np.argsort(low)
        low, pts = low[order], pts[order]
        value = rows["nilai"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        at = np.searchsorted(low, value, side="right") - 1
        numeric = np.where((at >= 0) & ~np.isnan(value), pts[np.clip(at, 0, None)], np.nan)
        score = score.fillna(pd.Series(numeric, index=rows.index))
    return _on_roster(pegawai, rows.index.to_series(), score.to_numpy(dtype=float))


@on_uniques
def _position_in(values: pd.Series, index: pd.Index) -> pd.Series:
    return pd.Series(index.get_indexer(values.astype(str)), index=values.index)


@on_uniques
def _points(values: pd.Series, by_word: dict[str, float]) -> pd.Series:
    return values.astype("string").str.strip().str.lower().map(by_word).astype("float64")


def _on_roster(pegawai: pd.DataFrame, pid: pd.Series, values: np.ndarray) -> pd.Series:
    """``values`` given per (unique) ``pid``, placed on the roster's rows; NaN elsewhere."""
    out = np.full(len(pegawai), np.nan)
    at = positions(pid, pegawai["pid"])
    out[at[at >= 0]] = values[at >= 0]
    return pd.Series(out, index=pegawai.index)


def _discipline(pegawai: pd.DataFrame, disiplin: pd.DataFrame, siklus: int, years: int,
                table: pd.DataFrame) -> pd.Series:
    _require(disiplin, ("pid", "tahun", "tingkat"), "disiplin")
    _require(table, ("tingkat", "skor"), "ip_asn_disiplin")
    points = dict(zip(table["tingkat"].astype(str).str.strip().str.lower(),
                      _numbers(table, "skor", "ip_asn_disiplin"), strict=True))
    if "tidak_ada" not in points:
        raise ValueError("ip_asn_disiplin: baris 'tidak_ada' (tanpa hukuman) wajib ada")
    year = pd.to_numeric(disiplin["tahun"], errors="coerce")
    rows = disiplin.loc[(year > siklus - years) & (year <= siklus)]
    level = rows["tingkat"].astype("string").str.strip().str.lower()
    unknown = sorted(set(level.dropna()) - set(points))
    if unknown:
        raise ValueError(f"disiplin: tingkat hukuman tidak dikenal: {unknown}")
    # <NA>: a sanction whose level could not be read (A-HD-2). Its points are unknown, so the
    # person's score is too, unless a known sanction already gives the fewest points.
    values, pid = pd.Series(level.map(points).to_numpy(dtype=float)), rows["pid"]
    lowest = min(v for k, v in points.items() if k != "tidak_ada")
    values = values.fillna(-np.inf)
    if isinstance(pid.dtype, pd.CategoricalDtype):  # grouped on the codes (the roster's own)
        worst = values.groupby(pid.cat.codes.to_numpy()).min()
        who = pd.Series(pd.Categorical.from_codes(worst.index.to_numpy(), dtype=pid.dtype))
    else:
        worst = values.groupby(pid.astype("string").to_numpy()).min()
        who = worst.index.to_series()
    known_worst = values.where(values > -np.inf).groupby(
        pid.cat.codes.to_numpy() if isinstance(pid.dtype, pd.CategoricalDtype)
        else pid.astype("string").to_numpy()).min()
    score = np.where(worst.to_numpy() == -np.inf,
                     np.where(known_worst.to_numpy() <= lowest, known_worst.to_numpy(), np.nan),
                     worst.to_numpy())
    placed = _on_roster(pegawai, who, score.astype(float))
    listed = _on_roster(pegawai, who, np.ones(len(who)))
    return placed.where(listed.notna(), points["tidak_ada"])


def ip_asn(pegawai: pd.DataFrame, pelatihan: pd.DataFrame, kinerja: pd.DataFrame,
           disiplin: pd.DataFrame, siklus: int, *, konversi: pd.DataFrame | None = None,
           rujukan: Mapping[str, pd.DataFrame] | None = None, tahun_kinerja: int | None = None,
           jendela_disiplin: int = 5, skor_tanpa_skp: float = 0.0,
           teknis_kumulatif: bool = False) -> pd.DataFrame:
    """IP ASN of every ASN on a roster: four dimension scores, total and band.

    Parameters
    ----------
    pegawai : DataFrame
        The cycle's roster (``pid``, ``jenis_jabatan``, ``pendidikan``), one row per ``pid``.
    pelatihan : DataFrame
        Activities of this and earlier cycles (``pid``, ``nama_pelatihan``, ``jenis``, ``jp``,
        ``hari``, ``luar_negeri``, ``tanggal_mulai``); the same activity in two exports counts
        once; activities after ``siklus`` are ignored.
    kinerja : DataFrame
        SKP ratings (``pid``, ``tahun``, ``predikat``, optional ``nilai``) of any years.
    disiplin : DataFrame
        Sanctions (``pid``, ``tahun``, ``tingkat``) of any years. ``tingkat`` <NA> is a
        sanction whose level could not be read: that person's ``skor_disiplin`` (and total)
        is missing, unless a known sanction of the window already scores the fewest points
        (A-HD-2).
    siklus : int
        The cycle (year) measured.
    konversi : DataFrame, optional
        JP conversion rules (:func:`kompetensi.implementation.credit.credit_jp`).
    rujukan : mapping, optional
        Replacement scoring tables by name (``ip_asn_kualifikasi``, ``ip_asn_kompetensi``,
        ``ip_asn_jenis_diklat``, ``ip_asn_kepemimpinan``, ``ip_asn_kinerja``,
        ``ip_asn_disiplin``, ``ip_asn_kategori``).
    tahun_kinerja : int, optional
        Year of the SKP used; default ``siklus - 1`` (last year's SKP). The ``predikat``
        (PermenPANRB 6/2022) is mapped to points by an assumption (status U); a numeric
        ``nilai`` of older regimes is used when there is no predikat.
    jendela_disiplin : int
        Sanctions of the last ``jendela_disiplin`` years up to ``siklus`` count (default 5);
        the heaviest one gives the points; no record means no sanction.
    skor_tanpa_skp : float
        Kinerja points of an ASN without an SKP for ``tahun_kinerja`` (default 0: nothing to
        score; NaN leaves the total missing). ``kinerja_ada`` flags them.
    teknis_kumulatif : bool
        False (default): one diklat teknis of at least ``min_jp`` credited JP is needed; True:
        the credited JP of all diklat teknis in the window are added up.

    Returns
    -------
    DataFrame
        The roster (sorted by ``pid``) plus ``skor_kualifikasi``, ``skor_kompetensi``,
        ``skor_kinerja``, ``skor_disiplin``, ``ip_asn`` (their sum), ``kategori_ip_asn``
        (:func:`ip_band`), ``kinerja_ada`` and ``unsur_kepemimpinan``, ``unsur_fungsional``,
        ``unsur_teknis``, ``unsur_seminar`` (which competency items scored). An unknown
        ``pendidikan`` leaves ``skor_kualifikasi`` and the total missing.

    Notes
    -----
    Kompetensi: each post type scores the items of ``ip_asn_kompetensi`` (struktural:
    kepemimpinan 15 + teknis 15 + seminar 10; fungsional: fungsional 15 + teknis 15 +
    seminar 10; pelaksana: teknis 22.5 + seminar 17.5), capped at 40. An item scores when an
    activity of its kind (``ip_asn_jenis_diklat``, matched on ``jenis``) lies in its window
    (``jendela_tahun`` years up to ``siklus``; empty: whole history held) and reaches
    ``min_jp``; leadership training only at the level of the post (``ip_asn_kepemimpinan``,
    matched on the name). The data only hold the years exported: leadership and functional
    training taken earlier is invisible, which lowers the scores of structural and
    functional posts.

    References
    ----------
    PermenPANRB 38/2018; Peraturan BKN 8/2019; DOMAIN.md §2-3.

    Examples
    --------
    >>> peg = pd.DataFrame({"pid": ["a"], "jenis_jabatan": ["Pelaksana"],
    ...                     "pendidikan": ["S1/D4"]})
    >>> act = pd.DataFrame({"pid": ["a"], "nama_pelatihan": ["Bimtek SIPD"],
    ...     "jenis": ["Bimtek"], "jp": [24.0], "hari": [3], "luar_negeri": [False],
    ...     "tanggal_mulai": pd.to_datetime(["2025-02-01"])})
    >>> kin = pd.DataFrame({"pid": ["a"], "tahun": [2024], "predikat": ["Baik"]})
    >>> dis = pd.DataFrame({"pid": pd.Series([], dtype=str), "tahun": [], "tingkat": []})
    >>> ip_asn(peg, act, kin, dis, 2025)[["skor_kompetensi", "ip_asn"]].values.tolist()
    [[22.5, 67.5]]
    """
    siklus = int(siklus)
    _unique_pid(pegawai)
    _require(pegawai, ("jenis_jabatan", "pendidikan"), "pegawai")
    if jendela_disiplin < 1:
        raise ValueError("jendela_disiplin minimal 1 tahun")
    tables = _tables(rujukan)
    peg = sorted_by_pid(pegawai)
    year = siklus - 1 if tahun_kinerja is None else int(tahun_kinerja)
    kompetensi, flags = _competency(peg, pelatihan, siklus, tables, konversi, teknis_kumulatif)
    kinerja_score = _performance(peg, kinerja, year, tables["ip_asn_kinerja"])
    out = peg.assign(
        skor_kualifikasi=_qualification(peg, tables["ip_asn_kualifikasi"]),
        skor_kompetensi=kompetensi,
        skor_kinerja=kinerja_score.fillna(skor_tanpa_skp),
        skor_disiplin=_discipline(peg, disiplin, siklus, int(jendela_disiplin),
                                  tables["ip_asn_disiplin"]),
    )
    out["ip_asn"] = out[["skor_kualifikasi", "skor_kompetensi", "skor_kinerja",
                         "skor_disiplin"]].sum(axis=1, min_count=4)
    out["kategori_ip_asn"] = ip_band(out["ip_asn"], tables["ip_asn_kategori"])
    out["kinerja_ada"] = kinerja_score.notna()
    return pd.concat([out, flags], axis=1)
