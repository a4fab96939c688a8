"""A PDF written as it is read: pages of other PDF files copied one after another straight into the output file,
with a page number stamped on each page and an outline (bookmarks) at the end.

pypdf reads each source; its objects are renumbered and written at once, so the memory held is what one source file
needs while it is copied plus one number per written object, however many pages the output gets. Sources are read
whole by pypdf only as far as their pages reach; their own outline, forms and structure are left behind.
"""

import hashlib
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    StreamObject,
    create_string_object,
)
from reportlab.pdfbase.pdfmetrics import stringWidth

FONT = "/PortalStamp"
STAMP_SIZE = 8
# Page keys that belong to the source's own tree or threads, never copied: the packet has its own.
SKIPPED_PAGE_KEYS = {"/Parent", "/B", "/Thumb", "/StructParents"}


class CopyFailed(Exception):
    """A source could not be copied; the output is as it was before the attempt."""


@dataclass
class Bookmark:
    """One entry of the outline: a title, the index of its page in the output, and entries under it."""

    title: str
    page: int
    children: list = field(default_factory=list)


def _pdf_text(text):
    """``text`` as a literal string in a content stream, in the WinAnsi encoding the stamp's font uses."""
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


class StreamingPdfWriter:
    """Writes a PDF to ``stream`` page by page: ``add(source, stamps)`` copies a source's pages, ``close()`` ends it."""

    def __init__(self, stream, *, language="da", title=""):
        self.stream = stream
        self.language = language
        self.title = title
        self.offsets = [0]  # object number → where it starts; 0 is the free head of the list
        self.page_ids = []
        self.stream.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.catalog_id = self._reserve()
        self.pages_id = self._reserve()
        self.font_id = self._write(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Font"),
                    NameObject("/Subtype"): NameObject("/Type1"),
                    NameObject("/BaseFont"): NameObject("/Helvetica"),
                    NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
                }
            )
        )
        self.save_id = self._write(self._content(b"q\n"))

    # -- objects -----------------------------------------------------------------------------------------------

    def _reserve(self):
        self.offsets.append(None)
        return len(self.offsets) - 1

    def _ref(self, number):
        return IndirectObject(number, 0, None)

    def _write(self, obj, number=None):
        number = self._reserve() if number is None else number
        self.offsets[number] = self.stream.tell()
        self.stream.write(f"{number} 0 obj\n".encode())
        obj.write_to_stream(self.stream)
        self.stream.write(b"\nendobj\n")
        return number

    @staticmethod
    def _content(data):
        content = DecodedStreamObject()
        content.set_data(data)
        return content

    # -- copying -------------------------------------------------------------------------------------------------

    def add(self, source, stamps):
        """Copies every page of ``source`` (a path or binary file), stamping page ``i`` with ``stamps(i, box)``'s
        content-stream bytes; returns the output index of its first page. Raises ``CopyFailed`` and leaves the output
        as it was when the source cannot be read."""
        start = self.stream.tell()
        state = (len(self.offsets), len(self.page_ids))
        try:
            first = len(self.page_ids)
            self._copy(PdfReader(source, strict=False), stamps)
            return first
        except Exception as error:  # noqa: BLE001 - any reading error: the source is left out whole
            self.stream.seek(start)
            self.stream.truncate()
            del self.offsets[state[0] :]
            del self.page_ids[state[1] :]
            raise CopyFailed(str(error)) from error

    def _copy(self, reader, stamps):
        if reader.is_encrypted:
            raise CopyFailed("encrypted")
        numbers = {}  # (source number, generation) → output number
        pending = []
        pages = list(reader.pages)
        page_numbers = []
        for page in pages:
            ref = page.indirect_reference
            number = self._reserve()
            if ref is not None:
                numbers[ref.idnum, ref.generation] = number
            page_numbers.append(number)

        def target(ref):
            key = ref.idnum, ref.generation
            if key not in numbers:
                resolved = ref.get_object()
                if isinstance(resolved, DictionaryObject) and resolved.get("/Type") == "/Pages":
                    return self.pages_id
                numbers[key] = self._reserve()
                pending.append((ref, numbers[key]))
            return numbers[key]

        def rewrite(obj):
            if isinstance(obj, IndirectObject):
                return self._ref(target(obj))
            if isinstance(obj, StreamObject):
                copy = DecodedStreamObject()
                for key, value in obj.items():
                    if key != "/Length":
                        copy[NameObject(key)] = rewrite(value)
                copy._data = obj._data
                return copy
            if isinstance(obj, DictionaryObject):
                return DictionaryObject({NameObject(k): rewrite(v) for k, v in obj.items()})
            if isinstance(obj, ArrayObject):
                return ArrayObject(rewrite(v) for v in obj)
            return obj

        def drain():
            while pending:
                ref, number = pending.pop()
                obj = ref.get_object()
                self._write(rewrite(obj if obj is not None else NullObject()), number)

        for page, number in zip(pages, page_numbers, strict=True):
            copy = DictionaryObject(
                {
                    NameObject(k): rewrite(v)
                    for k, v in page.items()
                    if k not in SKIPPED_PAGE_KEYS | {"/Resources", "/Contents"}
                }
            )
            copy[NameObject("/Parent")] = self._ref(self.pages_id)
            copy[NameObject("/Resources")] = self._resources(page.get("/Resources"), rewrite)
            box = [float(v) for v in page.cropbox]
            contents = page.get("/Contents")
            parts = [self._ref(self.save_id)]
            if isinstance(contents, IndirectObject) and isinstance(contents.get_object(), ArrayObject):
                contents = contents.get_object()
            if isinstance(contents, ArrayObject):
                parts += [rewrite(part) for part in contents]
            elif contents is not None:
                parts.append(rewrite(contents))
            parts.append(self._ref(self._write(self._content(b"Q\n" + stamps(len(self.page_ids), box)))))
            copy[NameObject("/Contents")] = ArrayObject(parts)
            self._write(copy, number)
            self.page_ids.append(number)
            drain()

    def _resources(self, resources, rewrite):
        resources = resources.get_object() if resources is not None else None
        copy = rewrite(resources) if isinstance(resources, DictionaryObject) else DictionaryObject()
        fonts = copy.get("/Font")
        if isinstance(fonts, IndirectObject):
            # The source's font table is written once for every page sharing it; this page gets its own with the stamp.
            fonts = None
            source_fonts = resources.get("/Font").get_object()
            fonts = rewrite(source_fonts) if isinstance(source_fonts, DictionaryObject) else None
        fonts = DictionaryObject(fonts or {})
        fonts[NameObject(FONT)] = self._ref(self.font_id)
        copy[NameObject("/Font")] = fonts
        return copy

    # -- the end ---------------------------------------------------------------------------------------------------

    def _outline(self, bookmarks, parent_id):
        """Writes the entries ``bookmarks`` under ``parent_id``; returns (first, last, count) for the parent."""
        ids = [self._reserve() for _ in bookmarks]
        total = 0
        for index, (bookmark, number) in enumerate(zip(bookmarks, ids, strict=True)):
            entry = DictionaryObject(
                {
                    NameObject("/Title"): create_string_object(bookmark.title),
                    NameObject("/Parent"): self._ref(parent_id),
                    NameObject("/Dest"): ArrayObject(
                        [
                            self._ref(self.page_ids[bookmark.page]),
                            NameObject("/XYZ"),
                            NullObject(),
                            NullObject(),
                            NullObject(),
                        ]
                    ),
                }
            )
            if index:
                entry[NameObject("/Prev")] = self._ref(ids[index - 1])
            if index + 1 < len(ids):
                entry[NameObject("/Next")] = self._ref(ids[index + 1])
            if bookmark.children:
                first, last, count = self._outline(bookmark.children, number)
                entry[NameObject("/First")] = self._ref(first)
                entry[NameObject("/Last")] = self._ref(last)
                entry[NameObject("/Count")] = NumberObject(count)
                total += count
            self._write(entry, number)
            total += 1
        return ids[0], ids[-1], total

    def close(self, bookmarks=()):
        """Writes the page tree, the outline, the catalogue and the cross-reference table."""
        self._write(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Pages"),
                    NameObject("/Kids"): ArrayObject(self._ref(n) for n in self.page_ids),
                    NameObject("/Count"): NumberObject(len(self.page_ids)),
                }
            ),
            self.pages_id,
        )
        catalog = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Catalog"),
                NameObject("/Pages"): self._ref(self.pages_id),
                NameObject("/Lang"): create_string_object(self.language),
            }
        )
        if bookmarks:
            outlines_id = self._reserve()
            first, last, count = self._outline(list(bookmarks), outlines_id)
            self._write(
                DictionaryObject(
                    {
                        NameObject("/Type"): NameObject("/Outlines"),
                        NameObject("/First"): self._ref(first),
                        NameObject("/Last"): self._ref(last),
                        NameObject("/Count"): NumberObject(count),
                    }
                ),
                outlines_id,
            )
            catalog[NameObject("/Outlines")] = self._ref(outlines_id)
            catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
        self._write(catalog, self.catalog_id)
        info_id = self._write(
            DictionaryObject(
                {
                    NameObject("/Title"): create_string_object(self.title),
                    NameObject("/Producer"): create_string_object("pypdf"),
                }
            )
        )
        xref = self.stream.tell()
        self.stream.write(f"xref\n0 {len(self.offsets)}\n0000000000 65535 f \n".encode())
        for offset in self.offsets[1:]:
            self.stream.write(f"{offset or 0:010d} 00000 n \n".encode())
        identifier = hashlib.md5(
            self.title.encode() + str(len(self.offsets)).encode(), usedforsecurity=False
        ).hexdigest()
        self.stream.write(
            f"trailer\n<< /Size {len(self.offsets)} /Root {self.catalog_id} 0 R /Info {info_id} 0 R "
            f"/ID [<{identifier}> <{identifier}>] >>\nstartxref\n{xref}\n%%EOF\n".encode()
        )
        return len(self.page_ids)


def footer_stamp(left, right, box, *, margin=22):
    """Content-stream bytes that write ``left`` and ``right`` along the bottom of a page with the given crop box."""
    x0, y0, x1, _y1 = box
    y = y0 + margin
    right_x = x1 - 71 - stringWidth(right, "Helvetica", STAMP_SIZE)
    parts = [b"q BT 0.25 g", f"{FONT} {STAMP_SIZE} Tf".encode()]
    parts.append(f"1 0 0 1 {x0 + 71:.2f} {y:.2f} Tm".encode() + b" " + _pdf_text(left) + b" Tj")
    parts.append(f"1 0 0 1 {right_x:.2f} {y:.2f} Tm".encode() + b" " + _pdf_text(right) + b" Tj")
    parts.append(b"ET Q\n")
    return b" ".join(parts)
