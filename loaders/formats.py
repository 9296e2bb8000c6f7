"""Readers per file format: bytes in, Documents (one per article) or Skipped records (with a reason) out.

Every reader takes the file's bytes and its corpus-relative path and returns a list of *units*: a text or HTML
file is one unit; a table (CSV, TSV, JSON, JSONL, Parquet) is one unit per data row, with path ``table.csv#3``
(1-based data row). A bad row loses only itself. Readers never raise on bad input: they return Skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import io
import json
import logging
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import PurePosixPath

from analysis.dates import byline_date, infer_published
from core.records import Document, Skipped
from loaders.clean import clean_text
from loaders.encoding import DecodeError, decode_bytes

log = logging.getLogger(__name__)

Unit = Document | Skipped

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".json", ".jsonl", ".parquet"})
ARCHIVE_SUFFIXES = frozenset({".zip"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | TABLE_SUFFIXES | ARCHIVE_SUFFIXES

# Document field -> column names (normalised: lower case, spaces and hyphens as "_"), in order of preference.
# Covers GDELT (seendate, domain), Media Cloud (media_name, publish_date), NewsAPI (source.name, publishedAt,
# content) and common hand-made exports.
COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "full_text", "fulltext", "article", "article_text", "story_text"),
    "title": ("title", "headline"),
    "source": ("source", "source.name", "source_name", "outlet", "domain", "media_name", "publisher",
               "media", "site_name"),
    "url": ("url", "link", "article_url", "story_url"),
    "published": ("published", "date", "publish_date", "seendate", "pubdate", "published_at", "publishedat",
                  "pub_date", "publication_date"),
    "language": ("language", "lang"),
}
_NEWSAPI_TRUNCATION = re.compile(r"\s*(?:…|\.\.\.)?\s*\[\+\d+ chars\]\s*$")

LANGUAGE_NAMES = {
    "english": "en", "korean": "ko", "chinese": "zh", "japanese": "ja", "french": "fr", "german": "de",
    "spanish": "es", "russian": "ru", "arabic": "ar", "portuguese": "pt", "italian": "it", "vietnamese": "vi",
    "한국어": "ko", "中文": "zh", "日本語": "ja", "영어": "en", "英语": "en", "英語": "en",
}


# ----------------------------------------------------------------------------------------------- values

def normalize_language(value: str) -> str:
    """'English' -> 'en', 'zh-CN' -> 'zh', 'ko' -> 'ko'; '' when not recognisable."""
    v = value.strip().lower().replace("_", "-")
    if v in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[v]
    m = re.fullmatch(r"([a-z]{2,3})(?:-[a-z0-9]{2,8})*", v)
    return m.group(1) if m else ""


_GDELT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})Z?)?")
_YMD = re.compile(r"(\d{4})\s*[-./년年]\s*(\d{1,2})\s*[-./월月]\s*(\d{1,2})\s*[일日]?(?:\b|\s|T|$).*", re.DOTALL)
_MONTH_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b. %d, %Y")


def _valid(year: int, month: int, day: int) -> dt.date | None:
    if not 1900 <= year <= 2200:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(value: object) -> dt.date | None:
    """A publication date from a row or page value; None when it cannot be read with confidence.

    Accepts date/datetime objects, GDELT ``20240330T120000Z`` / ``20240330120000`` / ``20240330``, ISO 8601
    (``2024-03-30``, ``2024-03-30T12:00:00Z``, ``2024-03-30 12:00:00``), ``2024/03/30``, ``2024.03.30``,
    ``2024년 3월 30일``, ``2024年3月30日``, RFC 2822 (``Sat, 30 Mar 2024 12:00:00 GMT``) and English month
    names (``March 30, 2024``). The date is kept as written (no time-zone conversion).
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > 80:
        return None
    m = _GDELT.fullmatch(s)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    try:
        return _valid_date(dt.datetime.fromisoformat(s.replace("Z", "+00:00").replace("z", "+00:00")).date())
    except ValueError:
        pass
    m = _YMD.fullmatch(s)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    try:
        parsed = email.utils.parsedate_to_datetime(s)
        if parsed is not None:
            return _valid_date(parsed.date())
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    for fmt in _MONTH_FORMATS:
        try:
            return _valid_date(dt.datetime.strptime(s, fmt).date())
        except ValueError:
            continue
    return None


