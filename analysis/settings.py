"""Every limit of the app and the store in one table: name, default, type, environment override, one line of help.

Modules read a setting with `get(name)` (the environment override when it is set and valid, else the default).
README's "Settings" section is `markdown()` of this table; a test fails when the two differ. No Streamlit here.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Setting:
    name: str
    default: int | float | str
    kind: type  # int, float or str
    env: str  # environment variable that overrides it ("" = none)
    used_in: str  # the module that reads it
    help: str

    def parse(self, raw: str) -> int | float | str:
        """A value from its environment text; a number must be positive."""
        if self.kind is str:
            if not raw.strip():
                raise ValueError("empty")
            return raw
        value = self.kind(float(raw)) if self.kind is int else float(raw)
        if not value > 0:
            raise ValueError("not positive")
        return value


SETTINGS: tuple[Setting, ...] = (
    # where the data is
    Setting("corpus", "data/corpus", str, "NEWS_CORPUS", "ui/state.py",
            "Corpus folder the dashboard opens (`--corpus DIR` after `--` wins over it)."),
    Setting("cache_dir", "~/.cache/news-dashboard", str, "NEWS_CACHE_DIR", "analysis/store.py",
            "Where analysed files and finished tables are cached, one folder per corpus and code fingerprint."),
    # the data layer of the app
    Setting("recheck_seconds", 60.0, float, "NEWS_RECHECK_SECONDS", "ui/state.py",
            "How often (at most) a background thread re-checks an open corpus folder for changed files."),
    Setting("max_views", 4, int, "NEWS_MAX_VIEWS", "ui/state.py",
            "Filtered views kept per corpus (filter states a page switch or a revisit gets for free)."),
    Setting("max_texts", 64, int, "NEWS_MAX_TEXTS", "ui/state.py",
            "Article texts the reader keeps in memory per corpus (read from disk on demand)."),
    # uploads
    Setting("max_upload_files", 2000, int, "NEWS_MAX_UPLOAD_FILES", "ui/corpus_picker.py",
            "Files one upload may hold; more are refused with a reason."),
    Setting("upload_grace_seconds", 120.0, float, "NEWS_UPLOAD_GRACE_SECONDS", "ui/uploads.py",
            "An upload of a session the server no longer has is freed after this long (a reload reconnects)."),
    Setting("upload_max_age_seconds", 21600.0, float, "NEWS_UPLOAD_MAX_AGE_SECONDS", "ui/uploads.py",
            "Any upload older than this is freed (6 hours)."),
    Setting("upload_max_total_bytes", 2 * 1024**3, int, "NEWS_UPLOAD_MAX_TOTAL_BYTES", "ui/uploads.py",
            "All uploads together; the oldest are freed while they exceed it (2 GiB)."),
    Setting("upload_sweep_seconds", 30.0, float, "NEWS_UPLOAD_SWEEP_SECONDS", "ui/uploads.py",
            "How often (at most) uploads are swept."),
    # what pages show
    Setting("max_table_rows", 5000, int, "NEWS_MAX_TABLE_ROWS", "ui/widgets.py",
            "Rows a table on a page shows; its CSV download has every row."),
    Setting("max_agreement_rows", 20_000, int, "NEWS_MAX_AGREEMENT_ROWS", "analysis/aggregates.py",
            "Figures compared across sources on the Figures page (money first when there are more)."),
    Setting("max_reader_choices", 1000, int, "NEWS_MAX_READER_CHOICES", "analysis/aggregates.py",
            "Articles the reader's picker lists; the find box reaches the others."),
    Setting("max_key_candidates", 500, int, "NEWS_MAX_KEY_CANDIDATES", "analysis/aggregates.py",
            "Largest money figures considered for the key-figure cards."),
    Setting("min_topic_n", 5, int, "NEWS_MIN_TOPIC_N", "pages/sentiment.py",
            "Scored sentences a topic needs to be shown on the Sentiment page by default (a toggle shows the rest)."),
    Setting("max_entity_choices", 3000, int, "NEWS_MAX_ENTITY_CHOICES", "pages/topics.py",
            "Entities the Topics page's pickers offer (by rank); the find box reaches the others."),
    # analysis
    Setting("embed_cache", 100_000, int, "NEWS_EMBED_CACHE", "analysis/sentiment.py",
            "Distinct sentences whose embedding and scores a process keeps in memory (each is encoded once)."),
    # the analysis store
    Setting("chunk_files", 64, int, "", "analysis/store.py",
            "Files analysed and cached together as one chunk of the store."),
    Setting("repair_rounds", 3, int, "", "analysis/store.py",
            "Times a build re-analyses files whose cached chunk was unreadable before it gives up on them."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> Setting:
    return _BY_NAME[name]


def get(name: str) -> int | float | str:
    """The setting's value: its environment override when set and valid (else a warning and the default)."""
    s = _BY_NAME[name]
    raw = os.environ.get(s.env) if s.env else None
    if raw is None or raw == "":
        return s.default
    try:
        return s.parse(raw)
    except ValueError:
        log.warning("%s=%r is not a valid %s; using %r", s.env, raw, s.kind.__name__, s.default)
        return s.default


def _shown(s: Setting) -> str:
    if s.kind is str:
        return f"`{s.default}`"
    if s.kind is float and float(s.default).is_integer():
        return f"{int(s.default):,}"
    return f"{s.default:,}"


def markdown() -> str:
    """The table as README's "Settings" section shows it."""
    lines = ["| setting | default | type | environment | read by | what it does |", "|---|---|---|---|---|---|"]
    for s in SETTINGS:
        lines.append(f"| `{s.name}` | {_shown(s)} | {s.kind.__name__} | {f'`{s.env}`' if s.env else '—'} | "
                     f"`{s.used_in}` | {s.help} |")
    return "\n".join(lines)


__all__ = ["SETTINGS", "Setting", "get", "markdown", "setting"]
