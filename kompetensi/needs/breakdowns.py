"""The tables of the training-needs analysis as notebook 02 publishes them: the ASN profile,
competency gaps, JPM and the talent box broken down by OPD, post type and cycle.

Each function takes the analyses of :mod:`kompetensi.needs.gaps`,
:mod:`kompetensi.needs.profile` and :mod:`kompetensi.needs.talent` (or the tables they read)
and returns one published table: shares in percent (0-100) rounded as published, post types
in the order of :data:`kompetensi.core.vocab.JENIS_JABATAN`, and nothing computed on fewer
than ``k`` people (:func:`kompetensi.privacy.disclosure.suppress_small_groups`, assumptions
A-SUP-1 and A-SUP-2). Two functions publish nothing themselves: :func:`people_jpm`, the
per-person input of the JPM tables, and :func:`percent_below_standard`, one number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from kompetensi.core import config
from kompetensi.core.vocab import JENIS_JABATAN, STATUS_ASN
from kompetensi.needs.gaps import job_person_match, training_needs
from kompetensi.privacy.disclosure import suppress_small_groups

K = config.SUPPRESSION_K
ALL = "Semua"  # the row over every post type
LOWEST_JPM = "Kurang Memenuhi Syarat"  # the band below 68 % (reference/jpm_kategori.csv)
# published columns computed from the count of people below standard (hidden with it)
FROM_GAP_COUNT = ("persen_senjang", "ci95_bawah", "ci95_atas", "rerata_kesenjangan",
                  "skor_prioritas")


def _percent(count: pd.Series, n: pd.Series) -> pd.Series:
    """100 x count / n, rounded to 1 decimal (n as float, as in every table here)."""
    return (100 * (count / n.astype("float64"))).round(1)


def _post_types(present) -> list[str]:
    """The post types of ``present``, in the canonical order."""
    present = set(present)
    return [j for j in JENIS_JABATAN if j in present]


def opd_profile(pegawai: pd.DataFrame, asesmen: pd.DataFrame, *, k: int = K) -> pd.DataFrame:
    """ASN per OPD, largest first: ``jumlah_asn``, ``pppk``, ``pppk_paruh_waktu``,
    ``diasesmen`` (people with an assessment) and the shares ``persen_perempuan``,
    ``persen_diasesmen``.

    ``pppk`` counts PPPK only; PPPK paruh waktu are a status of their own (``pppk_paruh_waktu``).
    Everyone on the roster counts, inactive staff too (a head count). A share is hidden with
    its count; the count of women is not published.

    Examples
    --------
    >>> p = pd.DataFrame({"pid": list("abcdefg"), "opd": ["A"] * 6 + ["B"],
    ...                   "status_asn": ["PNS"] * 5 + ["PPPK"] * 2,
    ...                   "jenis_kelamin": list("PPLLLLP")})
    >>> out = opd_profile(p, pd.DataFrame({"pid": list("abcde")}))
    >>> out["jumlah_asn"].tolist(), out["pppk"].tolist()  # A: 1 PPPK; B: 1 person
    ([6, <NA>], [<NA>, <NA>])
    >>> out["pppk_paruh_waktu"].tolist()  # none: 0 is published
    [0, 0]
    >>> out["persen_diasesmen"].tolist(), out["persen_perempuan"].tolist()  # A: 2 women
    ([83.3, nan], [nan, nan])
    """
    counts = pegawai.assign(pppk=pegawai["status_asn"].eq(STATUS_ASN[1]).astype("int64"),
                            paruh=pegawai["status_asn"].eq(STATUS_ASN[2]).astype("int64"),
                            perempuan=pegawai["jenis_kelamin"].eq("P").astype("int64"),
                            dinilai=pegawai["pid"].isin(asesmen["pid"]).astype("int64"))
    out = (counts.groupby("opd")
           .agg(jumlah_asn=("pid", "size"), pppk=("pppk", "sum"),
                pppk_paruh_waktu=("paruh", "sum"), perempuan=("perempuan", "sum"),
                diasesmen=("dinilai", "sum"))
           .sort_values("jumlah_asn", ascending=False))
    out["persen_perempuan"] = _percent(out["perempuan"], out["jumlah_asn"])
    out["persen_diasesmen"] = _percent(out["diasesmen"], out["jumlah_asn"])
    out = suppress_small_groups(
        out.reset_index(), "jumlah_asn", k=k,
        derived={"perempuan": ["persen_perempuan"], "diasesmen": ["persen_diasesmen"]})
    return out.drop(columns="perempuan").set_index("opd")


def assessment_coverage(pegawai: pd.DataFrame, asesmen: pd.DataFrame, *, k: int = K
                        ) -> pd.DataFrame:
    """ASN and assessed ASN per post type, and over all post types (row ``Semua``):
    ``jumlah_asn``, ``diasesmen``, ``persen_diasesmen``.

    Examples
    --------
    >>> p = pd.DataFrame({"pid": list("abcdefghij"), "jenis_jabatan": "Pelaksana"})
    >>> out = assessment_coverage(p, pd.DataFrame({"pid": list("abcdef")}))
    >>> out.index.tolist(), out["diasesmen"].tolist(), out["persen_diasesmen"].tolist()
    (['Pelaksana', 'Semua'], [6, 6], [60.0, 60.0])
    """
    out = (pegawai.assign(diasesmen=pegawai["pid"].isin(asesmen["pid"]).astype("int64"))
           .groupby("jenis_jabatan").agg(jumlah_asn=("pid", "size"), diasesmen=("diasesmen", "sum")))
    out = out.reindex(_post_types(out.index))
    out.loc[ALL] = out.sum()
    out["persen_diasesmen"] = _percent(out["diasesmen"], out["jumlah_asn"])
    return suppress_small_groups(out.reset_index(), "jumlah_asn", k=k,
                                 derived={"diasesmen": ["persen_diasesmen"]}
                                 ).set_index("jenis_jabatan")


def _gap_columns(needs: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """A :func:`training_needs` table as published, indexed by ``peringkat``."""
    out = needs[list(keys)].assign(
        n_asesmen=needs["n_asesmen"], n_senjang=needs["n_kesenjangan"],
        persen_senjang=(100 * needs["proporsi_kesenjangan"]).round(1),
        ci95_bawah=(100 * needs["ci_bawah"]).round(1), ci95_atas=(100 * needs["ci_atas"]).round(1),
        rerata_kesenjangan=needs["rerata_kesenjangan"].round(2),
        skor_prioritas=needs["skor_prioritas"].round(3))
    return out.set_index(pd.Index(needs["peringkat"].array, name="peringkat"))  # Int64


def gaps_per_competency(needs: pd.DataFrame, *, k: int = K) -> pd.DataFrame:
    """Gaps per competency over everyone (``training_needs(by=())``), ranked: ``kompetensi``,
    ``kelompok``, ``n_asesmen``, ``n_senjang`` and :data:`FROM_GAP_COUNT` (hidden with
    ``n_senjang``).

    Examples
    --------
    >>> a = pd.DataFrame({"pid": list("abcdef"), "kompetensi": "Etika", "kelompok": "manajerial",
    ...                   "level_capaian": [1, 2, 3, 3, 3, 3], "level_standar": 3})
    >>> out = gaps_per_competency(training_needs(a, a[["pid"]], by=()))
    >>> out["n_senjang"].tolist(), out["persen_senjang"].tolist()  # 2 of 6 below standard
    ([<NA>], [nan])
    """
    return suppress_small_groups(_gap_columns(needs, ["kompetensi", "kelompok"]), "n_asesmen",
                                 k=k, derived={"n_senjang": list(FROM_GAP_COUNT)})


def training_need_ranking(needs: pd.DataFrame, *, k: int = K) -> pd.DataFrame:
    """The AKPK table: the ranked rows of a :func:`training_needs` table by group (its
    groups of at least ``min_n`` people): ``kompetensi``, the group columns, ``n_asesmen`` and
    :data:`FROM_GAP_COUNT`. The count below standard is not published.
    """
    columns = list(needs.columns)
    groups = columns[columns.index("kelompok") + 1:columns.index("n_asesmen")]  # the ``by``
    ranked = needs[needs["peringkat"].notna()]
    return suppress_small_groups(
        _gap_columns(ranked, ["kompetensi", *groups]).drop(columns="n_senjang"), "n_asesmen", k=k)


def gap_trend(cycles: Mapping[int, tuple[pd.DataFrame, pd.DataFrame]], *, k: int = K
              ) -> pd.DataFrame:
    """Share below standard per competency in each cycle (``persen_<siklus>``) and over all
    cycles (``persen_gabungan``: person-cycles below standard over person-cycles assessed,
    ``n_gabungan``), largest pooled share first.

    ``cycles`` maps each cycle to its ``(asesmen, pegawai)`` (:func:`~kompetensi.needs.gaps.
    assessed_cycles`).
    """
    long = pd.concat([training_needs(a, p, by=[]).assign(siklus=s)
                      for s, (a, p) in cycles.items()], ignore_index=True)
    wide = long.pivot(index="kompetensi", columns="siklus", values="proporsi_kesenjangan")
    wide.columns = [f"persen_{c}" for c in wide.columns]
    pooled = long.groupby("kompetensi")[["n_kesenjangan", "n_asesmen"]].sum()
    wide = (100 * wide).round(1)
    wide["persen_gabungan"] = _percent(pooled["n_kesenjangan"], pooled["n_asesmen"])
    wide["n_gabungan"] = pooled["n_asesmen"]
    wide = wide.sort_values("persen_gabungan", ascending=False)
    return suppress_small_groups(wide.reset_index(), "n_gabungan", k=k).set_index("kompetensi")


def gaps_by_post_type(asesmen: pd.DataFrame, pegawai: pd.DataFrame,
                      competencies: Sequence[str], *, k: int = K) -> pd.DataFrame:
    """Percent below standard, competency (rows, in the order of ``competencies``) x post
    type, with a last row ``Semua kompetensi``: the share of person x competency pairs below
    standard over the cells shown (those of at least ``k`` people).

    The last row counts every person below standard in the cells shown, also where that
    count is 1 ... k-1: the cell's share, published, tells it anyway.

    Examples
    --------
    >>> a = pd.DataFrame({"pid": list("abcdef") * 2, "kompetensi": ["A"] * 6 + ["B"] * 6,
    ...                   "kelompok": "manajerial", "level_standar": 3,
    ...                   "level_capaian": [1, 3, 3, 3, 3, 3] + [1, 1, 1, 1, 1, 3]})
    >>> p = pd.DataFrame({"pid": list("abcdef"), "jenis_jabatan": "Pelaksana"})
    >>> gaps_by_post_type(a, p, ["B", "A"])["Pelaksana"].tolist()  # 1 + 5 of 12 pairs
    [83.3, 16.7, 50.0]
    """
    cells = training_needs(asesmen, pegawai, by=["jenis_jabatan"], min_n=k)
    groups = suppress_small_groups(cells, "n_asesmen", k=k)
    order = _post_types(groups["jenis_jabatan"])
    out = ((100 * groups.pivot(index="kompetensi", columns="jenis_jabatan",
                               values="proporsi_kesenjangan")).round(1)
           .reindex(index=list(competencies), columns=order))
    shown = cells[groups["proporsi_kesenjangan"].notna()]
    total = shown.groupby("jenis_jabatan")[["n_kesenjangan", "n_asesmen"]].sum()
    out.loc["Semua kompetensi"] = _percent(total["n_kesenjangan"],
                                           total["n_asesmen"]).reindex(order)
    return out


def people_jpm(asesmen: pd.DataFrame, pegawai: pd.DataFrame, *, cap: bool = False,
               kelompok: Sequence[str] | None = None) -> pd.DataFrame:
    """:func:`~kompetensi.needs.gaps.job_person_match` per assessed person with their
    ``jenis_jabatan`` and ``opd``, and ``jpm_alternatif``: the JPM under the other ``cap``."""
    jpm = job_person_match(asesmen, cap=cap, kelompok=kelompok)
    other = job_person_match(asesmen, cap=not cap, kelompok=kelompok).set_index("pid")["jpm"]
    jpm = jpm.merge(pegawai[["pid", "jenis_jabatan", "opd"]], on="pid", how="left")
    jpm["jpm_alternatif"] = jpm["pid"].map(other)
    return jpm


def jpm_abbreviations(kategori: pd.Series) -> dict[str, str]:
    """``{band: initials}`` from the highest JPM band down (Memenuhi Syarat: MS ...).

    >>> jpm_abbreviations(pd.Series(pd.Categorical([], categories=["Kurang Baik", "Baik"])))
    {'Baik': 'B', 'Kurang Baik': 'KB'}
    """
    return {c: "".join(w[0] for w in c.split()).upper() for c in kategori.cat.categories[::-1]}


def _jpm_summary(people: pd.DataFrame, alternative: str) -> pd.DataFrame:
    g = people.groupby("jenis_jabatan")
    out = pd.DataFrame({"n": g.size(), "rerata_jpm": g["jpm"].mean(),
                        "median_jpm": g["jpm"].median(),
                        f"rerata_jpm_{alternative}": g["jpm_alternatif"].mean()})
    shares = pd.crosstab(people["jenis_jabatan"], people["kategori_jpm"], normalize="index")
    for band, short in jpm_abbreviations(people["kategori_jpm"]).items():
        out["persen_" + short] = 100 * shares[band] if band in shares else 0.0
    return out


def jpm_by_post_type(people: pd.DataFrame, *, cap: bool = False, k: int = K) -> pd.DataFrame:
    """JPM per post type and over all (row ``Semua``): ``n``, ``rerata_jpm``, ``median_jpm``,
    the mean JPM under the other rule (``rerata_jpm_dibatasi`` when ``cap`` is False, else
    ``rerata_jpm_tidak_dibatasi``) and the percent in each band (``persen_MS`` ...), 1 decimal.

    ``people`` is :func:`people_jpm` computed with the same ``cap``.

    Examples
    --------
    >>> a = pd.DataFrame({"pid": list("abcde"), "kompetensi": "Etika",
    ...                   "level_capaian": [5, 3, 3, 2, 1], "level_standar": 3})
    >>> p = pd.DataFrame({"pid": list("abcde"), "jenis_jabatan": "Pelaksana", "opd": "X"})
    >>> jpm_by_post_type(people_jpm(a, p)).loc["Semua"].round(1).tolist()
    [5.0, 93.3, 100.0, 80.0, 60.0, 0.0, 40.0]
    """
    alternative = "tidak_dibatasi" if cap else "dibatasi"
    out = _jpm_summary(people, alternative).reindex(_post_types(people["jenis_jabatan"]))
    out.loc[ALL] = _jpm_summary(people.assign(jenis_jabatan=ALL), alternative).iloc[0]
    out["n"] = out["n"].astype("int64")
    return suppress_small_groups(out.round(1).reset_index(), "n", k=k).set_index("jenis_jabatan")


def _opd_gaps(asesmen: pd.DataFrame, pegawai: pd.DataFrame) -> pd.DataFrame:
    """People below standard and assessed, summed over competencies, per known OPD."""
    return (training_needs(asesmen, pegawai, by=["opd"])
            .groupby("opd")[["n_kesenjangan", "n_asesmen"]].sum())


def percent_below_standard(asesmen: pd.DataFrame, pegawai: pd.DataFrame) -> float:
    """Percent of person x competency pairs below standard, over the assessed people with an
    OPD: the average that :func:`jpm_by_opd`'s OPDs are compared with (not rounded)."""
    gaps = _opd_gaps(asesmen, pegawai)
    return 100 * float(gaps["n_kesenjangan"].sum() / gaps["n_asesmen"].sum())