def _valid_date(d: dt.date) -> dt.date | None:
    return d if 1900 <= d.year <= 2200 else None


def _as_str(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value != value:  # NaN from pandas-made files
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bool | int | float):
        try:
            return str(value)
        except ValueError:  # an int beyond the interpreter's digit limit
            return f"(integer with about {int(value.bit_length() * 0.30103)} digits)"
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        return repr(value)[:1000]


def _norm_key(key: object) -> str:
    return re.sub(r"[\s\-]+", "_", str(key).strip().lower())


def _flatten(row: Mapping[object, object]) -> dict[str, object]:
    """One level of nesting is flattened: NewsAPI's {"source": {"id", "name"}} -> source.id, source.name."""
    flat: dict[str, object] = {}
    for key, value in row.items():
        name = str(key).strip() if key is not None else ""
        if isinstance(value, Mapping):
            for k2, v2 in value.items():
                flat[f"{name}.{str(k2).strip()}"] = v2
        else:
            flat[name] = value
    return flat


# ----------------------------------------------------------------------------------------------- rows

def row_document(row: Mapping[object, object], path: str, doc_id: str, encoding: str = "") -> Unit:
    """One table row -> Document (or Skipped with a reason). Unmapped columns go to meta."""
    flat = _flatten(row)
    by_norm: dict[str, str] = {}
    for key in flat:
        by_norm.setdefault(_norm_key(key), key)
    used: set[str] = set()
    chosen: dict[str, tuple[str, object]] = {}
    for field_name, names in COLUMNS.items():
        for name in names:
            key = by_norm.get(name)
            if key is None:
                continue
            value = flat[key]
            if field_name == "published" and isinstance(value, dt.date):
                chosen[field_name] = (key, value)
                used.add(key)
                break
            if _as_str(value).strip():
                chosen[field_name] = (key, value)
                used.add(key)
                break
    if "text" not in chosen:
        return Skipped(path, f"row has no text (looked for columns: {', '.join(COLUMNS['text'][:5])})")
    meta: dict[str, str] = {}
    basis: dict[str, str] = {"encoding": encoding} if encoding else {}
    text_col, text_value = chosen["text"]
    raw = _as_str(text_value)
    truncated = _NEWSAPI_TRUNCATION.search(raw)
    if truncated:
        raw = raw[: truncated.start()]
        meta["text truncated"] = f"yes ({truncated.group().strip()})"
    text, removed = clean_text(raw)
    if not text:
        return Skipped(path, "no text left after removing boilerplate")
    basis["text"] = f"row: {text_col}"
    fields: dict[str, object] = {}
    for field_name in ("title", "source", "url"):
        if field_name in chosen:
            col, value = chosen[field_name]
            fields[field_name] = _as_str(value).strip()
            basis[field_name] = f"row: {col}"
    if "language" in chosen:
        col, value = chosen["language"]
        code = normalize_language(_as_str(value))
        if code:
            fields["language"] = code
            basis["language"] = f"row: {col}"
        else:
            meta[f"{col} (unrecognised language)"] = _as_str(value)
    if "published" in chosen:
        col, value = chosen["published"]
        date = parse_date(value)
        if date is not None:
            fields["published"] = date
            basis["published"] = f"row: {col}"
        else:
            meta["published (row, unparsed)"] = _as_str(value)
            basis["published"] = f"row: {col} unparsed ({_as_str(value)[:40]!r})"
    for key, value in flat.items():
        if key in used or not key:
            continue
        s = _as_str(value)
        if s.strip():
            meta[key] = s
    return Document(doc_id=doc_id, path=path, text=text, raw_text=raw, basis=basis, meta=meta, removed=removed,
                    **fields)  # type: ignore[arg-type]


