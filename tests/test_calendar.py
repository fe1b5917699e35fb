"""Deadlines in a calendar (extract/export/calendar.py), parsed back with icalendar."""

import datetime as dt
import json
import subprocess

import icalendar
import pytest

from conftest import GOLD_DIR, ROOT, SEEDS, kehoach_cmd
from extract.batch import run_batch


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("cal")
    run_batch([str(ROOT / "corpora" / "seeds")], out, jobs=2, progress=False)
    return out


def _events(path):
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return [c for c in cal.walk("VEVENT")]


def test_recurring_reporting_deadlines_of_the_seeds_are_rrule_events(seeds_out, tmp_path):
    ics = tmp_path / "k.ics"
    p = subprocess.run(kehoach_cmd() + ["calendar", str(seeds_out), "--out", str(ics)],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 0, p.stderr
    events = _events(ics)
    recurring = {}
    for ev in events:
        if "RRULE" in ev:
            rule = ev["RRULE"]
            start = ev.decoded("DTSTART")
            recurring.setdefault(tuple(ev["CATEGORIES"].cats)[-1], set()).add(
                (rule["FREQ"][0], rule["BYMONTH"][0], rule["BYMONTHDAY"][0], start.month, start.day))
    # every yearly deadline of the gold with a day is a yearly event on that day
    expected = 0
    for seed in SEEDS:
        gold = json.loads((GOLD_DIR / f"{seed.stem}.json").read_text(encoding="utf-8"))
        for d in gold["deadlines"]:
            if d["kind"] == "recurring" and d["recurrence"] == "yearly" and d["due"]:
                month, day = int(d["due"][2:4]), int(d["due"][5:7])
                label = gold["document"]["number"] or seed.name
                assert ("YEARLY", month, day, month, day) in recurring.get(label, set()), (seed.name, d)
                expected += 1
    assert expected >= 3
    # dated deadlines are single all-day events on their day
    gold1 = json.loads((GOLD_DIR / f"{SEEDS[1].stem}.json").read_text(encoding="utf-8"))
    due = next(d["due"] for d in gold1["deadlines"] if d["kind"] == "deadline")
    days = {ev.decoded("DTSTART") for ev in events if "RRULE" not in ev}
    assert dt.date.fromisoformat(due) in days
    for ev in events:
        assert isinstance(ev.decoded("DTSTART"), dt.date) and not isinstance(ev.decoded("DTSTART"), dt.datetime)
        assert ev.decoded("DTEND") - ev.decoded("DTSTART") == dt.timedelta(days=1)
        assert str(ev["SUMMARY"]).startswith("[")
        assert "Kế hoạch:" in str(ev["DESCRIPTION"])
    assert len({str(ev["UID"]) for ev in events}) == len(events)


def test_events_name_the_lead_agency_and_agency_filter_keeps_its_own(seeds_out, tmp_path):
    ics = tmp_path / "noivu.ics"
    p = subprocess.run(kehoach_cmd() + ["calendar", str(seeds_out), "--agency", "So Noi vu", "--out", str(ics)],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 0, p.stderr
    events = _events(ics)
    assert events
    for ev in events:
        desc = str(ev["DESCRIPTION"])
        assert "Sở Nội vụ" in desc
    everything = tmp_path / "all.ics"
    subprocess.run(kehoach_cmd() + ["calendar", str(seeds_out), "--out", str(everything), "-q"], check=True, cwd=ROOT, timeout=120)
    assert len(_events(everything)) > len(events)
    # the same records give the same UIDs (importing again updates, does not double)
    again = tmp_path / "again.ics"
    subprocess.run(kehoach_cmd() + ["calendar", str(seeds_out), "--out", str(again), "-q"], check=True, cwd=ROOT, timeout=120)
    assert [str(e["UID"]) for e in _events(again)] == [str(e["UID"]) for e in _events(everything)]


def test_calendar_from_a_register(seeds_out, tmp_path):
    reg = tmp_path / "r.sqlite"
    subprocess.run(kehoach_cmd() + ["register", "add", str(seeds_out), "--register", str(reg), "-q"], check=True, cwd=ROOT, timeout=120)
    ics = tmp_path / "r.ics"
    p = subprocess.run(kehoach_cmd() + ["calendar", str(reg), "--out", str(ics)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 0, p.stderr
    direct = tmp_path / "d.ics"
    subprocess.run(kehoach_cmd() + ["calendar", str(seeds_out), "--out", str(direct), "-q"], check=True, cwd=ROOT, timeout=120)
    assert sorted(str(e["UID"]) for e in _events(ics)) == sorted(str(e["UID"]) for e in _events(direct))
