"""Each person's history, streak flags and a team's month overview. No FastAPI here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlmodel import Session, col, select

from exam_api.kpi import access
from exam_api.kpi.models import CardStatus, KpiScorecard, from_hundredths
from exam_api.kpi.schemas import (
    FlagPublic,
    HistoryEntry,
    HistoryPublic,
    OverviewRow,
    TeamOverview,
)
from exam_api.kpi.streaks import Flag, Month, flags_for, frozen_months
from exam_api.policy import Policy
from exam_api.users import service as users
from exam_api.users.models import User


def flag_public(flag: Flag, policy: Policy) -> FlagPublic:
    year, month = flag.month
    return FlagPublic(
        year=year,
        month=month,
        rule=flag.rule,
        text=flag.text,
        streak=flag.streak,
        url=policy.rule_url(flag.rule),
    )


def confirmed_bands(
    session: Session, user_ids: Iterable[int]
) -> dict[int, list[tuple[Month, str]]]:
    """Each person's confirmed months and bands (the only months that count for streaks)."""
    ids = list(user_ids)
    bands: dict[int, list[tuple[Month, str]]] = defaultdict(list)
    if not ids:
        return bands
    query = select(KpiScorecard.user_id, KpiScorecard.year, KpiScorecard.month, KpiScorecard.band)
    query = query.where(
        col(KpiScorecard.user_id).in_(ids), KpiScorecard.status == CardStatus.confirmed
    )
    for user_id, year, month, band in session.exec(query):
        bands[user_id].append(((year, month), band))
    return bands


def flags_in_month(
    history: Sequence[tuple[Month, str]], month: Month, policy: Policy
) -> list[FlagPublic]:
    upto = [entry for entry in history if entry[0] <= month]
    return [flag_public(f, policy) for f in flags_for(upto, policy) if f.month == month]


def card_flags(session: Session, card: KpiScorecard, policy: Policy) -> list[FlagPublic]:
    """Flags fired in the card's month (only a confirmed card can fire one)."""
    if card.status != CardStatus.confirmed:
        return []
    history = confirmed_bands(session, [card.user_id])[card.user_id]
    return flags_in_month(history, (card.year, card.month), policy)


def person_history(session: Session, actor: User, user_id: int, policy: Policy) -> HistoryPublic:
    person = access.get_person(session, user_id)
    access.ensure_can_view_person(session, actor, person)
    cards = session.exec(
        select(KpiScorecard)
        .where(KpiScorecard.user_id == user_id)
        .order_by(col(KpiScorecard.year), col(KpiScorecard.month))
    ).all()
    history = [((c.year, c.month), c.band) for c in cards if c.status == CardStatus.confirmed]
    return HistoryPublic(
        user_id=user_id,
        display_name=person.display_name,
        cards=[
            HistoryEntry(
                id=c.id or 0,
                year=c.year,
                month=c.month,
                status=c.status,
                total=c.total,
                band=c.band,
                bonus=c.bonus,
                policy_version=c.policy_version,
            )
            for c in cards
        ],
        flags=[flag_public(f, policy) for f in flags_for(history, policy)],
        frozen_months=[f"{y}-{m:02d}" for y, m in sorted(frozen_months(history, policy))],
    )


def _overview_row(
    person: User,
    card: KpiScorecard | None,
    history: list[tuple[Month, str]],
    month: Month,
    policy: Policy,
) -> OverviewRow:
    return OverviewRow(
        user_id=person.id or 0,
        display_name=person.display_name,
        role=person.role,
        card_id=card.id if card else None,
        status=card.status if card else None,
        total=card.total if card else None,
        band=card.band if card else None,
        bonus=card.bonus if card else None,
        flags=flags_in_month(history, month, policy),
        frozen=month in frozen_months([h for h in history if h[0] < month], policy),
    )


def team_overview(
    session: Session, actor: User, team_id: int, year: int, month: int, policy: Policy
) -> TeamOverview:
    """Every scored member of the team for one month: card, band, bonus, flags."""
    team = users.get_team(session, team_id)
    users.ensure_can_manage_team(session, actor, team_id)
    scored = set(policy.document.kpi.period.applies_to)
    members = [m for m in users.list_team_members(session, team_id) if m.role in scored]
    cards = session.exec(
        select(KpiScorecard).where(KpiScorecard.year == year, KpiScorecard.month == month)
    ).all()
    people = {m.id: m for m in members}
    by_user = {c.user_id: c for c in cards if c.team_id == team_id or c.user_id in people}
    for user_id in by_user.keys() - people.keys():
        people[user_id] = access.get_person(session, user_id)
    histories = confirmed_bands(session, [uid for uid in people if uid is not None])
    rows = [
        _overview_row(p, by_user.get(uid or 0), histories.get(uid or 0, []), (year, month), policy)
        for uid, p in sorted(people.items(), key=lambda item: item[0] or 0)
    ]
    counts = {band.name: 0 for band in policy.document.kpi.bands.levels}
    for row in rows:
        if row.status == CardStatus.confirmed and row.band in counts:
            counts[row.band] += 1
    return TeamOverview(
        team_id=team_id,
        team_name=team.name,
        year=year,
        month=month,
        rows=rows,
        band_counts=counts,
        confirmed=sum(1 for r in rows if r.status == CardStatus.confirmed),
        drafts=sum(1 for r in rows if r.status == CardStatus.draft),
        missing=sum(1 for r in rows if r.status is None),
        bonus_total=sum(
            (r.bonus for r in rows if r.bonus is not None and r.status == CardStatus.confirmed),
            from_hundredths(0),
        ),
    )
