"""What a file is, from its content rather than its name.

Agencies rename files freely (an HTML page saved as ``.xls``, a workbook sent as ``.csv``),
so :func:`sniff` looks at the bytes: the magic number, the members of a zip, the streams of
an OLE compound file, the first characters of a text. A file that is no table (a PDF, an
image, a Word document, a damaged download) is refused with a :class:`DataError` that says
what it is and what to do.
"""

from __future__ import annotations

import lzma
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from kompetensi.core.errors import DataError

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORKBOOK_FORMATS = ("xlsx", "xlsm", "xlsb", "xls", "ods")
SNIFF_BYTES = 1 << 16
# what reading a damaged zip raises: no central directory, a member cut short or with a bad
# CRC (BadZipFile, EOFError), bad compressed data (zlib/lzma; bz2 raises OSError), an
# encrypted member (RuntimeError), an unknown compression method (NotImplementedError)
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, KeyError,
              RuntimeError, NotImplementedError, zlib.error, lzma.LZMAError)

RESAVE = "simpan ulang dari Excel sebagai .xlsx"
DOWNLOAD_AGAIN = "unduh ulang file"
UNLOCK = "buka kunci/hapus kata sandi di Excel lalu simpan ulang sebagai .xlsx"
EXPORT_AGAIN = "ekspor ulang data sebagai .xlsx atau .csv"

