"""Reads the text of PDF, DOCX, ODT and plain-text files in a child process bounded in time, memory and size.

Run as ``python -m search.extraction FILENAME`` with the file's bytes on standard input, it prints one JSON
object ``{"text": ..., "error": ...}``. The parent side (:func:`extract`) never raises: a broken, encrypted,
huge or slow file gives an error message instead of text.
"""

import io
import json
import logging
import os
import subprocess
import sys
import zipfile
from pathlib import Path

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_TEXT_CHARS = 2_000_000
MAX_PDF_PAGES = 2_000
TIMEOUT_SECONDS = 30
MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ExtractionError(Exception):
    """A file whose text cannot be read, with a reason an editor can act on."""


def sniff(data, filename):
    """The kind of file ("pdf", "docx", "odt", "txt") from its content, falling back to its name; None if unknown."""
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "mimetype" in names and archive.read("mimetype").startswith(
                    b"application/vnd.oasis.opendocument.text"
                ):
                    return "odt"
        except zipfile.BadZipFile:
            pass
    extension = Path(filename or "").suffix.lower().lstrip(".")
    if extension in {"pdf", "docx", "odt"}:
        return extension
    if extension in {"txt", "text", "csv", "md"}:
        return "txt"
    return None


def _pdf_text(data):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise ExtractionError("The PDF is encrypted with a password.")
            except ExtractionError:
                raise
            except Exception as exc:
                raise ExtractionError("The PDF is encrypted and cannot be read.") from exc
        parts, size = [], 0
        for number, page in enumerate(reader.pages):
            if number >= MAX_PDF_PAGES or size >= MAX_TEXT_CHARS:
                break
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
        return "\n".join(parts)
    except PdfReadError as exc:
        raise ExtractionError(f"The PDF is damaged: {exc}") from exc


def _docx_text(data):
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ExtractionError(f"The Word file is damaged: {exc}") from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _odt_text(data):
    from odf import teletype, text
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(data))
    except Exception as exc:
        raise ExtractionError(f"The ODT file is damaged: {exc}") from exc
    parts = [teletype.extractText(node) for node in document.getElementsByType(text.H)]
    parts += [teletype.extractText(node) for node in document.getElementsByType(text.P)]
    return "\n".join(parts)


def _plain_text(data):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


READERS = {"pdf": _pdf_text, "docx": _docx_text, "odt": _odt_text, "txt": _plain_text}


def read_text(data, filename):
    """The text of a file's bytes; raises ExtractionError with the reason when it cannot be read."""
    kind = sniff(data, filename)
    if kind is None:
        raise ExtractionError("Text can only be read from PDF, DOCX, ODT and plain-text files.")
    text = READERS[kind](data)
    text = "".join(ch for ch in text if ch in "\n\t" or ch >= " ")[:MAX_TEXT_CHARS].strip()
    if not text:
        raise ExtractionError("No text was found in the file (a scanned image?).")
    return text


def extract(data, filename, timeout=TIMEOUT_SECONDS):
    """Runs :func:`read_text` in a child process; returns (text, error) and never raises."""
    if len(data) > MAX_FILE_BYTES:
        return "", f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; its text was not read."
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    try:
        completed = subprocess.run(  # noqa: S603 - a fixed command line of this interpreter and module
            [sys.executable, "-m", "search.extraction", filename or "file"],
            input=data,
            capture_output=True,
            timeout=timeout,
            cwd=PROJECT_ROOT,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "", f"Reading the file took longer than {timeout} seconds and was stopped."
    except OSError as exc:
        logger.exception("Could not start text extraction")
        return "", f"Text extraction could not start: {exc}"
    try:
        result = json.loads(completed.stdout[: MAX_TEXT_CHARS * 4 + 1024].decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        detail = completed.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        return "", f"Reading the file failed ({detail[0][:200]})."
    return (result.get("text") or "")[:MAX_TEXT_CHARS], (result.get("error") or "")[:500]


def _child_main(filename):
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
        resource.setrlimit(resource.RLIMIT_CPU, (TIMEOUT_SECONDS, TIMEOUT_SECONDS + 1))
    except (ImportError, ValueError, OSError):
        pass
    data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    try:
        text, error = read_text(data, filename), ""
    except ExtractionError as exc:
        text, error = "", str(exc)
    except MemoryError:
        text, error = "", "The file needs too much memory to read."
    except Exception as exc:  # a damaged file can make any reader fail in its own way
        text, error = "", f"The file could not be read: {type(exc).__name__}: {exc}"[:500]
    sys.stdout.write(json.dumps({"text": text, "error": error}))


if __name__ == "__main__":
    _child_main(sys.argv[1] if len(sys.argv) > 1 else "")
