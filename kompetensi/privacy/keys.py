"""The pseudonym key: where it comes from, when it is refused, and its fingerprint.

The key turns NIPs into ``pid`` (:func:`kompetensi.privacy.pseudonym.pseudonymize`). The same key must
serve every cycle of a dataset: with another key the same person gets another ``pid`` and
every link across cycles (persistence, panel, DiD) breaks without a sound. So the processed
data and the run manifest record the key's *fingerprint* (an HMAC of a constant text; the key
cannot be recovered from it), and a changed key is detected
(:func:`kompetensi.processing.build.build_processed`).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

from kompetensi.core import config
from kompetensi.core.errors import DataError

MIN_KEY_CHARS = 20
MIN_DISTINCT_CHARS = 10
NEW_KEY_BYTES = 32  # 256 bits, 43 URL-safe characters
_FINGERPRINT_TEXT = b"kompetensi/sidik-kunci-pseudonim/v1"


def load_key(dataset: str) -> bytes:
    """Key of the NIP pseudonym, checked by :func:`key_problem`.

    Order: environment ``KOMPETENSI_PID_KEY``; the untracked file ``.kompetensi_key`` at the
    project root (readable by its owner only, on POSIX systems); for a synthetic dataset only,
    the sample's documented demo key.

    Raises
    ------
    DataError
        For a real dataset when no key is set (pseudonyms must not be guessable), when the
        key is weak or is the public demo key, or when the key file is readable by others.
    """
    if key := os.environ.get("KOMPETENSI_PID_KEY"):
        source = "variabel lingkungan KOMPETENSI_PID_KEY"
    elif config.KEY_FILE.exists():
        key, source = config.KEY_FILE.read_text(encoding="utf-8").strip(), str(config.KEY_FILE)
        if os.name == "posix" and config.KEY_FILE.stat().st_mode & 0o077:
            raise DataError(f"file kunci {source} dapat dibaca pengguna lain: batasi dengan "
                            f"`chmod 600 {source}`")
    elif config.is_synthetic(dataset):
        return config.SAMPLE_PID_KEY.encode()
    else:
        raise DataError(
            "kunci pseudonim belum diatur: buat dengan `kompetensi kunci baru` (disimpan di "
            f"{config.KEY_FILE.name} di akar proyek, jangan di-commit) atau isi variabel "
            "lingkungan KOMPETENSI_PID_KEY")
    if problem := key_problem(key, synthetic=config.is_synthetic(dataset)):
        raise DataError(f"kunci pseudonim dari {source} ditolak: {problem}; buat kunci yang "
                        "kuat dengan `kompetensi kunci baru`")
    return key.encode()


def key_problem(key: str, *, synthetic: bool = False) -> str | None:
    """Why a key is too weak to pseudonymize real people, or None when it will do.

    A key needs at least 20 characters of which at least 10 are distinct (a random key of
    :func:`new_key` has 43); the sample's public demo key is refused for real data.

    Examples
    --------
    >>> key_problem("abc")
    'terlalu pendek (3 karakter; paling sedikit 20)'
    >>> key_problem("a" * 40)
    'terlalu sedikit karakter berbeda (1; paling sedikit 10)'
    >>> key_problem(new_key()) is None
    True
    """
    if not synthetic and key == config.SAMPLE_PID_KEY:
        return "ini kunci demo sampel sintetis yang diumumkan, bukan rahasia"
    if len(key) < MIN_KEY_CHARS:
        return f"terlalu pendek ({len(key)} karakter; paling sedikit {MIN_KEY_CHARS})"
    if len(set(key)) < MIN_DISTINCT_CHARS:
        return (f"terlalu sedikit karakter berbeda ({len(set(key))}; paling sedikit "
                f"{MIN_DISTINCT_CHARS})")
    return None


def key_fingerprint(key: bytes | str) -> str:
    """Fingerprint of a key: HMAC-SHA256 of a constant text under the key, 16 hex digits.

    It tells two keys apart without revealing either: recorded with the processed data and
    in the run manifest.

    Examples
    --------
    >>> key_fingerprint(b"k" * 20) == key_fingerprint("k" * 20) != key_fingerprint("j" * 20)
    True
    >>> len(key_fingerprint(b"k" * 20))
    16
    """
    key = key.encode() if isinstance(key, str) else key
    return hmac.new(key, _FINGERPRINT_TEXT, hashlib.sha256).hexdigest()[:16]


def new_key() -> str:
    """A random key from the operating system's generator (:func:`secrets.token_urlsafe`)."""
    return secrets.token_urlsafe(NEW_KEY_BYTES)


def write_new_key(path: Path | None = None) -> Path:
    """Write :func:`new_key` to ``path`` (default ``.kompetensi_key``), readable by its owner only.

    Raises
    ------
    DataError
        When the file exists already: replacing a key breaks every link to earlier cycles.
    """
    path = Path(path) if path is not None else config.KEY_FILE
    if path.exists():
        raise DataError(f"{path} sudah ada: kunci lama tidak ditimpa (mengganti kunci memutus "
                        "pid antarsiklus); hapus dulu dengan sengaja bila memang ingin mengganti")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(new_key() + "\n")
    return path
