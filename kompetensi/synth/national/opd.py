"""Invented agencies (instansi) of the national synthetic dataset: names, abbreviations, sizes.

Ministries and national agencies combine invented fields of work; provinces, regencies
(kabupaten) and cities (kota) carry place names built from syllables, so no name is a real
place. Names are unique and no two are so alike that a ``difflib`` ratio of
:data:`MAX_RATIO` or more would confuse them after lower-casing (the cut-off of the fuzzy
OPD matching); a one-letter misspelling of a name therefore stays closest to that name.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import numpy as np

MAX_RATIO = 0.88
KINDS = ("kementerian", "badan", "provinsi", "kabupaten", "kota")
KIND_SHARE = (0.06, 0.08, 0.07, 0.63, 0.16)
KIND_WEIGHT = (6.0, 1.5, 3.0, 1.0, 1.3)  # size multipliers (a ministry has many offices)
SIZE_SIGMA = 0.9  # lognormal spread of agency sizes
CENTRAL = frozenset({0, 1})  # kinds of the central government

FIELDS = (
    "Pertanian", "Perikanan", "Kehutanan", "Perhubungan", "Perindustrian", "Perdagangan",
    "Pariwisata", "Kebudayaan", "Pendidikan", "Kesehatan", "Ketenagakerjaan", "Perumahan",
    "Pekerjaan Umum", "Agraria", "Tata Ruang", "Lingkungan Hidup", "Energi", "Pertambangan",
    "Koperasi", "Usaha Kecil", "Kepemudaan", "Keolahragaan", "Kesejahteraan Sosial",
    "Keuangan Negara", "Perencanaan", "Hukum", "Pembangunan Desa", "Transmigrasi", "Kelautan",
    "Investasi", "Komunikasi Publik", "Kependudukan", "Kebencanaan", "Perlindungan Anak",
    "Ketahanan Pangan", "Statistik", "Riset", "Inovasi", "Kearsipan", "Perpustakaan",
    "Meteorologi", "Pertanahan", "Pengawasan Obat", "Standardisasi", "Pencarian dan Pertolongan",
    "Kepegawaian", "Administrasi Negara", "Persandian", "Perbatasan", "Pemasyarakatan",
)
_CENTRAL_FORMS = {  # (name form, abbreviation head)
    0: (("Kementerian {a}", "KEMEN"), ("Kementerian {a} dan {b}", "KEMEN"),
        ("Kementerian Koordinator Bidang {a}", "KEMENKO")),
    1: (("Badan {a} Nasional", "B"), ("Badan {a} dan {b}", "B"), ("Badan Pengelola {a}", "BP"),
        ("Lembaga {a} Nasional", "L")),
}
_SIMPLE_FIELDS = tuple(f for f in FIELDS if " dan " not in f)
_ONSET = ("b", "d", "g", "j", "k", "l", "m", "n", "p", "r", "s", "t", "w", "ng", "s", "k", "t",
          "m", "b", "", "h", "ny")
_VOWEL = ("a", "a", "i", "u", "e", "o")
_CODA = ("", "", "", "n", "ng", "r", "k", "t", "s", "h")
_PLACE_WORD = ("Tanjung", "Muara", "Bukit", "Sungai", "Pulau", "Teluk", "Batu", "Air")
_REGIONAL = {2: ("Pemerintah Provinsi ", "PEMPROV"), 3: ("Pemerintah Kabupaten ", "PEMKAB"),
             4: ("Pemerintah Kota ", "PEMKOT")}


@dataclass(frozen=True)
class Agencies:
    """The agencies of one dataset.

    Attributes
    ----------
    names, abbreviations : tuple of str
        Canonical names and unique abbreviations.
    kind : numpy.ndarray of int
        Index into :data:`KINDS`.
    sizes : numpy.ndarray of int64
        ASN per agency (sum = the dataset's ASN).
    misspelt : tuple of str
        One fixed one-letter misspelling of each name.
    """

    names: tuple[str, ...]
    abbreviations: tuple[str, ...]
    kind: np.ndarray
    sizes: np.ndarray
    misspelt: tuple[str, ...]

    @property
    def bounds(self) -> np.ndarray:
        """First person index of each agency, plus the total at the end."""
        return np.concatenate([[0], np.cumsum(self.sizes)])

    def of_persons(self, first: int, n: int) -> np.ndarray:
        """Agency index of the persons ``first`` .. ``first + n - 1``."""
        return np.searchsorted(self.bounds, np.arange(first, first + n), side="right") - 1


def _place(rng: np.random.Generator) -> str:
    k = int(rng.integers(3, 5)) if rng.random() < 0.35 else 3
    text = "".join(_ONSET[rng.integers(len(_ONSET))] + _VOWEL[rng.integers(len(_VOWEL))]
                   for _ in range(k)) + _CODA[rng.integers(len(_CODA))]
    text = text.capitalize()
    if rng.random() < 0.08:
        text = f"{_PLACE_WORD[rng.integers(len(_PLACE_WORD))]} {text}"
    return text


def _central(rng: np.random.Generator, kind: int) -> tuple[str, str]:
    forms = _CENTRAL_FORMS[kind]
    form, head = forms[rng.integers(len(forms))]
    a = FIELDS[rng.integers(len(FIELDS))]
    if "{b}" in form:  # two fields joined by "dan": neither may hold "dan" itself
        a, b = (_SIMPLE_FIELDS[i] for i in rng.choice(len(_SIMPLE_FIELDS), 2, replace=False))
        fields = f"{a} {b}"
    else:
        b, fields = "", a
    stem = "".join(w[:3] for w in fields.split() if w != "dan").upper()
    return form.format(a=a, b=b), head + stem


def too_similar(candidate: str, accepted: list[str], cutoff: float = MAX_RATIO) -> bool:
    """True when ``candidate`` has a difflib ratio >= ``cutoff`` with an accepted key.

    ``SequenceMatcher.ratio`` is not symmetric: both orders are checked.
    """
    matcher = difflib.SequenceMatcher(None, b=candidate)
    for other in accepted:
        matcher.set_seq1(other)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
            if (matcher.ratio() >= cutoff
                    or difflib.SequenceMatcher(None, candidate, other).ratio() >= cutoff):
                return True
    return False


def _kind_counts(n: int) -> np.ndarray:
    counts = np.floor(np.asarray(KIND_SHARE) * n).astype(np.int64)
    counts[0] = min(counts[0], 40)
    counts[1] = min(counts[1], 60)
    if n >= len(KINDS):
        counts = np.maximum(counts, 1)
    counts[3] += n - counts.sum()
    if counts[3] < 0:  # fewer agencies than kinds: drop from the largest kinds
        counts[3] = 0
        while counts.sum() > n:
            counts[int(np.argmax(counts))] -= 1
    return counts


def _misspell(rng: np.random.Generator, name: str, prefix_len: int) -> str:
    """Drop, double or swap one letter of the distinctive part of ``name``."""
    positions = [i for i in range(max(prefix_len, 1), len(name) - 1)
                 if name[i].islower() and name[i + 1].islower()]
    i = positions[int(rng.integers(len(positions)))]
    how = int(rng.integers(3))
    if how == 1:
        return name[:i] + name[i] + name[i:]
    if how == 2 and name[i] != name[i + 1]:
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    return name[:i] + name[i + 1:]


def _unique(candidates: list[str], taken: list[str]) -> str:
    """The first candidate not taken yet, else the last one with a number."""
    for c in candidates:
        if c not in taken:
            return c
    k = 2
    while f"{candidates[-1]}{k}" in taken:
        k += 1
    return f"{candidates[-1]}{k}"


def _sizes(rng: np.random.Generator, kind: np.ndarray, n_asn: int) -> np.ndarray:
    """Skewed sizes (lognormal times a kind weight), at least 1 each, summing to ``n_asn``."""
    n = len(kind)
    weight = rng.lognormal(0.0, SIZE_SIGMA, n) * np.asarray(KIND_WEIGHT)[kind]
    share = weight / weight.sum() * (n_asn - n)
    sizes = np.floor(share).astype(np.int64)
    rest = n_asn - n - int(sizes.sum())
    sizes[np.argsort(-(share - sizes), kind="stable")[:rest]] += 1
    return sizes + 1


def build(rng: np.random.Generator, n_agencies: int, n_asn: int) -> Agencies:
    """Draw ``n_agencies`` agencies holding ``n_asn`` ASN in all.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    n_agencies : int
        Number of agencies (at least 1, at most ``n_asn``).
    n_asn : int
        Number of ASN.

    Returns
    -------
    Agencies
    """
    if not 1 <= n_agencies <= n_asn:
        raise ValueError(f"need 1 <= n_agencies <= n_asn (got {n_agencies} and {n_asn})")
    names: list[str] = []
    abbrs: list[str] = []
    prefix: list[int] = []
    kinds: list[int] = []
    keys: list[str] = []
    places: set[str] = set()
    for kind, count in enumerate(_kind_counts(n_agencies)):
        made, tries = 0, 0
        while made < count:
            tries += 1
            if tries > 200 * (count + 10):
                raise RuntimeError(f"cannot invent {count} distinct {KINDS[kind]} names")
            if kind in CENTRAL:
                name, abbr = _central(rng, kind)
                start = name.index(" ") + 1
            else:
                place = _place(rng)
                if place in places:
                    continue
                head, abbr_head = _REGIONAL[kind]
                name = head + place
                abbr = ""
                start = len(head)
            key = name.lower()
            if key in keys or too_similar(key, keys):
                continue
            if kind not in CENTRAL:
                places.add(place)
                abbr = _unique([abbr_head + place.replace(" ", "").upper()[:k]
                                for k in range(min(4, len(place)), len(place) + 1)], abbrs)
            else:
                abbr = _unique([abbr], abbrs)
            names.append(name)
            abbrs.append(abbr)
            prefix.append(start)
            kinds.append(kind)
            keys.append(key)
            made += 1
    kind_arr = np.asarray(kinds, dtype=np.int64)
    misspelt = tuple(_misspell(rng, nm, p) for nm, p in zip(names, prefix, strict=True))
    return Agencies(tuple(names), tuple(abbrs), kind_arr, _sizes(rng, kind_arr, n_asn), misspelt)
