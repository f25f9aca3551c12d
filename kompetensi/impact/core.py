"""Shared pieces of the impact estimators: result types, data preparation, inference.

Conventions (see :mod:`kompetensi.impact`): numeric and boolean columns are cast to float64
before any arithmetic; text columns become objects with None for missing values (what patsy
and formulaic expect); confidence intervals and p-values use the t distribution with the
result's ``df`` (the normal distribution when ``df`` is infinite).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd
from scipy import linalg, stats


@dataclass(frozen=True)
class EffectResult:
    """One estimated effect with its uncertainty.

    ``n_clusters`` is None when the standard error is not clustered; ``df`` is the degrees of
    freedom of the t distribution behind ``ci_low``/``ci_high``/``p_value``; ``level`` the
    confidence level.
    """

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    n: int
    n_clusters: int | None
    method: str
    se_type: str
    df: float
    term: str = ""
    level: float = 0.95

    def as_dict(self) -> dict:
        """The scalar fields as a dict (for ``Report.results``)."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if not isinstance(getattr(self, f.name), pd.DataFrame)}

    def as_row(self, **extra) -> dict:
        """One row of a published table: ``extra`` first, then the estimate and its inference.

        Examples
        --------
        >>> r = EffectResult(0.2, 0.05, 0.1, 0.3, 0.001, 100, 10, "OLS", "CR1 (opd)", 9.0)
        >>> r.as_row(tahun=2024)  # doctest: +NORMALIZE_WHITESPACE
        {'tahun': 2024, 'estimasi': 0.2, 'ci_bawah': 0.1, 'ci_atas': 0.3, 'se': 0.05,
         'nilai_p': 0.001, 'n': 100, 'n_klaster': 10, 'jenis_se': 'CR1 (opd)'}
        """
        return {**extra, "estimasi": self.estimate, "ci_bawah": self.ci_low,
                "ci_atas": self.ci_high, "se": self.se, "nilai_p": self.p_value, "n": self.n,
                "n_klaster": self.n_clusters, "jenis_se": self.se_type}

    def interval(self, scale: float = 1.0) -> tuple[float, float, float]:
        """``(estimate, ci_low, ci_high)`` times ``scale`` (100: a share in percentage points).

        Examples
        --------
        >>> EffectResult(0.2, 0.05, 0.1, 0.3, 0.001, 100, None, "OLS", "classical", 98.0
        ...              ).interval(100)
        (20.0, 10.0, 30.0)
        """
        return scale * self.estimate, scale * self.ci_low, scale * self.ci_high

    def bounds(self, scale: float = 1.0, digits: int = 4) -> dict[str, float]:
        """:meth:`interval` as ``{"estimasi", "ci_bawah", "ci_atas"}`` rounded (for ``hasil``).

        Examples
        --------
        >>> EffectResult(0.123456, 0.05, 0.1, 0.3, 0.001, 100, None, "OLS", "classical",
        ...              98.0).bounds()
        {'estimasi': 0.1235, 'ci_bawah': 0.1, 'ci_atas': 0.3}
        """
        return {name: round(x, digits) for name, x in
                zip(("estimasi", "ci_bawah", "ci_atas"), self.interval(scale), strict=True)}

    def summary(self, digits: int = 6) -> dict:
        """The numbers of the result for ``hasil``: floats rounded to ``digits`` decimals, so
        that the results file does not change with the last bits of a computation.

        Examples
        --------
        >>> EffectResult(1 / 3, 0.05, 0.1, 0.3, 0.001, 100, None, "OLS", "classical",
        ...              98.0).summary(3)  # doctest: +NORMALIZE_WHITESPACE
        {'estimate': 0.333, 'se': 0.05, 'ci_low': 0.1, 'ci_high': 0.3, 'p_value': 0.001,
         'n': 100, 'n_clusters': None, 'method': 'OLS', 'se_type': 'classical'}
        """
        return {k: round(v, digits) if isinstance(v, float) else v
                for k, v in self.as_dict().items() if k in SUMMARY_FIELDS}


