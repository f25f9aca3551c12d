"""kompetensi: evidence for the ASN competency-development policy of Kota Pangkalpinang.

The library holds the cleaning and analysis functions; notebooks in ``notebooks/`` chain them
into one report per evaluation cycle (``kompetensi run``).
"""

__version__ = "0.1.0"
