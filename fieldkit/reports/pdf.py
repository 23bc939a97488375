"""The shared layout of every official PDF: letterhead, title, fields, tables, signature.

Each report (surat tugas, surat balasan, and later the berita acara, the
handover and the Dinsos referral) builds a :class:`PdfDocument` and adds
blocks to it; the letterhead and the typography live only here, so all
documents of an office look alike.

The font is Bitstream Vera, embedded from the reportlab package itself: the
PDF then renders the same on every laptop and its text stays extractable
(``pdftotext``) without depending on which fonts Windows happens to have.
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from fieldkit.officers import format_nip
from fieldkit.store.keyring import os_error_to_store_error

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

log = logging.getLogger(__name__)

FONT = "FieldKitSans"
FONT_BOLD = "FieldKitSans-Bold"
FONT_ITALIC = "FieldKitSans-Italic"
_FONT_FILES = {FONT: "Vera.ttf", FONT_BOLD: "VeraBd.ttf", FONT_ITALIC: "VeraIt.ttf"}

HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_WITA_PROVINCES = frozenset(
    {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
)
_WIT_PROVINCES = frozenset({"81", "82", "91", "92", "93", "94", "95", "96", "97"})

MARGIN = 20 * mm
_LETTERHEAD_TOP = 14 * mm  # the government's line, from the page's top edge


# --- Indonesian dates and times ------------------------------------------------------


def tanggal(date: dt.date) -> str:
    """``30 November 2026``: how dates are written in Indonesian letters."""
    return f"{date.day} {BULAN[date.month - 1]} {date.year}"


def hari_tanggal(date: dt.date) -> str:
    """``Senin, 30 November 2026``."""
    return f"{HARI[date.weekday()]}, {tanggal(date)}"


def zona_waktu(region_code: str) -> str:
    """WIB, WITA or WIT for a Kemendagri code, so a visit time is never ambiguous."""
    province = region_code[:2]
    if province in _WIT_PROVINCES:
        return "WIT"
    if province in _WITA_PROVINCES:
        return "WITA"
    return "WIB"


def jam(time_text: str, region_code: str) -> str:
    """``08:00`` becomes ``08.00 WIB``, the Indonesian way of writing a time."""
    return f"{time_text.replace(':', '.')} {zona_waktu(region_code)}"


def terbilang(number: int) -> str:
    """Small numbers in words, as letters write counts: ``3 (tiga)``."""
    words = (
        "nol",
        "satu",
        "dua",
        "tiga",
        "empat",
        "lima",
        "enam",
        "tujuh",
        "delapan",
        "sembilan",
        "sepuluh",
        "sebelas",
    )
    if number < len(words):
        return words[number]
    if number < 20:  # noqa: PLR2004
        return f"{words[number - 10]} belas"
    if number < 100:  # noqa: PLR2004
        tens, rest = divmod(number, 10)
        return f"{words[tens]} puluh" + (f" {words[rest]}" if rest else "")
    return str(number)


# --- the letterhead and the signatory ---------------------------------------------


@dataclass(frozen=True)
class Letterhead:
    government: str  # PEMERINTAH KABUPATEN BLITAR
    office: str  # DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL
    address: str | None = None
    contact: str | None = None


@dataclass(frozen=True)
class Signatory:
    position: str  # "Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Blitar"
    name: str | None = None
    rank: str | None = None  # pangkat/golongan, e.g. "Pembina Utama Muda"
    nip: str | None = None


# --- the document -------------------------------------------------------------------


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for name, filename in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, filename))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD
    )


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=14.5, alignment=TA_JUSTIFY)
    return {
        "body": base,
        "left": ParagraphStyle("left", parent=base, alignment=TA_LEFT),
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=12, alignment=TA_CENTER, leading=16
        ),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=12, alignment=TA_LEFT),
        "cell_head": ParagraphStyle(
            "cell_head", parent=base, fontName=FONT_BOLD, fontSize=9.5, leading=12, alignment=1
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "subheading": ParagraphStyle(
            "subheading", parent=base, alignment=TA_LEFT, keepWithNext=1, spaceAfter=1.5 * mm
        ),
    }


_CELL_PADDING = 4  # points each side; reportlab's default is 6


def _min_width(
    header: str,
    cells: Sequence[str],
    cell: ParagraphStyle,
    head: ParagraphStyle,
    *,
    whole: bool,
) -> float:
    """The narrowest a column may be: its longest word, or its longest value if ``whole``."""

    def widest(values: Sequence[str], style: ParagraphStyle, *, split: bool) -> float:
        pieces = [p for v in values for p in (v.split() if split else [v])]
        return max(
            (pdfmetrics.stringWidth(p, style.fontName, style.fontSize) for p in pieces),
            default=0.0,
        )

    return (
        2 * _CELL_PADDING
        + 1
        + max(widest([header], head, split=True), widest(cells, cell, split=not whole))
    )


def _within_page(
    wish: Sequence[float], need: Sequence[float], floor: Sequence[float], available: float
) -> list[float]:
    """The columns' needs, with a word too long for the page broken rather than obeyed.

    A word wider than the page can hold (a 150-letter name typed without a space) asked
    for a column wider than the page, and the table ran off its right edge.  When the
    columns, each as wide as its wish or its longest word, do not fit, the columns that
    may wrap give back what they asked beyond ``floor`` (their wish and their header's
    longest word), and reportlab breaks the long word inside the cell
    (``splitLongWords``).  Columns that must not wrap (NIKs, dates) have ``floor`` equal
    to their need and keep it.
    """
    excess = sum(max(w, n) for w, n in zip(wish, need, strict=True)) - available
    give = [max(0.0, n - f) for n, f in zip(need, floor, strict=True)]
    if excess <= 0 or sum(give) <= 0:
        return list(need)
    share = min(1.0, excess / sum(give))
    return [n - g * share for n, g in zip(need, give, strict=True)]


def _fit_widths(wish: Sequence[float], need: Sequence[float], available: float) -> list[float]:
    """Column widths as close to ``wish`` as the columns' ``need`` and the page allow."""
    widths = [max(w, n) for w, n in zip(wish, need, strict=True)]
    excess = sum(widths) - max(available, sum(need))
    if excess > 0:
        slack = [w - n for w, n in zip(widths, need, strict=True)]
        total_slack = sum(slack)
        widths = [w - excess * s / total_slack for w, s in zip(widths, slack, strict=True)]
    return widths


