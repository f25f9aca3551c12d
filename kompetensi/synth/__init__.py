"""Seeded generators of SYNTHETIC raw data: the bundled sample (``sample``) and the
national-size benchmark data (``synth.national``). No real person is represented.

A wing on ``reference`` only: no analysis or pipeline module imports it.
"""

from kompetensi.synth.sample import build, generate
from kompetensi.synth.streams import DEFAULT_SEED, stream

__all__ = ["DEFAULT_SEED", "build", "generate", "stream"]
