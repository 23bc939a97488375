"""The words of Grafik (``console.graphs``), the office's last eight weeks as pictures."""

from __future__ import annotations

from fieldkit.sentences import translate

translate("console_graphs", "Charts", "console_graphs.title")
translate(
    "console_graphs",
    "The last eight weeks, {first} to {today}: {total} records (training records not "
    "counted). Each chart's numbers are in the table under it.",
    "console_graphs.intro",
)
translate("console_graphs", "Records per recording day", "console_graphs.per_day_title")
translate("console_graphs", "Records per officer", "console_graphs.per_officer_title")
translate("console_graphs", "Records per desa", "console_graphs.per_desa_title")
translate(
    "console_graphs",
    "Cards printed within the promise ({days} working days), by the week of the promise date",
    "console_graphs.weeks_title",
)
translate(
    "console_graphs",
    "Of the records whose promise date fell in that week and has come, the share whose card "
    "was printed by it; one still waiting counts as late. Records that will get no card "
    "(rejected, to be recorded again, a closed duplicate) are not counted.",
    "console_graphs.weeks_note",
)
translate("console_graphs", "The numbers", "console_graphs.numbers")
translate("console_graphs", "Day", "console_graphs.col_day")
translate("console_graphs", "Records", "console_graphs.col_records")
translate("console_graphs", "Officer", "console_graphs.col_officer")
translate("console_graphs", "Desa", "console_graphs.col_desa")
translate("console_graphs", "Week of", "console_graphs.col_week")
translate("console_graphs", "On time", "console_graphs.col_on_time")
translate("console_graphs", "Due", "console_graphs.col_due")
translate("console_graphs", "Within the promise", "console_graphs.col_percent")
translate("console_graphs", "unknown", "console_graphs.unknown")
translate("console_graphs", "others", "console_graphs.others")
translate("console_graphs", "no record yet", "console_graphs.none")
translate("console_graphs", "{day}: {count} records", "console_graphs.day_tip")
translate("console_graphs", "{name}: {count} records", "console_graphs.bar_tip")
translate(
    "console_graphs",
    "Week of {week}: {percent}% within the promise ({on_time} of {due})",
    "console_graphs.week_tip",
)
translate("console_graphs", "{percent}%", "console_graphs.percent")
translate("console_graphs", "nothing due", "console_graphs.nothing_due")