SUMMARY_FIELDS = ("estimate", "se", "ci_low", "ci_high", "p_value", "n", "n_clusters",
                  "se_type", "method")


@dataclass(frozen=True)
class EventStudyResult(EffectResult):
    """Event-study estimates: ``estimate`` is the mean of the post-period effects (e >= 0).

    ``periods`` holds one row per relative period (the reference period with estimate 0 and
    no standard error); ``pretrend_f``/``pretrend_p_value`` test that every lead (e < 0, other
    than the reference) is zero (Wald F with ``pretrend_df`` = (q, df); NaN without leads).
    ``vcov``: covariance of the period estimates indexed by relative period, where the
    estimator gives one (HonestDiD needs it).
    """

    periods: pd.DataFrame = field(default_factory=pd.DataFrame, compare=False, repr=False)
    pretrend_f: float = math.nan
    pretrend_p_value: float = math.nan
    pretrend_df: tuple[int, float] = (0, math.nan)
    reference: int = -1
    vcov: pd.DataFrame | None = field(default=None, compare=False, repr=False)

    def after(self) -> pd.DataFrame:
        """The periods from the treatment on (``periode_relatif >= 0``), indexed by period."""
        periods = self.periods.set_index("periode_relatif")
        return periods[periods.index >= 0]


@dataclass(frozen=True)
class Estimates:
    """Named effects and the published table made from them.

    ``results`` maps a name (or a tuple of names) to an :class:`EffectResult`; ``table`` is
    rounded (:func:`rounded_table`) and, where it counts people, suppressed; ``errors`` maps
    what could not be estimated to the estimator's message.
    """

    results: dict
    table: pd.DataFrame = field(compare=False, repr=False)
    errors: dict = field(default_factory=dict)

    @property
    def widest(self) -> EffectResult:
        """The result with the largest standard error (the first of equals)."""
        return max(self.results.values(), key=lambda r: r.se)


def _check_columns(data: pd.DataFrame, columns: Sequence[str | None]) -> None:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, not {type(data).__name__}")
    missing = [c for c in columns if c is not None and c not in data.columns]
    if missing:
        raise ValueError(f"column(s) not in data: {', '.join(missing)} "
                         f"(columns: {', '.join(map(str, data.columns))})")


def _as_float(data: pd.DataFrame) -> pd.DataFrame:
    """Numeric and boolean columns as float64 (NA -> NaN); text as object with None."""
    out = {}
    for name, col in data.items():
        if pd.api.types.is_bool_dtype(col) or pd.api.types.is_numeric_dtype(col):
            out[name] = pd.to_numeric(col, errors="coerce").astype("float64")
        elif isinstance(col.dtype, pd.CategoricalDtype):
            out[name] = col
        else:  # text: patsy needs None (not pd.NA) for a missing value
            out[name] = col.astype(object).where(col.notna(), None)
    return pd.DataFrame(out, index=data.index)


def _q(name: str) -> str:
    """A column name as a formula term."""
    return name if name.isidentifier() else f'Q("{name}")'


def _inference(estimate: float, se: float, df: float, alpha: float) -> tuple[float, float, float]:
    dist = stats.t(df) if math.isfinite(df) else stats.norm
    if not se > 0:
        return math.nan, math.nan, math.nan
    q = float(dist.ppf(1 - alpha / 2))
    p = float(2 * dist.sf(abs(estimate) / se))
    return estimate - q * se, estimate + q * se, p


def _result(estimate, se, df, alpha, **kwargs) -> EffectResult:
    low, high, p = _inference(float(estimate), float(se), float(df), alpha)
    return EffectResult(float(estimate), float(se), low, high, p, level=1 - alpha, df=float(df),
                        **kwargs)