def jpm_by_opd(people: pd.DataFrame, asesmen: pd.DataFrame, pegawai: pd.DataFrame, *,
               k: int = K) -> pd.DataFrame:
    """Per OPD with at least ``k`` assessed people, largest gap first: ``n_diasesmen``,
    ``rerata_jpm``, ``persen_jpm_di_bawah_68`` (band Kurang Memenuhi Syarat) and
    ``persen_di_bawah_standar`` (person x competency pairs below standard).

    ``people`` is :func:`people_jpm`.
    """
    gaps = _opd_gaps(asesmen, pegawai)
    g = people.groupby("opd")
    out = pd.DataFrame({
        "n_diasesmen": g.size(),
        "rerata_jpm": g["jpm"].mean().round(1),
        "persen_jpm_di_bawah_68": (100 * (people["kategori_jpm"] == LOWEST_JPM)
                                   .groupby(people["opd"]).mean()).round(1),
        "persen_di_bawah_standar": _percent(gaps["n_kesenjangan"], gaps["n_asesmen"]),
    }).sort_values("persen_di_bawah_standar", ascending=False)
    out = suppress_small_groups(out.reset_index(), "n_diasesmen", k=k)
    return out[out["persen_di_bawah_standar"].notna()].set_index("opd")


def talent_by_post_type(talenta: pd.DataFrame, pegawai: pd.DataFrame, *, k: int = K
                        ) -> pd.DataFrame:
    """Box groups per post type and over all (row ``Semua``), among the people with a box:
    ``n``, ``persen_kotak_7_9`` (top talent), ``persen_kotak_1_3``, ``persen_kotak_1``.

    ``talenta`` is :func:`~kompetensi.needs.talent.talent_grid`.

    Examples
    --------
    >>> t = pd.DataFrame({"pid": list("abcdef"), "kotak": pd.array([9, 7, 5, 3, 1, None])})
    >>> p = pd.DataFrame({"pid": list("abcdef"), "jenis_jabatan": "Pelaksana"})
    >>> talent_by_post_type(t, p).loc["Semua"].tolist()
    [5.0, 40.0, 40.0, 20.0]
    """
    t = talenta[talenta["kotak"].notna()].merge(pegawai[["pid", "jenis_jabatan"]], on="pid",
                                                how="left")
    box, post = t["kotak"], t["jenis_jabatan"]
    out = pd.DataFrame({
        "n": t.groupby("jenis_jabatan").size(),
        "persen_kotak_7_9": 100 * box.ge(7).groupby(post).mean(),
        "persen_kotak_1_3": 100 * box.le(3).groupby(post).mean(),
        "persen_kotak_1": 100 * box.eq(1).groupby(post).mean(),
    }).reindex(_post_types(post))
    out.loc[ALL] = [len(t), 100 * box.ge(7).mean(), 100 * box.le(3).mean(), 100 * box.eq(1).mean()]
    out["n"] = out["n"].astype("int64")
    return suppress_small_groups(out.astype({"persen_kotak_7_9": float}).round(1).reset_index(),
                                 "n", k=k).set_index("jenis_jabatan")
