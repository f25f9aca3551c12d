"""Layer 5, publishing: numbered tables and figures, formats, headlines; knows no analysis.

Rendering and the workbook (``kompetensi.report.render``, ``kompetensi.report.export``) are
for the runner and are not imported here, so that a notebook's imports stay light.
"""

from kompetensi.report import figures, format, headlines, tables, truth
from kompetensi.report.publish import SYNTHETIC_BANNER, NotebookSkipped, Report
