"""Claim tallies: per-claim counts kept with every write, so reports never scan the sightings.

Every ORM flush that adds a claim sighting, or changes an article attribute its tallies depend
on (relevance, language, outlet, cluster, date, source, URL), updates `claim_tallies` in the
same transaction: the article's old contribution is taken off before the flush, the new one
added after it. Counts go up with `INSERT ... ON CONFLICT DO UPDATE ... RETURNING`, so two
writers on PostgreSQL serialise on the row and a distinct count (outlets, stories) moves exactly
when a row appears or goes. Writes that bypass the ORM (bulk loads) call
`rebuild_claim_tallies`, as the migration that created the table does.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    String,
    and_,
    bindparam,
    case,
    cast,
    delete,
    event,
    func,
    insert,
    literal,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from monitor.outlets import AGGREGATING_KINDS, outlet_name
from storage.models import Article, ClaimSighting, ClaimTally, Source, UTCDateTime

__all__ = [
    "CLAIM",
    "DAY",
    "HOUR",
    "LANGUAGE",
    "OUTLET",
    "SOURCES",
    "STORIES",
    "STORY",
    "VARIANT",
    "day_key",
    "hour_key",
    "rebuild_claim_tallies",
    "story_key",
]

CLAIM, LANGUAGE, OUTLET, STORY, VARIANT, HOUR, DAY = (
    "claim", "language", "outlet", "story", "variant", "hour", "day"
)  # fmt: skip
STORIES, SOURCES = "stories", "sources"
# A row of these kinds appearing or going moves the claim's distinct count.
DISTINCT = {OUTLET: SOURCES, STORY: STORIES}
# The article's attributes that a sighting's tallies depend on.
WATCHED = (
    "relevant", "language", "outlet", "cluster_id", "published_at", "source_id", "canonical_url"
)  # fmt: skip
KEY_LENGTH = 300
_RETALLY = "claim_tallies.retally"

_TALLY = ClaimTally.__table__.c
_SEEN = type_coerce(
    func.coalesce(Article.published_at, ClaimSighting.published_at, ClaimSighting.first_seen_at),
    UTCDateTime(),
)
_LANGUAGE = func.coalesce(func.nullif(Article.language, ""), "und")


def story_key(cluster_id: int | None, article_id: int) -> str:
    """The story a sighting belongs to: its near-duplicate cluster, else its own article."""
    return f"a:{article_id}" if cluster_id is None else f"c:{cluster_id}"


def hour_key(seen_at: datetime, language: str) -> str:
    """The hour (UTC) and language a sighting counts in on an hourly timeline."""
    return f"{seen_at.astimezone(UTC):%Y-%m-%d %H}|{language}"


def day_key(seen_at: datetime, language: str) -> str:
    """The day (UTC) and language a sighting counts in on a daily timeline."""
    return f"{seen_at.astimezone(UTC):%Y-%m-%d}|{language}"


@dataclass(frozen=True)
class _Contribution:
    claim_id: str
    article_id: int
    seen_at: datetime
    keys: tuple[tuple[str, str], ...]


def _contributions(
    connection: Connection, article_id: int, claim_ids: Iterable[str] | None = None
) -> list[_Contribution]:
    """What the article's sightings (of `claim_ids`, else all) add to the tallies."""
    article = connection.execute(
        select(
            Article.relevant, Article.language, Article.outlet, Article.cluster_id,
            Article.published_at, Article.canonical_url, Source.name, Source.kind,
        )
        .outerjoin(Source, Source.id == Article.source_id)
        .where(Article.id == article_id)
    ).first()  # fmt: skip
    if article is None or article.relevant is not True:
        return []
    language = article.language or "und"
    outlet = outlet_name(article.outlet, article.name, article.kind, article.canonical_url)
    story = story_key(article.cluster_id, article_id)
    query = select(
        ClaimSighting.claim_id, ClaimSighting.variant, ClaimSighting.published_at,
        ClaimSighting.first_seen_at,
    ).where(ClaimSighting.article_id == article_id)  # fmt: skip
    if claim_ids is not None:
        query = query.where(ClaimSighting.claim_id.in_(list(claim_ids)))
    out = []
    for claim_id, variant, published_at, first_seen_at in connection.execute(query):
        seen = article.published_at or published_at or first_seen_at
        keys = [
            (CLAIM, ""), (LANGUAGE, language), (OUTLET, outlet[:KEY_LENGTH]), (STORY, story),
            (HOUR, hour_key(seen, language)),
            (DAY, day_key(seen, language)),
        ]  # fmt: skip
        if variant:
            keys.append((VARIANT, variant[:KEY_LENGTH]))
        out.append(_Contribution(claim_id, article_id, seen, tuple(keys)))
    return out


