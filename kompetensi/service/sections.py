"""Notebook 08's steps as publishable sections (tables, figures, prose in order).

Each ``*_section`` function takes results computed by the service package (and, for the link
to training, :func:`kompetensi.impact.unit_effects`) and returns the items for
``Report.publish``. Numbers in prose are spelled by ``fmt`` (:mod:`kompetensi.report.format`
in the notebook); tables are rounded here, once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from kompetensi.core.published import Prose, PublishedFigure, PublishedTable, round_floats
from kompetensi.privacy.disclosure import suppress_table
from kompetensi.service import figures
from kompetensi.service.city import priority_units
from kompetensi.service.exposure import cohort_counts

UNIT_COLUMNS = ["unit", "opd", "periode", "sumber", "responden", "populasi", "sampel_minimum",
                "cukup", "ikm", "ikm_ci_bawah", "ikm_ci_atas", "mutu", "nrr_u6", "nrr_u7",
                "ikm_terbit", "selisih_ikm", "selisih_besar", "peringkat"]


def _rounded(table: pd.DataFrame, digits: int = 2) -> pd.DataFrame:
    """Floats rounded, and a fresh 0..n-1 index (``Report.table`` writes any other index)."""
    return round_floats(table.reset_index(drop=True), digits)


def units_section(overview: pd.DataFrame, siklus: int, fmt: Any) -> list:
    """The index, band and sample check of every unit and period of the cycle."""
    rows = overview.loc[overview["siklus"] == siklus, UNIT_COLUMNS].sort_values(["unit",
                                                                                "periode"])
    responden = rows["responden"].astype("Float64").fillna(
        overview.loc[rows.index, "responden_terbit"].astype("Float64"))
    rows = rows.assign(responden=responden.astype("Int64")).reset_index(drop=True)
    below = rows.loc[~rows["cukup"].fillna(False).astype(bool)]
    bands = rows["mutu"].value_counts()
    text = (f"Siklus {siklus}: **{rows['unit'].nunique()} unit layanan**, {len(rows)} "
            f"unit-periode. Mutu pelayanan: " + ", ".join(
                f"{m} {int(bands.get(m, 0))}" for m in ("A", "B", "C", "D")) + ". "
            f"**{len(below)} unit-periode di bawah sampel minimum** (tabel Krejcie-Morgan "
            "PermenPANRB 14/2017) atau tanpa data populasi: nilainya ditampilkan tetapi tidak "
            "diberi peringkat.")
    large = rows["selisih_besar"].fillna(False).astype(bool)
    if large.any():
        text += (f" Pada {int(large.sum())} unit-periode IKM yang diterbitkan unit berbeda "
                 "lebih dari 0,15 poin dari IKM yang dihitung ulang dari jawaban responden.")
    return [PublishedTable(_rounded(rows), "ikm_unit", f"IKM, mutu dan kecukupan sampel "
                           f"setiap unit layanan, siklus {siklus}",
                           note="IKM 25-100, bobot 1/9 tiap unsur; IK = bootstrap persentil "
                                "atas responden. sumber: responden (dihitung), rekap (hanya "
                                "rekap unit), keduanya (selisih = dihitung - terbit). Peringkat "
                                "hanya untuk unit dengan sampel cukup."),
            Prose(text)]


def city_section(yearly: pd.DataFrame, city: pd.DataFrame, colors: Sequence[str],
                 siklus: int, fmt: Any) -> list:
    """The city IKM per year (unweighted mean of the units) with its trend figure."""
    table = _rounded(city)
    items = [PublishedTable(table, "ikm_kota", "IKM kota per tahun: rerata IKM unit layanan",
                            note="Setiap unit berbobot sama (A-SKM-43); IK = bootstrap "
                                 "persentil atas unit. unit_A..unit_D = jumlah unit per mutu."),
             PublishedFigure(figures.city_trend(city, yearly, colors, period="siklus"),
                             "tren_ikm_kota", "IKM kota dan IKM setiap unit per tahun")]
    now = city.loc[city["siklus"] == siklus]
    if len(now):
        row = now.iloc[0]
        text = (f"IKM kota {siklus}: **{fmt.ci_text(row.ikm_kota, row.ikm_ci_bawah, row.ikm_ci_atas)}"
                f"**, mutu **{row.mutu}**, dari {int(row.unit)} unit layanan.")
        before = city.loc[city["siklus"] < siklus]
        if len(before):
            first = before.iloc[0]
            text += (f" Pada {int(first.siklus)} IKM kota {fmt.angka(first.ikm_kota, 2)}. "
                     "Perubahan antar tahun mencampur perubahan pelayanan dengan perubahan "
                     "responden dan cara survei; ia bukan ukuran dampak program mana pun.")
        items.append(Prose(text))
    return items


def elements_section(elements: pd.DataFrame, colors: Sequence[str], fmt: Any) -> list:
    """The nine elements city-wide, weakest first."""
    method = str(elements["metode_ci"].iloc[0]) if "metode_ci" in elements else ""
    table = _rounded(elements.drop(columns=[c for c in ("siklus", "metode_ci")
                                            if c in elements]), 3)
    weakest = elements.iloc[0]
    text = (f"Unsur terlemah di seluruh kota: **{weakest.unsur.upper()} {weakest.nama_unsur}** "
            f"(NRR {fmt.ci_text(weakest.nrr, weakest.nrr_ci_bawah, weakest.nrr_ci_atas)}). "
            "NRR kota = rerata semua jawaban, sehingga unit dengan banyak responden berbobot "
            "lebih besar; IK dari bootstrap responden di dalam setiap unit.")
    return [PublishedTable(table, "unsur_kota", "Nilai rata-rata (NRR) setiap unsur SKM, "
                           "seluruh kota, terlemah lebih dulu", note=f"IK: {method}."),
            PublishedFigure(figures.element_bars(elements, colors), "unsur_kota",
                            "NRR setiap unsur SKM seluruh kota"),
            Prose(text)]


def exposure_section(exposure: pd.DataFrame, adoption: pd.Series, siklus: int,
                     threshold: float, k: int) -> list:
    """Per unit: front-line staff and the share trained (all, IT); the adoption cohorts."""
    first = int(exposure["siklus"].min())
    now = exposure.loc[exposure["siklus"] == siklus].drop(columns="siklus")
    now = now.assign(kohort=now["unit"].map(adoption))
    shown = suppress_table(now, n="staf", counts=["terlatih", "terlatih_ti"],
                           shares={"persen_terlatih": "terlatih", "persen_ti": "terlatih_ti"},
                           k=k)
    return [PublishedTable(_rounded(shown, 1), "paparan_unit", f"Staf garis depan unit layanan "
                           f"dan yang dilatih pada {siklus}",
                           note=f"Staf = ASN aktif berjabatan garis depan (A-SKM-40); unit "
                                f"setingkat OPD: seluruh OPD (A-SKM-41). persen_ti = pelatihan "
                                f"TI/sistem informasi. Jumlah < {k} disembunyikan. kohort = "
                                f"tahun pertama persen_ti >= {threshold:g} % (0 = belum)."),
            PublishedTable(cohort_counts(adoption, first), "kohort_unit",
                           f"Unit layanan menurut tahun pertama >= {threshold:g} % staf garis "
                           "depan dilatih TI")]


def effects_section(effects: Any, labels: Mapping[str, str], fmt: Any, *, alpha: float,
                    threshold: float) -> list:
    """The unit-level staggered estimates, their uncertainty and the detectable effect."""
    level = round(100 * (1 - alpha))
    table = effects.table.reset_index()
    table["nilai_p"] = table["nilai_p"].map(fmt.p_text)
    lines = []
    for outcome, label in labels.items():
        c = effects.conclusion[outcome]
        lines.append(f"- **{label}**: {fmt.ci_text(c.estimate, c.ci_low, c.ci_high, level=level)}"
                     f"; efek terkecil yang dapat dideteksi (kuasa {effects.power:.0%}) "
                     f"{fmt.angka(effects.mde[outcome], 2)}.")
    text = (f"Unit yang mencapai ambang {threshold:g} % staf garis depan terlatih TI "
            f"dibandingkan dengan unit yang belum, sebelum dan sesudah tahun mencapainya "
            f"(Callaway-Sant'Anna, {effects.n_units} unit dalam panel seimbang, "
            f"{effects.n_treated} di antaranya mencapai ambang). Selisih perubahan, dengan "
            f"interval terlebar dari cara-cara untuk sedikit klaster:\n\n" + "\n".join(lines)
            + "\n\n**Cara membaca:** ini adalah asosiasi dalam desain selisih-dalam-selisih. Unit "
              "tidak dipilih secara acak untuk pelatihan; tren paralel tidak dapat diuji penuh "
              "dengan tiga tahun, dan perubahan lain di unit pada tahun yang sama (pegawai baru, "
              "sistem baru) ikut terbaca. Selisih yang lebih kecil dari efek terkecil yang dapat "
              "dideteksi tidak dapat dibedakan dari nol dengan jumlah unit ini.")
    return [PublishedTable(_rounded(table, 3), "efek_unit", "Perubahan IKM dan NRR U6/U7 unit "
                           "yang mencapai ambang pelatihan TI dibanding unit lain",
                           note="Klaster = unit. CS = Callaway-Sant'Anna (kontrol: unit yang tidak "
                                "pernah mencapai ambang); TWFE hanya pembanding. RI = inferensi "
                                "randomisasi atas tahun adopsi."),
            Prose(text)]


def priority_section(yearly: pd.DataFrame, exposure: pd.DataFrame, siklus: int,
                     k: int) -> list:
    """Units for action: lowest U6/U7 first, then least-trained staff (A-SKM-44)."""
    now = yearly.loc[yearly["siklus"] == siklus]
    cycle = exposure.loc[exposure["siklus"] == siklus]
    counts = ["terlatih", "terlatih_ti"]
    order = priority_units(now, cycle).merge(cycle[["unit", *counts]], on="unit", how="left")
    shown = suppress_table(order, n="staf", counts=counts, k=k,
                           shares={"persen_ti": "terlatih_ti", "persen_terlatih": "terlatih"})
    shown = shown.drop(columns=counts)
    left_out = now.loc[~now["cukup"], "unit"].nunique()
    text = (f"Urutan prioritas {siklus}: unit dengan penilaian masyarakat atas kompetensi (U6) "
            "dan perilaku (U7) petugas yang paling rendah lebih dulu; bila sama, unit dengan "
            f"staf garis depan yang paling sedikit dilatih TI. {left_out} unit dengan sampel "
            "kurang tidak diurutkan.")
    return [PublishedTable(_rounded(shown, 2), "prioritas_unit", f"Prioritas pengembangan "
                           f"kompetensi staf garis depan unit layanan, {siklus}",
                           note="nrr_u6_u7 = rerata NRR U6 dan U7 (1-4). Hanya unit dengan "
                                f"sampel cukup. Jumlah < {k} disembunyikan."),
            Prose(text)]


def truth_rows(planted: Mapping[str, Any], effects: Any, adoption: pd.Series,
               overview: pd.DataFrame, labels: Mapping[str, str]) -> list[tuple]:
    """The estimates next to the sample's planted SKM truths (``kebenaran.json``, ``skm``):
    the simple ATT of each outcome, the adoption cohorts, the units below the minimum sample.

    Rows of (measure, planted, estimate, lower, upper) for
    :func:`kompetensi.report.truth.truth_table`; a count row has its count as both bounds.
    """
    simple = planted["callaway_santanna"]["simple"]
    rows = [(f"efek rata-rata (CS simple): {label}", simple[f"att_{outcome}"],
             effects.conclusion[outcome].estimate, effects.conclusion[outcome].ci_low,
             effects.conclusion[outcome].ci_high) for outcome, label in labels.items()]
    truth = pd.Series(planted["adoption_year"])
    same = int((adoption.reindex(truth.index) == truth).sum())
    rows.append(("unit dengan tahun mencapai ambang sama (dari unit ditanam)", len(truth),
                 same, same, same))
    below = planted["below_krejcie_morgan"]
    flagged = overview.loc[~overview["cukup"].fillna(False).astype(bool), ["unit", "periode"]]
    keys = set(map(tuple, flagged.astype(str).to_numpy()))
    found = sum((b["unit"], b["periode"]) in keys for b in below)
    rows.append(("unit-periode di bawah sampel minimum yang ditandai", len(below), found, found,
                 found))
    return rows
