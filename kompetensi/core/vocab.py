"""Category orders of the canonical tables: education, SKP predikat, post types."""

from __future__ import annotations

PENDIDIKAN_ORDER = ["SD", "SMP", "SMA", "D1", "D2", "D3", "S1/D4", "S2", "S3"]
PREDIKAT_ORDER = ["Sangat Kurang", "Kurang", "Butuh Perbaikan", "Baik", "Sangat Baik"]
JENIS_JABATAN = ["JPT", "Administrator", "Pengawas", "Fungsional", "Pelaksana"]