def _apply(connection: Connection, contributions: Iterable[_Contribution], sign: int) -> None:
    for c in contributions:
        for kind, key in c.keys:
            if sign > 0:
                _up(connection, c.claim_id, kind, key, c if kind == LANGUAGE else None)
            else:
                _down(connection, c.claim_id, kind, key, c if kind == LANGUAGE else None)


@functools.cache
def _upsert(dialect: str) -> Any:
    """`INSERT ... ON CONFLICT DO UPDATE ... RETURNING n` for one tally row, built once per
    dialect with bound parameters: a crawl adds thousands of rows, and building and hashing a
    statement each time cost more than running it."""
    insert_ = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert_(ClaimTally).values(
        claim_id=bindparam("b_claim_id"), kind=bindparam("b_kind"), key=bindparam("b_key"), n=1,
        first_at=bindparam("b_at"), first_article_id=bindparam("b_article_id"),
        last_at=bindparam("b_at"),
    )  # fmt: skip
    new = statement.excluded
    earlier = or_(
        _TALLY.first_at.is_(None),
        new.first_at < _TALLY.first_at,
        and_(new.first_at == _TALLY.first_at, new.first_article_id < _TALLY.first_article_id),
    )
    return statement.on_conflict_do_update(
        index_elements=[_TALLY.claim_id, _TALLY.kind, _TALLY.key],
        set_={
            "n": _TALLY.n + 1,
            "first_at": case((earlier, new.first_at), else_=_TALLY.first_at),
            "first_article_id": case(
                (earlier, new.first_article_id), else_=_TALLY.first_article_id
            ),
            "last_at": case(
                (or_(_TALLY.last_at.is_(None), new.last_at > _TALLY.last_at), new.last_at),
                else_=_TALLY.last_at,
            ),
        },
    ).returning(_TALLY.n)


_ROW = and_(
    _TALLY.claim_id == bindparam("b_claim_id"),
    _TALLY.kind == bindparam("b_kind"),
    _TALLY.key == bindparam("b_key"),
)


def _key(claim_id: str, kind: str, key: str) -> dict[str, str]:
    """The parameters that pick one tally row out with `_ROW`."""
    return {"b_claim_id": claim_id, "b_kind": kind, "b_key": key}
_DECREMENT = (
    update(ClaimTally)
    .where(_ROW)
    .values(n=_TALLY.n - 1)
    .returning(_TALLY.n, _TALLY.first_article_id, _TALLY.last_at)
)
_REMOVE = delete(ClaimTally).where(_ROW)


def _up(
    connection: Connection, claim_id: str, kind: str, key: str, c: _Contribution | None
) -> None:
    row = {
        **_key(claim_id, kind, key),
        "b_at": c.seen_at if c else None,
        "b_article_id": c.article_id if c else None,
    }
    if connection.execute(_upsert(connection.dialect.name), row).scalar_one() == 1:
        if kind in DISTINCT:
            _up(connection, claim_id, DISTINCT[kind], "", None)


def _down(
    connection: Connection, claim_id: str, kind: str, key: str, c: _Contribution | None
) -> None:
    pk = _key(claim_id, kind, key)
    row = connection.execute(_DECREMENT, pk).first()
    if row is None:
        return
    if row.n <= 0:
        connection.execute(_REMOVE, pk)
        if kind in DISTINCT:
            _down(connection, claim_id, DISTINCT[kind], "", None)
    elif c is not None and (row.first_article_id == c.article_id or row.last_at == c.seen_at):
        _refresh_language(connection, claim_id, key, leaving=c.article_id)


