"""Print a PDF through the system print dialog, rendering its pages with QtPdf (no external viewer needed).

``ask_printer`` shows QPrintDialog (printer, copies, duplex); tests replace
``PrinterChooser.choose`` to answer without a dialog. ``print_pdf`` paints each
page as an image at the printer's resolution (capped, to keep big batches
within memory) onto the QPrinter.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize
from PySide6.QtGui import QImage, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

log = logging.getLogger(__name__)
MAX_DPI = 300


class PrintError(RuntimeError):
    """Printing failed; the message is Italian."""


def load_pdf(data: bytes, parent=None) -> QPdfDocument:
    """A QPdfDocument reading from memory (the buffer lives as long as the document)."""
    document = QPdfDocument(parent)
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    document._buffer = buffer  # keep a Python reference too
    if document.status() != QPdfDocument.Status.Ready:
        raise PrintError(f"PDF non leggibile ({document.error().name})")
    return document


class PrinterChooser:
    """The system print dialog; a test assigns ``choose`` to pick a PDF-file printer or to cancel."""

    choose: Callable[[QWidget | None, QPrinter], bool] | None = None

    @classmethod
    def ask(cls, parent: QWidget | None, pages: int) -> QPrinter | None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName("Raccordo - fogli informativi")
        printer.setFromTo(1, pages)
        if cls.choose is not None:
            return printer if cls.choose(parent, printer) else None
        dialog = QPrintDialog(printer, parent)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def print_pdf(data: bytes, printer: QPrinter, *, progress: Callable[[int, int], None] | None = None) -> int:
    """Paint every page (or the chosen range) onto ``printer``; returns the pages printed."""
    document = load_pdf(data)
    count = document.pageCount()
    first, last = 1, count
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = max(1, printer.fromPage()), min(count, printer.toPage() or count)
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    dpi = min(printer.resolution(), MAX_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("Stampante non disponibile o non configurata.")
    printed = 0
    try:
        target = printer.pageLayout().paintRectPixels(printer.resolution())
        for copy in range(copies):
            for number in range(first - 1, last):
                if printed:
                    printer.newPage()
                size_pt = document.pagePointSize(number)
                image = document.render(number, QSize(round(size_pt.width() * dpi / 72),
                                                      round(size_pt.height() * dpi / 72)))
                if image.isNull():
                    raise PrintError(f"Impossibile preparare la pagina {number + 1}.")
                _paint(painter, image, QRectF(0, 0, target.width(), target.height()))
                printed += 1
                if progress:
                    progress(printed, (last - first + 1) * copies)
            log.debug("Printed copy %d", copy + 1)
    finally:
        painter.end()
        document.close()
    return printed


def _paint(painter: QPainter, image: QImage, area: QRectF) -> None:
    """Fit the page image into the printable area, keeping its proportions."""
    scale = min(area.width() / image.width(), area.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    origin = QPointF(area.x() + (area.width() - width) / 2, area.y() + (area.height() - height) / 2)
    painter.drawImage(QRectF(origin.x(), origin.y(), width, height), image)


def pdf_file_printer(path: str) -> QPrinter:
    """A printer writing a PDF file (tests, and "print to file")."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(path)
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    return printer
