"""Last time, progress over time, the calendar and week streaks, from the log's sessions."""

from __future__ import annotations

from datetime import UTC, date, timedelta

from log_helpers import T0, a_session, a_set

from backtimer.log import calendar, exercise_series, last_time, streaks


def test_last_time_is_the_latest_finished_session_that_did_the_exercise() -> None:
    older = a_session(
        a_set("lat-pull-down", load=35, unit="kg", effort="ok", done=10),
        a_set("seated-row", position=1, load=2, unit="band", effort="hard"),
        start=T0,
    )
    newer = a_session(
        a_set("lat-pull-down", 1, load=40, unit="kg", effort="easy", done=10),
        # The prompt ignored in round 2: the load and effort of round 1 stand.
        a_set("lat-pull-down", 2, done=8),
        a_set("seated-row", position=1, skipped=True, done=0),
        start=T0 + timedelta(days=3),
    )
    running = a_session(
        a_set("lat-pull-down", load=99, unit="kg"), start=T0 + timedelta(days=5), status="running"
    )
    last = last_time([older, newer, running])
    lat = last["lat-pull-down"]
    assert (lat.load, lat.unit, lat.effort, lat.reps_done, lat.sets) == (40, "kg", "easy", 8, 2)
    assert lat.started_at == T0 + timedelta(days=3)
    # Skipped in the newer session: last time is the older one.
    row = last["seated-row"]
    assert (row.load, row.unit, row.started_at) == (2, "band", T0)


def test_series_gives_top_load_volume_and_reps_per_session() -> None:
    sessions = [
        a_session(
            a_set(round=1, load=40, unit="kg", done=10),
            a_set(round=2, load=42.5, unit="kg", done=8),
            start=T0,
        ),
        a_session(a_set(done=12), start=T0 + timedelta(days=2)),
    ]
    first, second = exercise_series(sessions)["lat-pull-down"]
    assert (first.load, first.unit, first.reps, first.volume) == (42.5, "kg", 18, 740.0)
    assert (second.load, second.unit, second.reps, second.volume) == (None, None, 12, None)


def test_calendar_starts_on_a_monday_and_counts_sessions_per_day() -> None:
    today = date(2024, 5, 15)  # a Wednesday
    sessions = [
        a_session(a_set(), start=T0),  # Monday 6 May
        a_session(a_set(), start=T0 + timedelta(hours=3), routine_id="other"),
        a_session(a_set(skipped=True, done=0), start=T0 + timedelta(days=1)),  # nothing done
    ]
    days = calendar(sessions, today, weeks=2, tz=UTC)
    assert days[0][0] == date(2024, 5, 6) and days[0][0].weekday() == 0
    assert days[-1][0] == today
    assert len(days) == 7 + 3
    assert dict(days)[date(2024, 5, 6)] == 2
    assert dict(days)[date(2024, 5, 7)] == 0


def test_a_late_evening_session_counts_on_the_users_own_day() -> None:
    from datetime import timezone

    tokyo = timezone(timedelta(hours=9))
    late = a_session(a_set(), start=T0.replace(hour=20))  # 05:00 the next day in Tokyo
    assert dict(calendar([late], date(2024, 5, 7), 1, tz=tokyo))[date(2024, 5, 7)] == 1


def test_streaks_count_weeks_and_a_week_under_way_does_not_break_one() -> None:
    week = timedelta(weeks=1)
    sessions = [a_session(a_set(), start=T0 + n * week) for n in (0, 1, 2, 5, 6)]
    sunday_of_week_6 = (T0 + 6 * week).date() + timedelta(days=6)
    s = streaks(sessions, sunday_of_week_6, tz=UTC)
    assert (s.current, s.longest) == (2, 3)
    # Monday of week 7, nothing yet this week: the streak still stands.
    assert streaks(sessions, sunday_of_week_6 + timedelta(days=1), tz=UTC).current == 2
    # A whole week missed: it is over.
    assert streaks(sessions, sunday_of_week_6 + timedelta(days=8), tz=UTC).current == 0
    assert streaks([], sunday_of_week_6, tz=UTC).longest == 0
