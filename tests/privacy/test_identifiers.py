"""Every identifier a SIASN export carries is looked for in published files (issue 20, item 2):
NIK, NPWP, BPJS, phone, old NIP and PNS ID as digits, e-mail, address, names with titles.

Synthetic values only, built from parts so that no NIK- or NIP-shaped literal is tracked.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from kompetensi import privacy, processing
from kompetensi.privacy import scan
from tests.corpus import base

NIK = "".join(["3271", "0465", "0190", "0001"])  # synthetic
NPWP = ".".join(["12", "345", "678", "9"]) + "-" + ".".join(["012", "000"])
BPJS = "".join(["0001", "2345", "6789", "0"])
PHONE = "".join(["0812", "3456", "7890"])
OLD_NIP = "".join(["0102", "0304", "0"])
PNS_ID = "".join(["A8ACA739", "7AEB3912", "E040640A", "040269BB"])
EMAIL = "Ani.Lestari" + "@" + "contoh.go.id"
ADDRESS = "Jl. Melati No. 12 RT 003 RW 002"
SHORT_ADDRESS = "Jl. Ani 1"  # too short to be looked for
IDS = privacy.Identifiers(
    frozenset(), frozenset({"Dr. Ani Lestari, M.Si.", "Ani Lestari"}), frozenset(),
    numbers={"nik": scan.number_forms([NIK], "nik"), "npwp": scan.number_forms([NPWP], "npwp"),
             "bpjs": scan.number_forms([BPJS], "bpjs"),
             "nomor_hp": scan.number_forms([PHONE, "+62 813-1111-2222"], "nomor_hp"),
             "nip_lama": scan.number_forms([OLD_NIP], "nip_lama")},
    emails=scan.email_forms([EMAIL]),
    addresses=scan.address_forms([ADDRESS, SHORT_ADDRESS, "Kota Pangkalpinang"]),
    codes={"pns_id": scan.code_forms([PNS_ID])})


def _write(folder, text):
    folder.mkdir()
    (folder / "a.html").write_text(f"<html><body><td>{text}</td></body></html>",
                                   encoding="utf-8")
    (folder / "a.csv").write_text(f"opd;keterangan\nDinas X;{text}\n", encoding="utf-8")
    (folder / "a.json").write_text(json.dumps({"x": text}), encoding="utf-8")
    pd.DataFrame({"x": [text]}).to_excel(folder / "a.xlsx", index=False)


@pytest.mark.parametrize(("text", "kind"), [
    (NIK, "nik"),
    (" ".join([NIK[:4], NIK[4:8], NIK[8:12], NIK[12:]]), "nik"),
    (NPWP, "npwp"),
    (NPWP.replace(".", "").replace("-", ""), "npwp"),
    (BPJS, "bpjs"),
    ("+62 " + PHONE[1:4] + "-" + PHONE[4:8] + "-" + PHONE[8:], "nomor_hp"),
    ("(0813) 1111 2222", "nomor_hp"),
    ("6281311112222", "nomor_hp"),
    (OLD_NIP, "nip_lama"),
    (PNS_ID.lower(), "pns_id"),
    (EMAIL.upper(), "email"),
    ("kirim ke " + EMAIL.lower() + ".", "email"),
    ("JL MELATI NO 12 RT 003 RW 002", "alamat"),
    ("Dr. Ani Lestari, M.Si.", "nama"),
    ("ANI LESTARI", "nama"),
])
def test_each_identifier_kind_is_found_in_published_files(tmp_path, text, kind):
    _write(tmp_path / "lapor", text)
    found = {(f.path.suffix, f.kind) for f in privacy.scan_for_leaks([tmp_path / "lapor"], IDS)}
    for suffix in (".html", ".csv", ".json", ".xlsx"):
        assert (suffix, kind) in found, (suffix, found)
    for finding in privacy.scan_for_leaks([tmp_path / "lapor"], IDS):
        assert text not in str(finding) and text not in repr(finding)


def test_clean_files_give_no_finding(tmp_path):
    text = ("Rata-rata 24 JP; 3.648 ASN pada 2025-11-28; 1.234.567 rupiah; kontak "
            "bkpsdm" + "@" + "pangkalpinangkota.go.id; Jl. Ani 1; Kota Pangkalpinang; "
            "Lestari Indah; Ani; 0812; " + NIK[:10])
    _write(tmp_path / "bersih", text)
    assert privacy.scan_for_leaks([tmp_path / "bersih"], IDS) == []


def test_number_forms():
    assert scan.number_forms([NPWP], "npwp") == {NPWP.replace(".", "").replace("-", "")}
    assert scan.number_forms(["+62 812-3456-7890", "812 3456 7890"], "nomor_hp") == {PHONE}
    assert scan.number_forms(["12", None, float("nan"), pd.NA], "nik") == frozenset()
    assert scan.address_forms([SHORT_ADDRESS, "Kota Pangkalpinang", ADDRESS]) == {ADDRESS}
    assert scan.code_forms([PNS_ID, NIK]) == {PNS_ID.lower()}


SIASN = ["PNS ID", "NIP BARU", "NIP LAMA", "NAMA", "GELAR DEPAN", "GELAR BELAKANG",
         "TANGGAL LAHIR", "NIK", "NOMOR HP", "EMAIL", "ALAMAT", "NPWP NOMOR", "BPJS"]


def test_raw_identifiers_read_every_part_with_the_dataset_aliases(tmp_path, monkeypatch):
    root = tmp_path / "raw"
    folder = root / "siasn" / "2025"
    folder.mkdir(parents=True)
    monkeypatch.setenv("KOMPETENSI_RAW_DIR", str(root))
    pd.DataFrame({"tabel": ["*"], "kolom": ["nomor_hp"], "alias": ["No. Telp Seluler"]}
                 ).to_csv(root / "siasn" / "header_alias.csv", index=False)
    first = [PNS_ID, base.person_nip(1), OLD_NIP, "Ani Lestari", "Dr.", "M.Si.", "1971-02-02",
             NIK, PHONE, EMAIL, ADDRESS, NPWP, BPJS]
    base.write_csv(folder, "pegawai", base.Table(SIASN, [first]), sep=";")
    other_nik = NIK[:-1] + "2"
    second = base.Table(["NIP BARU", "NAMA", "NIK", "No. Telp Seluler"],
                        [[base.person_nip(2), "Budi Santoso", other_nik, "+62 813-1111-2222"]])
    base.write_xlsx(folder, "pegawai_b", second)
    found = processing.raw_identifiers("siasn")
    assert {"Dr. Ani Lestari, M.Si.", "Ani Lestari", "Budi Santoso"} <= found.names
    assert found.numbers["nik"] == {NIK, other_nik}
    assert found.numbers["nomor_hp"] == {PHONE, "081311112222"}
    assert found.numbers["npwp"] == scan.number_forms([NPWP], "npwp")
    assert found.numbers["nip_lama"] == {OLD_NIP} and found.numbers["bpjs"] == {BPJS}
    assert found.codes == {"pns_id": {PNS_ID.lower()}}
    assert found.emails == {EMAIL.lower()} and found.addresses == {ADDRESS}
    assert base.person_nip(2) in found.nips
    report = tmp_path / "laporan"
    report.mkdir()
    (report / "t.csv").write_text(f"x\n{other_nik}\n0813-1111-2222\n", encoding="utf-8")
    (report / "bersih.csv").write_text("x\n24\n", encoding="utf-8")
    assert [(f.path.name, f.kind) for f in privacy.scan_for_leaks([report], found)] == [
        ("t.csv", "nik"), ("t.csv", "nomor_hp")]
