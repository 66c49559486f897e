# UK dates as GOV.UK writes them: "26 November 2026", "26 November 2026 at 2:30pm".
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y \\a\\t g:ia"
SHORT_DATETIME_FORMAT = "j M Y, g:ia"
TIME_FORMAT = "g:ia"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
FIRST_DAY_OF_WEEK = 1