def _redundant_columns(matrix: np.ndarray, names: Sequence[str]) -> list[str]:
    """Columns that are linear combinations of the others (QR with column pivoting)."""
    if matrix.shape[1] == 0:
        return []
    scale = np.abs(matrix).max(axis=0)
    scaled = matrix / np.where(scale > 0, scale, 1.0)
    _q_, r, pivot = linalg.qr(scaled, mode="economic", pivoting=True)
    diag = np.abs(np.diag(r))
    tol = max(matrix.shape) * np.finfo(float).eps * (diag[0] if diag.size else 0.0) * 1e3
    rank = int((diag > tol).sum())
    return [names[i] for i in sorted(pivot[rank:])]


def _check_variation(values: pd.Series, name: str) -> None:
    if values.dropna().nunique() < 2:
        raise ValueError(
            f"'{name}' does not vary in the estimation sample (no treated units, or no "
            "untreated units): the effect cannot be estimated")


def _check_clusters(groups: pd.Series, name: str) -> int:
    n_clusters = int(groups.nunique())
    if n_clusters < 2:
        raise ValueError(
            f"cluster-robust standard errors need at least 2 clusters; '{name}' has "
            f"{n_clusters} in the estimation sample (use cluster=None)")
    return n_clusters


def _replace(result: EffectResult, **changes) -> EffectResult:
    values = {f.name: getattr(result, f.name) for f in fields(result)}
    values.update(changes)
    return type(result)(**values)


def results_table(results: Mapping[str, EffectResult], digits: int = 3) -> pd.DataFrame:
    """One row per named result, Indonesian column names, rounded (for ``Report.table``).

    Rounded values that are zero are +0.0: an estimate of -1e-17 (rounding, its sign can
    depend on the CPU) is shown as 0.0, not -0.0.
    """
    rows = {name: {"estimasi": r.estimate, "se": r.se, "ci_bawah": r.ci_low,
                   "ci_atas": r.ci_high, "nilai_p": r.p_value, "n": r.n,
                   "n_klaster": r.n_clusters, "metode": r.method, "jenis_se": r.se_type}
            for name, r in results.items()}
    table = pd.DataFrame.from_dict(rows, orient="index")
    numeric = ["estimasi", "se", "ci_bawah", "ci_atas", "nilai_p"]
    table[numeric] = table[numeric].astype(float).round(digits) + 0.0  # -0.0 + 0.0 is +0.0
    table["n_klaster"] = table["n_klaster"].astype("Int64")
    return table


ROUNDED_COLUMNS = ("estimasi", "ci_bawah", "ci_atas", "se", "rerata_skor", "persen_sangat_baik",
                   "selisih")


def rounded_table(table: pd.DataFrame, digits: int = 3) -> pd.DataFrame:
    """A published effect table: numbers rounded, p-values and cluster counts as text.

    Parameters
    ----------
    table : DataFrame
        Rows of :meth:`EffectResult.as_row` (or any table with some of the columns
        ``ROUNDED_COLUMNS``, ``nilai_p``, ``n_klaster``).
    digits : int
        Decimals of the ``ROUNDED_COLUMNS`` present (other columns are left as they are).

    Returns
    -------
    DataFrame
        A copy; ``nilai_p`` as text with three decimals or ``<0.001`` and ``n_klaster`` as
        whole numbers, both ``–`` where not applicable (no p-value, not clustered).

    Examples
    --------
    >>> t = pd.DataFrame({"estimasi": [0.12345, 0.5], "nilai_p": [0.0002, None],
    ...                   "n_klaster": [35, None]})
    >>> rounded_table(t).to_dict("list")
    {'estimasi': [0.123, 0.5], 'nilai_p': ['<0.001', '–'], 'n_klaster': [35, '–']}
    """
    cols = [c for c in ROUNDED_COLUMNS if c in table]
    out = table.copy()
    out[cols] = out[cols].astype(float).round(digits)
    if "nilai_p" in out:
        p = out["nilai_p"].astype(float)
        text = np.where(p < 0.001, "<0.001", p.round(3).map("{:.3f}".format))
        out["nilai_p"] = pd.Series(text, index=out.index).where(p.notna(), "–")
    if "n_klaster" in out:
        out["n_klaster"] = out["n_klaster"].astype("Int64").astype(object).where(
            out["n_klaster"].notna(), "–")
    return out