def _counted(claim_id: str, language: str) -> Any:
    return (
        select(ClaimSighting.article_id)
        .join(Article, Article.id == ClaimSighting.article_id)
        .where(ClaimSighting.claim_id == claim_id, Article.relevant.is_(True))
        .where(_LANGUAGE == language)
    )


def _refresh_language(connection: Connection, claim_id: str, language: str, leaving: int) -> None:
    """Find a language row's first and last sighting again, without the article leaving it."""
    base = _counted(claim_id, language).where(ClaimSighting.article_id != leaving)
    first = connection.execute(
        base.with_only_columns(_SEEN, ClaimSighting.article_id)
        .order_by(_SEEN, ClaimSighting.article_id)
        .limit(1)
    ).first()
    last = connection.execute(base.with_only_columns(func.max(_SEEN))).scalar()
    connection.execute(
        update(ClaimTally)
        .where(_ROW)
        .values(
            first_at=first[0] if first else None,
            first_article_id=first[1] if first else None,
            last_at=last,
        ),
        _key(claim_id, LANGUAGE, language),
    )


# --- kept on every flush -------------------------------------------------------------------------


def _watched_change(article: Article) -> bool:
    state = sa_inspect(article)
    return any(state.attrs[name].history.has_changes() for name in WATCHED)


@event.listens_for(Session, "before_flush")
def _take_off_changed_articles(session: Session, flush_context: Any, instances: Any) -> None:
    changed = [
        obj.id
        for obj in session.dirty
        if isinstance(obj, Article) and obj.id is not None and _watched_change(obj)
    ]
    # An article deleted (a feed-only placeholder folded into the outlet's article) takes its
    # sightings with it, through the foreign key's cascade: its share goes now, while it is read.
    deleted = [obj.id for obj in session.deleted if isinstance(obj, Article) and obj.id is not None]
    if not changed and not deleted:
        return
    connection = session.connection()
    for article_id in changed + deleted:
        _apply(connection, _contributions(connection, article_id), -1)
    session.info.setdefault(_RETALLY, set()).update(changed)


@event.listens_for(Session, "after_flush")
def _add_new_sightings(session: Session, flush_context: Any) -> None:
    retally: set[int] = session.info.pop(_RETALLY, set())
    added: dict[int, set[str]] = {}
    for obj in session.new:
        if isinstance(obj, ClaimSighting) and obj.article_id not in retally:
            added.setdefault(obj.article_id, set()).add(obj.claim_id)
    if not retally and not added:
        return
    connection = session.connection()
    for article_id in sorted(retally):
        _follow_article_date(connection, article_id)
        _apply(connection, _contributions(connection, article_id), +1)
    for article_id, claim_ids in sorted(added.items()):
        _apply(connection, _contributions(connection, article_id, claim_ids), +1)


def _follow_article_date(connection: Connection, article_id: int) -> None:
    """The sightings' copy of the date follows the article's, once it has one."""
    published = connection.execute(
        select(Article.published_at).where(Article.id == article_id)
    ).scalar()
    if published is not None:
        connection.execute(
            update(ClaimSighting)
            .where(ClaimSighting.article_id == article_id)
            .values(published_at=published)
        )


# --- rebuilt from the sightings ------------------------------------------------------------------


def _time_expression(connection: Connection, bucket: str) -> Any:
    seen = func.coalesce(
        Article.published_at, ClaimSighting.published_at, ClaimSighting.first_seen_at
    )
    if connection.dialect.name == "postgresql":
        return func.to_char(seen, "YYYY-MM-DD HH24" if bucket == HOUR else "YYYY-MM-DD")
    # SQLite keeps 'YYYY-MM-DD HH:MM:SS.ffffff'
    return func.substr(seen, 1, 13 if bucket == HOUR else 10)