# magic bytes of files that are certainly not a table: (prefix, what it is)
_NOT_TABLES = (
    (b"%PDF", "dokumen PDF"),
    (b"\x89PNG", "gambar PNG"),
    (b"\xff\xd8\xff", "gambar JPEG"),
    (b"GIF8", "gambar GIF"),
    (b"II*\x00", "gambar TIFF"),
    (b"MM\x00*", "gambar TIFF"),
    (b"RIFF", "file media (RIFF/WebP)"),
    (b"\x1f\x8b", "arsip gzip"),
    (b"Rar!", "arsip RAR"),
    (b"7z\xbc\xaf\x27\x1c", "arsip 7z"),
    (b"{\\rtf", "dokumen RTF"),
    (b"\x7fELF", "program (ELF)"),
    (b"MZ", "program Windows (.exe)"),
)
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
         (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


@dataclass(frozen=True)
class Sniffed:
    """The format found (``xlsx``, ``xlsm``, ``xlsb``, ``xls``, ``ods``, ``html``, ``sav``,
    ``text``) and, for text, the encoding the bytes must be decoded with when it is not the
    usual UTF-8/cp1252 (``utf-16-le``, ``utf-16-be``, ``utf-32``; ``None`` otherwise)."""

    format: str
    encoding: str | None = None


def refuse(path: Path, what: str, todo: str) -> DataError:
    """The error for a file that cannot be used: what it is, then what to do."""
    return DataError(f"{what}; {todo}", file=path.name)


def sniff(path: Path) -> Sniffed:
    """The format of ``path`` from its content.

    Raises
    ------
    DataError
        Empty file, damaged archive, password-protected workbook, or a file that is not a
        table (PDF, image, Word document, zip without a workbook, unknown binary data).
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
            if not head:
                raise DataError(f"file kosong (0 byte); {DOWNLOAD_AGAIN}", file=path.name)
            while head and not _strip(head):
                head = handle.read(1 << 20)
    except OSError as exc:
        raise DataError(f"file tidak dapat dibuka ({exc.strerror or exc})",
                        file=path.name) from exc
    if not head:
        raise DataError(f"file kosong (hanya spasi/baris kosong); {DOWNLOAD_AGAIN}",
                        file=path.name)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return Sniffed(_zip_format(path))
    if head.startswith(CFB_MAGIC):
        return Sniffed(_cfb_format(path))
    if head.startswith((b"$FL2", b"$FL3")):
        return Sniffed("sav")
    for magic, what in _NOT_TABLES:
        if head.startswith(magic):
            raise refuse(path, f"file ini {what}, bukan tabel data", EXPORT_AGAIN)
    encoding = text_encoding(head)
    text = _peek(head, encoding).lstrip("\ufeff \t\r\n").lower()
    if text.startswith("<"):
        start = text[:4096]
        if "urn:schemas-microsoft-com:office:spreadsheet" in start:
            raise refuse(path, "file ini XML Spreadsheet 2003 (Excel lama)", RESAVE)
        if any(tag in start for tag in ("<html", "<table", "<!doctype html")):
            return Sniffed("html")
    if text.startswith("mime-version:"):
        raise refuse(path, "file ini halaman web arsip (MHTML)", RESAVE)
    if encoding is None and b"\x00" in head[:4096]:
        raise refuse(path, "file ini berisi data biner yang tidak dikenal (bukan spreadsheet "
                           "atau CSV)", EXPORT_AGAIN)
    return Sniffed("text", encoding if encoding != "utf-8-sig" else None)


def text_encoding(head: bytes) -> str | None:
    """Encoding shown by a BOM, or UTF-16 recognised by its NUL bytes (ASCII text in UTF-16
    has a NUL in every other byte); ``None`` when neither (UTF-8, cp1252 …)."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    sample = head[:4096]
    pairs = len(sample) // 2
    if pairs >= 2:
        even, odd = sample[0:pairs * 2:2].count(0), sample[1:pairs * 2:2].count(0)
        if odd >= 0.4 * pairs and even <= 0.05 * pairs:
            return "utf-16-le"
        if even >= 0.4 * pairs and odd <= 0.05 * pairs:
            return "utf-16-be"
    return None


def _strip(data: bytes) -> bytes:
    for bom, _name in _BOMS:
        if data.startswith(bom):
            data = data[len(bom):]
            break
    return data.strip(b" \t\r\n\x00\x0b\x0c")


def _peek(head: bytes, encoding: str | None) -> str:
    return head[:8192].decode(encoding or "latin-1", errors="replace")


def _zip_format(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = (archive.read("mimetype")[:100].decode("ascii", "replace")
                        if "mimetype" in names else "")
            types = (archive.read("[Content_Types].xml")[:20000].decode("utf-8", "replace")
                     if "[Content_Types].xml" in names else "")
    except ZIP_ERRORS as exc:
        raise refuse(path, "file zip/Excel rusak atau terpotong (unduhan tidak lengkap?)",
                     f"{DOWNLOAD_AGAIN}, atau {RESAVE}") from exc
    if "xl/workbook.xml" in names or "spreadsheetml.sheet" in types:
        macro = "xl/vbaProject.bin" in names or "macroEnabled" in types
        return "xlsm" if macro else "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "opendocument.spreadsheet" in mimetype:
        return "ods"
    if "word/document.xml" in names:
        what = "dokumen Word (.docx)"
    elif any(n.startswith("ppt/") for n in names):
        what = "presentasi PowerPoint (.pptx)"
    elif mimetype.startswith("application/vnd.oasis.opendocument"):
        what = f"dokumen OpenDocument bukan spreadsheet ({mimetype.rsplit('.', 1)[-1]})"
    elif not names:
        what = "arsip zip kosong"
    else:
        shown = ", ".join(sorted(names)[:5]) + (" …" if len(names) > 5 else "")
        what = f"arsip zip yang tidak berisi workbook (isi: {shown})"
    raise refuse(path, f"file ini {what}", "ekstrak atau simpan tabelnya sebagai .xlsx/.csv")


def _cfb_format(path: Path) -> str:
    """An OLE compound file: BIFF workbook (.xls), encrypted OOXML, or another document.

    Only the stream names in the directory are looked at (UTF-16 names such as
    ``EncryptedPackage`` or ``Workbook``), so the whole file is scanned for them once.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(f"file tidak dapat dibuka ({exc.strerror or exc})",
                        file=path.name) from exc

    def has(name: str) -> bool:
        return name.encode("utf-16-le") + b"\x00\x00" in data

    if has("EncryptedPackage") or has("EncryptionInfo"):
        raise refuse(path, "workbook dilindungi kata sandi (terenkripsi)", UNLOCK)
    if has("Workbook") or has("Book"):
        return "xls"
    if has("WordDocument"):
        what = "dokumen Word lama (.doc)"
    elif has("PowerPoint Document"):
        what = "presentasi PowerPoint lama (.ppt)"
    else:
        what = "file Office lama (OLE) tanpa workbook, atau file rusak"
    raise refuse(path, f"file ini {what}", f"{DOWNLOAD_AGAIN}, atau {RESAVE}")