def _rows_to_units(rows: Iterable[tuple[int, object]], rel: str, encoding: str) -> list[Unit]:
    stem = PurePosixPath(rel).stem
    units: list[Unit] = []
    for n, row in rows:
        path = f"{rel}#{n}"
        if isinstance(row, Skipped):
            units.append(row)
            continue
        if not isinstance(row, Mapping):
            units.append(Skipped(path, f"row is not an object (found {type(row).__name__})"))
            continue
        try:
            units.append(row_document(row, path, f"{stem}#{n}", encoding))
        except Exception as exc:  # noqa: BLE001 - one bad row never stops the file
            log.warning("row %s failed: %s", path, exc)
            units.append(Skipped(path, f"row could not be read: {type(exc).__name__}: {str(exc)[:120]}"))
    if not units:
        return [Skipped(rel, "table has no data rows")]
    return units


def _decode(data: bytes, rel: str) -> tuple[str, str] | Skipped:
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as exc:
        return Skipped(rel, str(exc))
    except (UnicodeDecodeError, ValueError) as exc:
        return Skipped(rel, f"cannot decode: {exc}")
    return text.removeprefix("\ufeff"), encoding


# ----------------------------------------------------------------------------------------------- readers

def read_text(data: bytes, rel: str) -> list[Unit]:
    decoded = _decode(data, rel)
    if isinstance(decoded, Skipped):
        return [decoded]
    raw, encoding = decoded
    text, removed = clean_text(raw)
    if not text:
        return [Skipped(rel, "no text left after removing boilerplate")]
    stem = PurePosixPath(rel).stem
    return [Document(doc_id=stem, path=rel, text=text, raw_text=raw, basis={"encoding": encoding}, removed=removed)]


csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_delimited(data: bytes, rel: str, delimiter: str | None = None) -> list[Unit]:
    """CSV or TSV with a header row; one Document per data row."""
    decoded = _decode(data, rel)
    if isinstance(decoded, Skipped):
        return [decoded]
    text, encoding = decoded
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") and first.count(";") > first.count("\t") else ","
        if first.count("\t") > max(first.count(","), first.count(";")):
            delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return [Skipped(rel, "empty table (no header row)")]
    except csv.Error as exc:
        return [Skipped(rel, f"malformed header row: {exc}")]
    header = [h.strip() for h in header]
    if not any(header):
        return [Skipped(rel, "empty header row")]

    def rows() -> Iterable[tuple[int, object]]:
        n = 0
        while True:
            line = reader.line_num
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                n += 1
                yield n, Skipped(f"{rel}#{n}", f"malformed row: {exc}")
                if reader.line_num == line:
                    return
                continue
            if not any(v.strip() for v in values):
                continue  # a blank line is not a row
            n += 1
            if len(values) != len(header):
                yield n, Skipped(f"{rel}#{n}", f"malformed row: {len(values)} fields, header has {len(header)}")
                continue
            yield n, dict(zip(header, values))

    return _rows_to_units(rows(), rel, encoding)


def _parse_int(digits: str) -> int | str:
    """JSON integers beyond the interpreter's digit limit stay strings instead of failing the whole file."""
    return int(digits) if len(digits) <= 4000 else digits


_WRAPPER_KEYS = ("articles", "data", "results", "items", "stories", "documents", "docs", "records", "hits",
                 "entries", "rows", "news")


