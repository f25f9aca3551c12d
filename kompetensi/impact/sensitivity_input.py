"""Event-study coefficients and their covariance in the order HonestDiD expects.

:func:`from_event_study` turns an event-study table (``periode_relatif``, ``estimasi``, ...)
and the coefficients' covariance matrix into the inputs of
:func:`kompetensi.impact.sensitivity.relative_magnitudes` and ``smoothness_bounds``: the leads,
then the lags, without the reference period. Public through :mod:`kompetensi.impact`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kompetensi.impact.core import EventStudyResult


@dataclass(frozen=True, eq=False)
class EventStudyCoefficients:
    """Event-study coefficients in HonestDiD order: ``num_pre`` leads, then ``num_post`` lags.

    ``periods`` are the relative periods of ``betahat`` (the reference period excluded);
    ``sigma`` is their covariance matrix in the same order.
    """

    betahat: np.ndarray
    sigma: np.ndarray
    num_pre: int
    num_post: int
    periods: tuple[int, ...]
    reference: int = -1


def _vcov_frame(vcov, periods: list[int], reference: int) -> pd.DataFrame:
    if isinstance(vcov, pd.DataFrame):
        frame = vcov.copy()
        try:
            frame.index = [int(p) for p in frame.index]
            frame.columns = [int(p) for p in frame.columns]
        except (TypeError, ValueError):
            raise ValueError("vcov's index and columns must be the relative periods") from None
        frame = frame.drop(index=reference, columns=reference, errors="ignore")
        missing = sorted(set(periods) - set(frame.index) | set(periods) - set(frame.columns))
        if missing:
            raise ValueError(f"vcov lacks the relative periods {missing}")
        return frame.loc[periods, periods].astype("float64")
    arr = np.asarray(vcov, dtype="float64")
    if arr.shape != (len(periods), len(periods)):
        raise ValueError(f"vcov as an array must be {len(periods)}x{len(periods)}, ordered like "
                         f"the table's non-reference periods sorted ascending; got {arr.shape}")
    return pd.DataFrame(arr, index=sorted(periods), columns=sorted(periods)).loc[periods, periods]


def from_event_study(event_study, vcov=None, *, reference: int | None = None,
                     period_column: str = "periode_relatif", estimate_column: str = "estimasi",
                     se_column: str | None = "se") -> EventStudyCoefficients:
    """Event-study estimates and covariance in HonestDiD order (leads, then lags).

    HonestDiD needs the *full* covariance matrix of the event-study coefficients, not only
    their standard errors. For the two-way fixed-effects event study it is the coefficients'
    cluster-robust covariance; for Callaway & Sant'Anna's dynamic aggregation the
    influence-function covariance V = psi'psi / n^2 (psi: n x periods), from a *universal*
    base period (every lead compared with e = -1; the default varying base period makes the
    leads one-period changes, which Delta^RM and Delta^SD do not describe).

    Periods before ``reference`` are the leads, periods after it the lags (with
    ``reference = -1``: e >= 0; an earlier reference makes the periods in between
    anticipation periods, treated as post-periods). The periods must be consecutive around
    the reference. Binned end periods (``event_study(window=...)``) bend the meaning of the
    restrictions: prefer an unbinned window.

    Parameters
    ----------
    event_study : EventStudyResult or DataFrame
        The result of :func:`~kompetensi.impact.panel.event_study` (or an estimator with the
        same ``periods`` table) or a table with one row per relative period. The reference
        row, if present, must have estimate 0 (or NaN).
    vcov : DataFrame or array, optional
        Covariance of the coefficients: a DataFrame indexed and columned by relative period
        (rows/columns of the reference period are dropped), or an array ordered like the
        non-reference periods sorted ascending. Default: ``event_study.vcov`` if it exists.
    reference : int, optional
        Omitted period; default ``event_study.reference`` for an EventStudyResult, else -1.
    period_column, estimate_column : str
        Columns of the table.
    se_column : str or None
        If present in the table, its standard errors must equal sqrt(diag(vcov)) (relative
        tolerance 1e-3): catches a misordered covariance. None skips the check (e.g.
        bootstrap standard errors in the table).

    Returns
    -------
    EventStudyCoefficients
        ``betahat``, ``sigma``, ``num_pre``, ``num_post``, ``periods``, ``reference``.

    Raises
    ------
    ValueError
        Missing columns or covariance, duplicated or non-integer periods, gaps, no lead or
        no lag, a non-zero reference estimate, non-finite values, standard errors that do
        not match the covariance.

    Examples
    --------
    >>> table = pd.DataFrame({"periode_relatif": [-2, -1, 0, 1],
    ...                       "estimasi": [0.01, 0.0, 0.2, 0.3]})
    >>> co = from_event_study(table, np.diag([1.0, 2.0, 3.0]))
    >>> co.periods, co.num_pre, co.num_post, co.betahat.tolist()
    ((-2, 0, 1), 1, 2, [0.01, 0.2, 0.3])
    """
    if isinstance(event_study, EventStudyResult):
        table = event_study.periods
        reference = event_study.reference if reference is None else reference
    elif isinstance(event_study, pd.DataFrame):
        table = event_study
    else:
        raise ValueError("event_study must be an EventStudyResult or a DataFrame")
    reference = -1 if reference is None else int(reference)
    if vcov is None:
        vcov = getattr(event_study, "vcov", None)
        if vcov is None:
            raise ValueError("HonestDiD needs the full covariance matrix of the event-study "
                             "coefficients: pass vcov")
    missing = [c for c in (period_column, estimate_column) if c not in table.columns]
    if missing:
        raise ValueError(f"event-study table lacks the columns {missing}")
    rel = pd.to_numeric(table[period_column], errors="coerce").to_numpy(dtype="float64")
    if not np.isfinite(rel).all() or not np.allclose(rel, np.round(rel)):
        raise ValueError(f"'{period_column}' must hold whole relative periods")
    est = pd.to_numeric(table[estimate_column], errors="coerce").to_numpy(dtype="float64")
    frame = pd.DataFrame({"e": np.round(rel).astype(int), "b": est}, index=table.index)
    if frame["e"].duplicated().any():
        raise ValueError("each relative period must appear once")
    ref_rows = frame[frame["e"] == reference]
    if len(ref_rows) and not (ref_rows["b"].fillna(0.0) == 0).all():
        raise ValueError(f"the reference period {reference} must have estimate 0")
    frame = frame[frame["e"] != reference].sort_values("e")
    if not np.isfinite(frame["b"]).all():
        raise ValueError("every non-reference period needs a finite estimate")
    periods = frame["e"].tolist()
    full = sorted([*periods, reference])
    if full != list(range(full[0], full[-1] + 1)):
        raise ValueError(f"relative periods must be consecutive around the reference "
                         f"{reference}, got {periods}")
    num_pre = sum(e < reference for e in periods)
    num_post = len(periods) - num_pre
    if num_pre < 1 or num_post < 1:
        raise ValueError(f"need at least one lead and one lag besides the reference {reference}"
                         f" (got {num_pre} leads, {num_post} lags)")
    sigma = _vcov_frame(vcov, periods, reference).to_numpy()
    if not np.isfinite(sigma).all():
        raise ValueError("vcov must be finite")
    if se_column is not None and se_column in table.columns:
        se = pd.to_numeric(table.loc[frame.index, se_column], errors="coerce").to_numpy(float)
        if not np.allclose(np.sqrt(np.clip(np.diag(sigma), 0, None)), se, rtol=1e-3, atol=0):
            raise ValueError(f"sqrt(diag(vcov)) does not match the table's '{se_column}' "
                             "(misordered covariance?); pass se_column=None to skip")
    return EventStudyCoefficients(frame["b"].to_numpy(dtype="float64"), sigma, num_pre,
                                  num_post, tuple(periods), reference)
