"""National-size SYNTHETIC raw data for the performance benchmarks (``generator``)."""

from kompetensi.synth.national.generator import CHUNK, generate_national

__all__ = ["CHUNK", "generate_national"]