def _json_rows(obj: object) -> list[object] | None:
    if isinstance(obj, list):
        return obj
    if isinstance(obj, dict):
        for key in _WRAPPER_KEYS:
            value = obj.get(key)
            if isinstance(value, dict) and isinstance(value.get("hits"), list):  # Elasticsearch-like
                value = value["hits"]
            if isinstance(value, list):
                return value
        lists = [v for v in obj.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        if len(lists) == 1:
            return lists[0]
        if any(_norm_key(k) in COLUMNS["text"] for k in obj):
            return [obj]
    return None


def read_json(data: bytes, rel: str) -> list[Unit]:
    """A list of article objects, a wrapper such as {"articles": [...]} (NewsAPI), or one article object."""
    decoded = _decode(data, rel)
    if isinstance(decoded, Skipped):
        return [decoded]
    text, encoding = decoded
    try:
        obj = json.loads(text, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        return [Skipped(rel, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")]
    except (ValueError, RecursionError) as exc:  # digit limit on huge integers, absurd nesting
        return [Skipped(rel, f"invalid JSON: {type(exc).__name__}: {str(exc)[:120]}")]
    rows = _json_rows(obj)
    if rows is None:
        return [Skipped(rel, "JSON holds no list of articles (expected a list or a wrapper like {\"articles\": "
                             "[...]})")]
    return _rows_to_units(enumerate(rows, start=1), rel, encoding)


def read_jsonl(data: bytes, rel: str) -> list[Unit]:
    decoded = _decode(data, rel)
    if isinstance(decoded, Skipped):
        return [decoded]
    text, encoding = decoded

    def rows() -> Iterable[tuple[int, object]]:
        n = 0
        for line in text.splitlines():
            if not line.strip():
                continue
            n += 1
            try:
                yield n, json.loads(line, parse_int=_parse_int)
            except json.JSONDecodeError as exc:
                yield n, Skipped(f"{rel}#{n}", f"invalid JSON line: {exc.msg} at column {exc.colno}")
            except (ValueError, RecursionError) as exc:
                yield n, Skipped(f"{rel}#{n}", f"invalid JSON line: {type(exc).__name__}: {str(exc)[:120]}")

    return _rows_to_units(rows(), rel, encoding)


def read_parquet(data: bytes, rel: str) -> list[Unit]:
    try:
        import pyarrow.parquet as pq

        table = pq.read_table(io.BytesIO(data))
        rows = table.to_pylist()
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many types on corrupt files
        return [Skipped(rel, f"unreadable Parquet file: {type(exc).__name__}: {str(exc)[:160]}")]
    return _rows_to_units(enumerate(rows, start=1), rel, "parquet")


_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]{2,30})", re.IGNORECASE)
_HTML_LANG = re.compile(r"<html\b[^>]{0,500}?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)",
                        re.IGNORECASE)


def _decode_html(data: bytes, rel: str) -> tuple[str, str] | Skipped:
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _META_CHARSET.search(data[:4096])
        if m:
            charset = m.group(1).decode("ascii").lower()
            try:
                return data.decode(charset), f"{charset} (declared)"
            except (LookupError, UnicodeDecodeError):
                pass
    return _decode(data, rel)


def _metadata_date_params() -> dict[str, object]:
    return {"original_date": True, "extensive_search": False, "max_date": dt.date.today().isoformat()}


_BLOCK_TAG = re.compile(r"(<(?:/?(?:p|div|h[1-6]|li|tr|td|header|footer|section|article|aside|nav|dd|dt|"
                        r"figcaption|time)\b[^>]*|br\s*/?)>)", re.IGNORECASE)


def _page_lines(page: str) -> str:
    """All visible text of a page, one block element a line (scripts and styles dropped)."""
    try:
        from lxml import html as lxml_html

        tree = lxml_html.fromstring(_BLOCK_TAG.sub(r"\n\1", page))
        for node in tree.xpath("//script|//style|//noscript|//template"):
            node.drop_tree()
        lines = (re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in tree.text_content().split("\n"))
        return "\n".join(ln for ln in lines if ln)
    except Exception as exc:  # noqa: BLE001 - optional evidence
        log.debug("page text failed: %s", exc)
        return ""


def _page_byline(page: str, title: str = "") -> tuple[dt.date | None, str]:
    """When the metadata has no date: the first dated byline of the whole page text (navigation and all), else a
    stamp or dateline next to the headline ("<h1>…</h1><p>March 5, 2024</p>")."""
    try:
        import trafilatura

        text = _page_lines(page) or trafilatura.html2txt(page) or ""
        found, line = byline_date(text)
        if found is None and title:
            at = text.find(title[:40])
            if at >= 0:
                found, how = infer_published(text[max(0, at - 300):at + 900])
                line = how.removeprefix("text:").strip() if found else ""
        return found, line
    except Exception as exc:  # noqa: BLE001 - optional evidence
        log.debug("page byline search failed: %s", exc)
        return None, ""


def _body_text_date(page: str) -> str:
    """What htmldate's text search finds when the metadata has no date: a year ("2023") when it only found a year
    (htmldate reports those as YYYY-01-01), else the date; "" when nothing. Only recorded, never a publication day."""
    try:
        from htmldate import find_date

        found = find_date(page, extensive_search=True, original_date=True, max_date=dt.date.today().isoformat())
    except Exception as exc:  # noqa: BLE001 - the record is optional
        log.debug("htmldate text search failed: %s", exc)
        return ""
    if not found:
        return ""
    return found[:4] if found.endswith("-01-01") else found


def read_html(data: bytes, rel: str) -> list[Unit]:
    """Main text, title, date, site name and address of a saved web page (trafilatura); basis 'html meta'."""
    decoded = _decode_html(data, rel)
    if isinstance(decoded, Skipped):
        return [decoded]
    page, encoding = decoded
    try:
        import trafilatura

        # dates from page metadata only (meta tags, JSON-LD, <time>, the address): htmldate's extensive search
        # falls back to years in the body text, which are not publication days
        result = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False,
                                             date_extraction_params=_metadata_date_params())
    except Exception as exc:  # noqa: BLE001 - a broken page must not stop the corpus
        return [Skipped(rel, f"HTML could not be parsed: {type(exc).__name__}: {str(exc)[:120]}")]
    if result is None:
        return [Skipped(rel, "no article text found in the HTML page")]
    found = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    raw = str(found.get("text") or "")
    title = str(found.get("title") or "").strip()
    if title and raw.startswith(title):  # trafilatura repeats the headline as the first line
        raw = raw[len(title):].lstrip("\n")
    text, removed = clean_text(raw)
    if not text:
        return [Skipped(rel, "no article text found in the HTML page")]
    fields: dict[str, object] = {}
    basis: dict[str, str] = {"encoding": encoding, "text": "html: main text (trafilatura)"}
    meta: dict[str, str] = {}
    if title:
        fields["title"] = title
        basis["title"] = "html meta"
    if found.get("sitename"):
        fields["source"] = str(found["sitename"]).strip()
        basis["source"] = "html meta"
    if found.get("url"):
        fields["url"] = str(found["url"]).strip()
        basis["url"] = "html meta"
    if found.get("date"):
        date = parse_date(str(found["date"]))
        if date is not None:
            fields["published"] = date
            basis["published"] = "html meta"
        else:
            meta["published (html, unparsed)"] = str(found["date"])
            basis["published"] = f"html meta unparsed ({str(found['date'])[:40]!r})"
    else:
        stamp, line = _page_byline(page, title)
        if stamp is not None:  # a dated byline in the page ("입력 2024.02.23 (17:22)") that the main text dropped
            fields["published"] = stamp
            basis["published"] = f"html page text: {line[:60]}"
        elif body := _body_text_date(page):  # kept for the record, never as the publication day
            meta["date in page text (not taken as the publication day)"] = body
            basis["published"] = (f"html: no date in page metadata; page text mentions {body} "
                                  "(not taken as the publication day)")
    m = _HTML_LANG.search(page[:20000])
    if m and normalize_language(m.group(1)):
        fields["language"] = normalize_language(m.group(1))
        basis["language"] = "html meta"
    for key in ("author", "description", "categories", "tags"):
        value = found.get(key)
        if value:
            meta[key] = _as_str(value)
    stem = PurePosixPath(rel).stem
    return [Document(doc_id=stem, path=rel, text=text, raw_text=raw, basis=basis, meta=meta, removed=removed,
                     **fields)]  # type: ignore[arg-type]


READERS: dict[str, Callable[[bytes, str], list[Unit]]] = {
    ".txt": read_text, ".md": read_text, ".html": read_html, ".htm": read_html,
    ".csv": read_delimited, ".tsv": lambda data, rel: read_delimited(data, rel, "\t"),
    ".json": read_json, ".jsonl": read_jsonl, ".parquet": read_parquet,
}


def unsupported_reason(suffix: str) -> str:
    return (f"unsupported format '{suffix or '(no extension)'}': expected one of "
            f"{', '.join(sorted(SUPPORTED_SUFFIXES))}")


def read_bytes(data: bytes, rel: str) -> list[Unit]:
    """Dispatch by extension (archives excluded: see loaders.archive). Never raises on bad content."""
    suffix = PurePosixPath(rel).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        return [Skipped(rel, unsupported_reason(suffix))]
    if not data.strip():
        return [Skipped(rel, "empty file")]
    try:
        return reader(data, rel)
    except Exception as exc:  # noqa: BLE001 - last line of defence: the file is skipped, never the corpus
        log.exception("reader failed on %s", rel)
        return [Skipped(rel, f"could not be read: {type(exc).__name__}: {str(exc)[:120]}")]
