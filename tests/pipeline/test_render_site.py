"""The runner's side of issue 22: generated pages cleared, the kernel not interrupted at shutdown."""

from __future__ import annotations

import asyncio
import sys

import pytest

from kompetensi.pipeline import execution
from kompetensi.pipeline import runner as pipeline


def test_full_run_clears_the_generated_pages_and_pdf(tmp_path):
    stale = ["ringkasan_eksekutif.html", "sumber.html", "laporan_contoh_2025.pdf"]
    kept = ["catatan.pdf", "sumber_lain.html"]
    for rel in stale + kept:
        (tmp_path / rel).write_text("x")
    pipeline._clear_previous(tmp_path)
    assert not any((tmp_path / rel).exists() for rel in stale)
    assert all((tmp_path / rel).exists() for rel in kept)


def test_shutdown_does_not_interrupt_the_kernel(monkeypatch):
    """jupyter_client interrupts (SIGINT) before its shutdown request; after papermill's last
    kernel_info reply that raised in the kernel's handler and printed "KeyboardInterrupt
    caught in kernel". The runner's kernel manager skips that interrupt, and only that one."""
    manager = execution._kernel_manager_class(sys.executable)()
    sent = []

    async def signal_kernel(signum):
        sent.append(signum)

    monkeypatch.setattr(manager, "_async_signal_kernel", signal_kernel)
    manager.shutting_down = True
    asyncio.run(manager._async_interrupt_kernel())
    assert sent == []
    manager.shutting_down = False
    with pytest.raises(RuntimeError, match="No kernel is running"):  # passed on as before
        asyncio.run(manager._async_interrupt_kernel())