def _nip(nip: str | None, dots: int) -> str:
    """A NIP as letters print it (``19700101 200003 1 001``), or a dotted line to fill in.

    The office head's NIP comes from the office profile as typed, the officers' from
    their records: both print the same way.
    """
    return format_nip("".join(nip.split())) if nip else "." * dots


def text(value: str) -> str:
    """Plain text made safe for reportlab's mini-markup."""
    return escape(value)


#: Printed at the top of every page of a document made from training work.
TRAINING_MARK = "LATIHAN - bukan dokumen resmi"


class PdfDocument:
    """An A4 Indonesian official document; add blocks, then :meth:`save`."""

    def __init__(
        self, letterhead: Letterhead, *, title: str, draft: bool = False, training: bool = False
    ) -> None:
        _register_fonts()
        self.letterhead = letterhead
        self.title_text = title
        self.draft = draft
        #: Made from training work: every page says so, so it is never filed as real.
        self.training = training
        self.styles = _styles()
        self.story: list[Flowable] = []

    # --- blocks ---------------------------------------------------------------------

    def heading(self, title: str, number: str | None = None) -> None:
        """A centred, underlined title with the letter number below it."""
        self.story.append(Paragraph(f"<u>{text(title)}</u>", self.styles["title"]))
        if number is not None:
            self.story.append(Paragraph(f"Nomor: {text(number)}", self.styles["center"]))
        self.spacer(6)

    def paragraph(self, body: str, *, markup: bool = False, style: str = "body") -> None:
        """A paragraph; ``markup`` allows reportlab tags (<b>, <i>) in trusted text."""
        self.story.append(Paragraph(body if markup else text(body), self.styles[style]))
        self.spacer(2.5)

    def fields(self, rows: Sequence[tuple[str, str]], *, indent: float = 0) -> None:
        """``label : value`` lines, aligned as Indonesian letters align them."""
        cell = self.styles["left"]
        data = [
            [Paragraph(text(k), cell), ":" if k else "", Paragraph(text(v), cell)] for k, v in rows
        ]
        width = A4[0] - 2 * MARGIN - indent * mm
        table = Table(data, colWidths=[40 * mm, 4 * mm, width - 44 * mm], hAlign="RIGHT")
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, 10.5),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ]
            )
        )
        self.story.append(table)
        self.spacer(3)

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths_mm: Sequence[float] | None = None,
        *,
        nowrap: Sequence[int] = (),
    ) -> None:
        """A ruled table with a repeated header row, for team lists, targets and counts.

        ``widths_mm`` is the designer's wish; each column is then widened to its longest
        word (a header never breaks inside a word: "Tereka / m"), and the ``nowrap``
        columns (NIKs, dates) to their longest whole value, taking the room from the
        columns that have some to spare.  A NIK split over two lines cannot be read back
        or searched for in the PDF's text.  The table never grows wider than the page: a
        word too long for it (a name with no space) is broken inside its cell instead.
        """
        cell, head_style = self.styles["cell"], self.styles["cell_head"]
        available = A4[0] - 2 * MARGIN
        wish = [w * mm for w in widths_mm] if widths_mm else [available / len(header)] * len(header)
        need = [
            _min_width(
                header[i],
                [row[i] for row in rows],
                cell,
                head_style,
                whole=i in nowrap,
            )
            for i in range(len(header))
        ]
        floor = [
            need[i]
            if i in nowrap
            else max(
                _min_width(header[i], [], cell, head_style, whole=False), min(wish[i], need[i])
            )
            for i in range(len(header))
        ]
        widths = _fit_widths(wish, _within_page(wish, need, floor, available), available)
        head = [Paragraph(text(h), head_style) for h in header]
        body = [[Paragraph(text(c), cell) for c in row] for row in rows]
        table = Table([head, *body], colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E6E6E6")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
                    ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
                ]
            )
        )
        self.story.append(table)
        self.spacer(4)

    def signature(
        self,
        place_date: str,
        signatory: Signatory,
        *,
        electronic: bool = False,
        closing: str | None = None,
    ) -> None:
        """The signature block on the right: place and date, position, name, NIP.

        ``closing`` ("Demikian …") goes to the signature's page with it, so no page
        ever holds a signature alone (tata naskah dinas: a lone signature page could
        be stapled to another letter).
        """
        style = self.styles["left"]
        lines: list[Flowable] = [
            Paragraph(text(place_date), style),
            Paragraph(text(signatory.position), style),
        ]
        if electronic:
            lines.append(Paragraph("<i>Ditandatangani secara elektronik (TTE)</i>", style))
        lines.append(Spacer(1, 16 * mm if not electronic else 6 * mm))
        lines.append(Paragraph(f"<b><u>{text(signatory.name or '.' * 40)}</u></b>", style))
        if signatory.rank:
            lines.append(Paragraph(text(signatory.rank), style))
        lines.append(Paragraph(f"NIP. {text(_nip(signatory.nip, 30))}", style))
        block = Table([[None, lines]], colWidths=[85 * mm, A4[0] - 2 * MARGIN - 85 * mm])
        block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        self.story.append(KeepTogether([*self._closing(closing), Spacer(1, 6 * mm), block]))

    def signatures(
        self,
        place_date: str,
        signatories: Sequence[tuple[str, Signatory]],
        *,
        nip: bool = True,
        closing: str | None = None,
    ) -> None:
        """Side-by-side signature columns (berita acara): a caption, a position and a name line.

        ``signatories`` pairs a caption ("Ketua Tim", "Saksi") with the signer;
        a signer with no name gets a dotted line to fill in by hand.  ``closing`` keeps
        with the signatures, as in :meth:`signature`.
        """
        style = self.styles["center"]
        columns: list[list[Flowable]] = []
        for caption, signatory in signatories:
            lines: list[Flowable] = [
                Paragraph(text(caption), style),
                Paragraph(text(signatory.position), style),
                Spacer(1, 18 * mm),
                Paragraph(f"<b><u>{text(signatory.name or '.' * 36)}</u></b>", style),
            ]
            if signatory.rank:
                lines.append(Paragraph(text(signatory.rank), style))
            if nip:
                lines.append(Paragraph(f"NIP. {text(_nip(signatory.nip, 28))}", style))
            columns.append(lines)
        width = (A4[0] - 2 * MARGIN) / max(1, len(columns))
        block = Table([columns], colWidths=[width] * len(columns))
        block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        # The closing, the place and the date go with the signatures: never a page's foot
        # without them, never a page with the signatures alone.
        self.story.append(
            KeepTogether(
                [
                    *self._closing(closing),
                    Spacer(1, 4 * mm),
                    Paragraph(text(place_date), self.styles["left"]),
                    Spacer(1, 2 * mm),
                    block,
                ]
            )
        )

    def _closing(self, closing: str | None) -> list[Flowable]:
        if not closing:
            return []
        return [Paragraph(text(closing), self.styles["body"])]

    def subheading(self, title: str) -> None:
        """A bold section title (``A. Tim pelaksana``), never left alone at a page's foot.

        It keeps with what follows (its table or paragraph), so no spacer may stand
        between them: the space is the style's own ``spaceAfter``.
        """
        self.story.append(Paragraph(f"<b>{text(title)}</b>", self.styles["subheading"]))

    def image(self, png: bytes, *, width_mm: float, caption: str | None = None) -> None:
        """An embedded picture (only where the office allows pictures in reports)."""
        reader = ImageReader(io.BytesIO(png))
        width, height = reader.getSize()
        scale = width_mm * mm / width
        flow: list[Flowable] = [Image(io.BytesIO(png), width * scale, height * scale)]
        if caption:
            flow.append(Paragraph(text(caption), self.styles["small"]))
        self.story.append(KeepTogether(flow))
        self.spacer(2)

    def spacer(self, height_mm: float) -> None:
        self.story.append(Spacer(1, height_mm * mm))

    # --- output -----------------------------------------------------------------------

    def _letterhead_lines(self) -> list[str]:
        return [line for line in (self.letterhead.address, self.letterhead.contact) if line]

    def _rule_depth(self) -> float:
        """How far below the page's top edge the letterhead's double rule lies.

        It sits under the last line of the letterhead, however many there are: a fixed
        rule struck through the phone and e-mail line when both address and phone were set.
        """
        lines = len(self._letterhead_lines())
        if not lines:  # under the office's name (14.5 pt, its baseline 7 mm down)
            return _LETTERHEAD_TOP + 7 * mm + 3.5 * mm
        return _LETTERHEAD_TOP + 12.5 * mm + 4.2 * mm * (lines - 1) + 3.5 * mm

    def _first_page(self, canvas: Canvas, _doc: object) -> None:
        width, height = A4
        top = height - _LETTERHEAD_TOP
        canvas.saveState()
        canvas.setFont(FONT_BOLD, 13)
        canvas.drawCentredString(width / 2, top, self.letterhead.government.upper())
        canvas.setFont(FONT_BOLD, 14.5)
        canvas.drawCentredString(width / 2, top - 7 * mm, self.letterhead.office.upper())
        canvas.setFont(FONT, 9)
        y = top - 12.5 * mm
        for line in self._letterhead_lines():
            canvas.drawCentredString(width / 2, y, line)
            y -= 4.2 * mm
        rule = height - self._rule_depth()
        canvas.setLineWidth(2)
        canvas.line(MARGIN, rule, width - MARGIN, rule)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, rule - 1.2 * mm, width - MARGIN, rule - 1.2 * mm)
        canvas.restoreState()
        self._every_page(canvas, _doc)

    def _every_page(self, canvas: Canvas, _doc: object) -> None:
        canvas.saveState()
        if self.draft:
            canvas.setFont(FONT_BOLD, 9)
            canvas.setFillColor(colors.red)
            canvas.drawRightString(A4[0] - MARGIN, A4[1] - 8 * mm, "KONSEP")
        if self.training:
            canvas.setFont(FONT_BOLD, 9)
            canvas.setFillColor(colors.red)
            canvas.drawString(MARGIN, A4[1] - 8 * mm, TRAINING_MARK)
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(MARGIN, 10 * mm, f"Dibuat dengan FieldKit - {self.title_text}")
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, f"Halaman {canvas.getPageNumber()}")
        canvas.restoreState()

    def _build(self, target: str | io.BytesIO) -> None:
        doc = SimpleDocTemplate(
            target,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=self._rule_depth() + 6 * mm,
            bottomMargin=18 * mm,
            title=self.title_text,
            author=self.letterhead.office,
            creator="FieldKit",
        )
        doc.build(self.story, onFirstPage=self._first_page, onLaterPages=self._every_page)

    def to_bytes(self) -> bytes:
        """The PDF in memory: for printing a document that must not touch the disk."""
        buffer = io.BytesIO()
        self._build(buffer)
        return buffer.getvalue()

    def save(self, path: Path) -> Path:
        """Write atomically: a half-written PDF must never look like a finished letter."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".fieldkit-", suffix=".pdf")
            os.close(fd)
            tmp = Path(tmp_name)
            try:
                self._build(str(tmp))
                tmp.replace(path)
            finally:
                tmp.unlink(missing_ok=True)
        except OSError as exc:
            raise os_error_to_store_error(exc, path.parent) from exc
        log.info("wrote %s", path.name)
        return path