def rebuild_claim_tallies(session: Session) -> None:
    """Recompute every tally from the sightings (after a bulk load or a migration), and align
    each sighting's copy of the date with its article's, as the flush hooks keep it."""
    connection = session.connection()
    connection.execute(
        update(ClaimSighting)
        .where(
            ClaimSighting.article_id == Article.id,
            Article.published_at.is_not(None),
            or_(
                ClaimSighting.published_at.is_(None),
                ClaimSighting.published_at != Article.published_at,
            ),
        )
        .values(published_at=Article.published_at)
    )
    connection.execute(
        update(ClaimSighting)
        .where(ClaimSighting.published_at.is_(None))
        .values(published_at=ClaimSighting.first_seen_at)
    )
    connection.execute(delete(ClaimTally))
    counted = (
        select()
        .select_from(ClaimSighting)
        .join(Article, Article.id == ClaimSighting.article_id)
        .where(Article.relevant.is_(True))
    )
    story = case(
        (Article.cluster_id.is_(None), literal("a:") + cast(Article.id, String)),
        else_=literal("c:") + cast(Article.cluster_id, String),
    )
    hour = _time_expression(connection, HOUR) + literal("|") + _LANGUAGE
    day = _time_expression(connection, DAY) + literal("|") + _LANGUAGE
    columns = ["claim_id", "kind", "key", "n"]
    for kind, key, where in (
        (CLAIM, literal(""), None),
        (STORY, story, None),
        (VARIANT, func.substr(ClaimSighting.variant, 1, KEY_LENGTH), ClaimSighting.variant != ""),
        (HOUR, hour, None),
        (DAY, day, None),
    ):
        query = counted.with_only_columns(
            ClaimSighting.claim_id, literal(kind), key, func.count()
        ).group_by(ClaimSighting.claim_id, key)
        if where is not None:
            query = query.where(where)
        connection.execute(insert(ClaimTally).from_select(columns, query))
    languages = counted.with_only_columns(
        ClaimSighting.claim_id, literal(LANGUAGE), _LANGUAGE, func.count(), func.min(_SEEN),
        func.max(_SEEN),
    ).group_by(ClaimSighting.claim_id, _LANGUAGE)  # fmt: skip
    connection.execute(
        insert(ClaimTally).from_select([*columns, "first_at", "last_at"], languages)
    )
    for claim_id, language, first_at in connection.execute(
        select(_TALLY.claim_id, _TALLY.key, _TALLY.first_at).where(_TALLY.kind == LANGUAGE)
    ).all():
        first_article = connection.execute(
            _counted(claim_id, language)
            .where(ClaimSighting.published_at == first_at, _SEEN == first_at)
            .with_only_columns(func.min(ClaimSighting.article_id))
        ).scalar()
        connection.execute(
            update(ClaimTally).where(_ROW).values(first_article_id=first_article),
            _key(claim_id, LANGUAGE, language),
        )
    _rebuild_outlets(connection, counted)
    for kind, counter in DISTINCT.items():
        connection.execute(
            insert(ClaimTally).from_select(
                columns,
                select(_TALLY.claim_id, literal(counter), literal(""), func.count())
                .where(_TALLY.kind == kind)
                .group_by(_TALLY.claim_id),
            )
        )


def _rebuild_outlets(connection: Connection, counted: Any) -> None:
    # The outlet's name is worked out in Python (monitor.outlets); group by what it reads.
    fallback = case(
        (
            and_(
                or_(Article.outlet.is_(None), Article.outlet == ""),
                or_(Source.name.is_(None), Source.kind.in_(sorted(AGGREGATING_KINDS))),
            ),
            Article.canonical_url,
        ),
        else_=None,
    )
    groups = (
        counted.outerjoin(Source, Source.id == Article.source_id)
        .with_only_columns(
            ClaimSighting.claim_id, Article.outlet, Source.name, Source.kind, fallback, func.count()
        )
        .group_by(ClaimSighting.claim_id, Article.outlet, Source.name, Source.kind, fallback)
    )
    counts: Counter[tuple[str, str]] = Counter()
    for claim_id, outlet, source, kind, url, n in connection.execute(groups):
        counts[(claim_id, outlet_name(outlet, source, kind, url or "")[:KEY_LENGTH])] += n
    rows = [
        {"claim_id": claim_id, "kind": OUTLET, "key": key, "n": n}
        for (claim_id, key), n in counts.items()
    ]
    if rows:
        connection.execute(insert(ClaimTally), rows)
