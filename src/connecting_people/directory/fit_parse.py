"""Reading access features, audiences and ages out of a directory's own words (issue 17).

Pure functions, no database. They are deliberately cautious: a need is met only by a recorded
feature, so a feature is read only from words that clearly say it is there, never from words
that say it is not ("no step-free access"), only partly ("mostly step-free") or only on request
("a portable ramp on request"). An audience is read only where the words say who a service is
*for* ("for carers", "women only"), never from who is merely welcome. Ages are read only from
confident patterns ("under-5s", "aged 11-18", "over 50s", "18+"); anything else stays unknown.

Text is read a sentence at a time, so one sentence's "no" never cancels another's feature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DASHES = "-\u2013\u2014"  # hyphen, en dash, em dash
SENTENCE = re.compile(rf"[.;!?\n]+|\s[{DASHES}]\s|\bbut\b|\bhowever\b|\balthough\b", re.IGNORECASE)
# Words just before a feature that take it away ("no", "not fully", "limited").
NEGATED_BEFORE = re.compile(
    r"\b(no|not|without|isn'?t|aren'?t|lacks?|never|non|cannot|can'?t|limited|partly|partially|"
    r"mostly|largely|some|nearly|almost)\b[\w\s'-]{0,25}$",
    re.IGNORECASE,
)
EXCEPT = re.compile(r"\b(except|apart from|other than|but)\b", re.IGNORECASE)
# Words just after a feature that take it away ("the lift is out of order").
NEGATED_AFTER = re.compile(
    r"^[\w\s'-]{0,25}?\b(not (available|working|provided|fitted|installed|possible|always)|"
    r"isn'?t|aren'?t|is not|are not|out of order|broken|unavailable|on request|by request|"
    r"if (you )?ask|can be arranged|being (fitted|installed)|coming soon)",
    re.IGNORECASE,
)


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


ACCESS_PATTERNS: dict[str, re.Pattern[str]] = {
    "step_free": _rx(
        r"\bstep[- ]?free\b",
        r"\blevel (access|entrance|entry|threshold|floor|route|path|ground)",
        r"\bno (steps|stairs)\b",
        r"\bwheelchair[- ](accessible|access|friendly|users? welcome)\b"
        r"(?! (toilet|loo|wc|bathroom))",
        r"\bramped (access|entrance|entry)\b",
        r"\bflat,? (even )?(route|path|access|entrance)\b",
    ),
    "lift": _rx(r"\blifts?\b(?! share)(?! to work)", r"\belevators?\b"),
    "accessible_toilet": _rx(
        r"\b(accessible|disabled|wheelchair[- ]accessible|adapted) (toilets?|loos?|wcs?|"
        r"bathrooms?|facilities toilet)\b",
        r"\bchanging places\b",
        r"\btoilets? for disabled\b",
    ),
    "hearing_loop": _rx(r"\b(hearing|induction|audio|portable) loop", r"\bloop system\b"),
    "bsl": _rx(
        r"\bBSL\b", r"\bbritish sign language\b", r"\bsign(ed| language) (interpret|session)"
    ),
    "large_print": _rx(r"\blarge[- ](print|type|font)\b"),
    "easy_read": _rx(r"\beasy[- ]read\b"),
    "quiet_space": _rx(
        r"\b(quiet|calm|sensory|chill[- ]out|low[- ]stimulus) (room|space|area|corner|zone)\b",
        r"\bspace to (take a break|rest|be quiet)\b",
    ),
    "seating": _rx(
        r"\bseating (throughout|available|provided|all the way)\b",
        r"\b(plenty|lots) of (seating|seats|chairs|benches)\b",
        r"\b(chairs|seats|benches) (available|provided|throughout|along the (route|way))\b",
        r"\bplaces to sit\b",
    ),
    "blue_badge_parking": _rx(
        r"\bblue[- ]badge (parking|spaces?|bays?|holders)\b",
        r"\b(disabled|accessible) (parking|car park|spaces?|bays?)\b",
    ),
    "assistance_dogs": _rx(r"\b(assistance|guide|hearing|support) dogs?\b"),
}

# Words in the same sentence that mean there is no step-free way in, whatever else it says.
STEPS = re.compile(
    r"(?<!no )(?<!without )\b(\d+|a|one|two|three|four|five|six|a few|several|some|small|"
    r"single|steep) (small |short |shallow |steep |stone )?(steps?|stairs?|flights? of stairs)\b"
    r"(?![- ]?free)"
    r"|\bstairs only\b|\bupstairs\b(?! and downstairs)"
    r"|\b(portable|temporary|removable) ramp\b|\bramp (is )?(available )?(on|by) request\b"
    r"|\bsteps? (up|down) (to|into|at)\b|\bstep (up|down)\b",
    re.IGNORECASE,
)
NO_LIFT = re.compile(r"\bno lift\b|\blift (is )?(out of order|broken|not working)", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """The text in pieces that each say one thing ("... step-free. No hearing loop")."""
    return [part.strip() for part in SENTENCE.split(text or "") if part and part.strip()]


def _negated(sentence: str, start: int, end: int) -> bool:
    before = NEGATED_BEFORE.search(sentence[:start])
    if before and not EXCEPT.search(sentence[before.start() : start]):
        return True
    return bool(NEGATED_AFTER.search(sentence[end:]))


def _says(sentence: str, pattern: re.Pattern[str], *, negations: bool = True) -> bool:
    for match in pattern.finditer(sentence):
        text = match.group(0).lower()
        if text.startswith("no ") and not negations:
            return True
        if text.startswith("no "):  # "no steps" is itself the positive
            if not _negated(sentence, match.start(), match.start()):
                return True
            continue
        if not _negated(sentence, match.start(), match.end()):
            return True
    return False


def access_features(*texts: str) -> frozenset[str]:
    """The access features these words clearly say a place has (an Accessibility record's
    description and details, or a connector's own words)."""
    found: set[str] = set()
    for text in texts:
        for sentence in sentences(text):
            for slug, pattern in ACCESS_PATTERNS.items():
                if slug == "step_free" and STEPS.search(sentence):
                    continue
                if slug == "lift" and NO_LIFT.search(sentence):
                    continue
                if _says(sentence, pattern):
                    found.add(slug)
    # Step-free somewhere and steps elsewhere: only when a sentence says a step-free way in.
    if (
        "step_free" in found
        and any(STEPS.search(s) for t in texts for s in sentences(t))
        and not any(
            re.search(r"\bstep[- ]?free (entrance|entry|access|route|way)|\blevel access", s, re.I)
            and not STEPS.search(s)
            for t in texts
            for s in sentences(t)
        )
    ):
        found.discard("step_free")
    return frozenset(found)


# Audiences: who a service is only for.
WOMEN = _rx(
    r"\b(women|ladies|females?)[- ]only\b",
    r"\bonly for (women|ladies)\b",
    r"\bfor (women|ladies)\b(?! and (men|gentlemen|children))",
    r"\b(women|ladies)'?s?'? (\w+ ){0,2}(group|circle|club|network|walk|café|cafe)\b",
    r"^\s*(women|ladies)( and girls)?( only)?\s*$",
)
MEN = _rx(
    r"\b(men|males?|gentlemen)[- ]only\b",
    r"\bonly for men\b",
    r"\bfor men\b(?! and (women|ladies))",
    r"\bmen'?s (talking|support|mental health|health|walking) group\b",
    r"^\s*(men|gentlemen)( and boys)?( only)?\s*$",
)
# A sentence that says who it suits, not who it is only for ("Mostly over-50s").
HEDGED = re.compile(
    r"\b(mostly|mainly|especially|particularly|usually|often|ideal for|aimed at|suits|"
    r"suitable for|good for|great for|popular with)\b",
    re.IGNORECASE,
)
# Words that say nobody is turned away ("adults who love Lego welcome too").
OPEN_TO_ALL = re.compile(
    r"\b(welcome too|all welcome|(everyone|anyone|everybody|anybody) (is |are )?welcome|"
    r"open to (all|everyone|anyone)(?!\s+\w))",
    re.IGNORECASE,
)
ANY_AGE = re.compile(r"\b(all ages|any age|every age)\b", re.IGNORECASE)
MIXED = re.compile(
    r"\b(men and women|women and men|ladies and gentlemen|all genders|any gender|open to all|"
    r"everyone welcome|all welcome)\b",
    re.IGNORECASE,
)
PARENTS = _rx(
    r"\bparents?,? (and|or|/|&) ?(carers?|toddlers?|babies|baby|tots?|children|grandparents)\b",
    r"\bparents?/carers?\b",
    r"\b(mums?|mothers|dads?|fathers) (and|&|n'?) (tots?|toddlers?|babies|bumps?|dads?|mums?)\b",
    r"\b(new|expectant) (parents|mums|mothers|dads)\b",
    r"\bfor parents\b",
    r"\b(with|and) (their|a) (parent|grown[- ]up|carer|parents|grown[- ]ups)\b",
    r"\baccompanied by (a|an|their) (adult|parent|grown[- ]up|carer)\b",
    r"\bbaby (and|&) toddler\b",
    r"\bfamilies with (young |small )?(children|kids|babies|toddlers)\b",
    r"\bparents of\b",
    r"\bunder[- ]?(5|five|4|four|3|three|2|two)s\b",
)
CARERS = _rx(
    r"\bfor (unpaid |family |young |adult )?carers\b",
    r"\bopen to (all |any )?(unpaid |family )?carers\b",
    r"\bcarers'? (group|café|cafe|support|network|circle|drop[- ]in|centre|center|hub)\b",
    r"\b(unpaid|family|young) carers\b",
    r"\b(looking after|caring for|care for) (a|someone|somebody|a loved one|a relative|a family)",
    r"\band (their|your) carers\b",
)
BEREAVED = _rx(
    r"\bbereave(d|ment)\b",
    r"\bgriev(ing|e)\b",
    r"\bgrief\b",
    r"\b(lost|losing) (a|someone|somebody|their|your) (loved one|partner|husband|wife|child|"
    r"baby|parent|friend|close)",
    r"\b(widows?|widowers?|widowed)\b",
    r"\bdeath of (a|someone)",
)
LGBTQ = _rx(r"\blgbt\w*\+?", r"\bqueer\b", r"\bgay (and|&) (lesbian|bisexual)\b", r"\btrans\b")
VETERANS = _rx(
    r"\bveterans?\b",
    r"\bex[- ](forces|service|servicemen|military)\b",
    r"\b(served|serving) in the (armed )?forces\b",
    r"\barmed forces (community|personnel|veterans)\b",
)
CONDITIONS = (
    r"dementia|alzheimer'?s|stroke|parkinson'?s|multiple sclerosis|\bms\b|cancer|diabetes|copd|"
    r"long covid|sight loss|hearing loss|learning disabilit(y|ies)|autism|autistic|arthritis|"
    r"heart (condition|failure|disease)|chronic pain|fibromyalgia|mental health (conditions?|"
    r"problems|needs)|brain injury|epilepsy|motor neurone disease|\bmnd\b|aphasia|lung condition"
)
CONDITION = _rx(
    rf"\b(people|adults|those|anyone|someone|men|women|children|residents)( who are)? "
    rf"(living |diagnosed |affected |who live |coping )?with (a |an )?({CONDITIONS})",
    rf"\b(who have|who've) (had )?(a |an )?({CONDITIONS})",
    rf"\b({CONDITIONS}) (survivors|patients|support group|café|cafe|group)\b",
    rf"\bdiagnosis of (a |an )?({CONDITIONS})",
)
MEMBERS = _rx(
    r"\bmembers[- ]only\b",
    r"\bonly (open )?(to|for) members\b",
    r"\b(for|open to) members of\b",
    r"\bmembership (is )?(required|needed|essential)\b",
    r"\bmust be (a )?members?\b",
)
AUDIENCE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("women", WOMEN),
    ("men", MEN),
    ("parents", PARENTS),
    ("carers", CARERS),
    ("bereaved", BEREAVED),
    ("lgbtq", LGBTQ),
    ("veterans", VETERANS),
    ("condition", CONDITION),
    ("members", MEMBERS),
)
# In a service's name or description only the clearest words count (a name says what it is).
NAME_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("women", _rx(r"\b(women|ladies)'?s?'? (\w+ ){0,2}(group|circle|club|network)\b",
                  r"\b(women|ladies)[- ]only\b")),
    ("men", _rx(r"\bmen[- ]only\b")),
    ("carers", _rx(r"\bcarers'? (group|café|cafe|support|network|circle|drop[- ]in|hub)\b",
                   r"\bfor (unpaid )?carers\b")),
    ("bereaved", _rx(r"\bbereavement\b", r"\bfor (the )?bereaved\b")),
    ("parents", _rx(r"\b(parents?|mums?|mothers|dads?) (and|&|n'?) "
                    r"(tots?|toddlers?|babies|bumps?)\b",
                    r"\bbaby (and|&) toddler\b")),
    ("lgbtq", _rx(r"\blgbt\w*\+?")),
    ("veterans", _rx(r"\bveterans'?\b", r"\bex[- ]forces\b")),
    ("condition", CONDITION),
    ("members", MEMBERS),
)  # fmt: skip


def _clear(sentence: str, pattern: re.Pattern[str]) -> bool:
    """The pattern said positively ("for carers", not "you need not be a carer")."""
    return any(
        not NEGATED_BEFORE.search(sentence[max(0, m.start() - 12) : m.start()])
        or EXCEPT.search(sentence[max(0, m.start() - 12) : m.start()])
        for m in pattern.finditer(sentence)
    )


# Every sentence of every service is read for audiences (after each import): most say none,
# so each table is first tried as one pattern and a sentence that matches none of it is passed
# over. The conditions, the slowest to try, are first looked for by words each must contain
# (lower case, in ASCII text, where that is exact); the other patterns together as one.
CONDITION_WORDS = (
    "dementia", "alzheimer", "stroke", "parkinson", "multiple sclerosis", "ms", "cancer",
    "diabetes", "copd", "long covid", "sight loss", "hearing loss", "learning disabilit", "autis",
    "arthritis", "heart ", "chronic pain", "fibromyalgia", "mental health ", "brain injury",
    "epilepsy", "motor neurone disease", "mnd", "aphasia", "lung condition",
)  # fmt: skip


def _together(patterns: tuple[tuple[str, re.Pattern[str]], ...]) -> re.Pattern[str]:
    return re.compile(
        "|".join(f"(?:{p.pattern})" for _slug, p in patterns if p is not CONDITION),
        re.IGNORECASE,
    )


ANY_AUDIENCE = _together(AUDIENCE_PATTERNS)
ANY_NAME = _together(NAME_PATTERNS)
# In a name or description (read for every service), each pattern is tried only when the
# sentence holds a word every one of its matches contains (lower case, ASCII text).
NAME_WORDS: dict[str, tuple[str, ...]] = {
    "women": ("women", "ladies"),
    "men": ("men",),
    "carers": ("carers",),
    "bereaved": ("bereave",),
    "parents": ("parent", "mum", "mother", "dad", "baby"),
    "lgbtq": ("lgbt",),
    "veterans": ("veteran", "forces"),
    "condition": CONDITION_WORDS,
    "members": ("member",),
}


def _may_say(sentence: str, together: re.Pattern[str]) -> bool:
    """False only when no pattern of the table can match the sentence."""
    if together.search(sentence):
        return True
    if sentence.isascii():
        lower = sentence.lower()
        if not any(word in lower for word in CONDITION_WORDS):
            return False
    return CONDITION.search(sentence) is not None


def audience(eligibility: str, name: str = "", description: str = "") -> frozenset[str]:
    """Who a service is only for, from its eligibility words, and only the clearest of its name
    and description ("Carers' café", "Bereavement café", "Women's group")."""
    found: set[str] = set()
    if OPEN_TO_ALL.search(eligibility or ""):
        eligibility = ""  # nobody turned away: only a name as clear as "Carers' café" says more
    for text, patterns, together in (
        (eligibility, AUDIENCE_PATTERNS, ANY_AUDIENCE),
        (f"{name}\n{description}", NAME_PATTERNS, ANY_NAME),
    ):
        for sentence in sentences(text):
            if patterns is AUDIENCE_PATTERNS and HEDGED.search(sentence):
                continue
            if patterns is NAME_PATTERNS and sentence.isascii():
                lower = sentence.lower()
                for slug, pattern in patterns:
                    if any(w in lower for w in NAME_WORDS[slug]) and _clear(sentence, pattern):
                        found.add(slug)
            elif _may_say(sentence, together):
                for slug, pattern in patterns:
                    if _clear(sentence, pattern):
                        found.add(slug)
            if MIXED.search(sentence):
                found -= {"women", "men"}
    both = re.compile(r"\bparents?,? (and|or|/) ?carers?\b", re.IGNORECASE)
    if (
        "parents" in found
        and both.search(eligibility)
        and not CARERS.search(both.sub("", eligibility))
    ):
        found.discard("carers")  # "parents and carers of under-5s": parents, not carers
    return frozenset(found)


@dataclass(frozen=True)
class Ages:
    """An age range read from words; None where a side is not said."""

    minimum: int | None = None
    maximum: int | None = None

    def __bool__(self) -> bool:
        return self.minimum is not None or self.maximum is not None


NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "eighteen": 18, "twenty": 20, "twenty-five": 25, "thirty": 30, "forty": 40,
    "fifty": 50, "fifties": 50, "sixty": 60, "sixties": 60, "sixty-five": 65, "seventy": 70,
    "seventies": 70, "eighty": 80, "eighties": 80, "fives": 5, "elevens": 11, "eighteens": 18,
}  # fmt: skip
NUM = r"(\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
DASH = rf"\s*(?:[{DASHES}]|to|and)\s*"
RANGE_AGED = re.compile(
    rf"\b(?:aged|ages|age|between the ages of|between|children|young people|adults|people)\s*"
    rf"(?:of\s*)?(?:between\s*)?{NUM}{DASH}{NUM}\b", re.IGNORECASE)  # fmt: skip
RANGE_YEARS = re.compile(
    rf"\b{NUM}{DASH}{NUM}(?:\s*(?:years?|yrs?)(?:[- ]olds?)?|s\b|[- ]year[- ]olds?)",
    re.IGNORECASE,
)
# A range standing alone ("16 to 25", "For 16-25"): in eligibility words, most likely ages.
RANGE_BARE = re.compile(rf"^\s*(?:for\s+)?{NUM}{DASH}{NUM}\s*(?:only)?\s*$", re.IGNORECASE)
UNDER = re.compile(rf"\bunder[- ]?{NUM}(?:'?s\b|\s*years?|\s*yrs?)", re.IGNORECASE)
UNDER_PLAIN = re.compile(rf"\b(?:aged|age|ages) under {NUM}\b|\bunder {NUM}s?\b(?= only)", re.I)
UP_TO = re.compile(
    rf"\b(?:aged )?up to (?:the age of )?{NUM}(?: years)?\b(?=.*\b(?:age|years|old))"
    rf"|\baged up to {NUM}\b",
    re.I,
)
OVER_S = re.compile(rf"\bover[- ]?{NUM}'?s\b", re.IGNORECASE)
OVER = re.compile(rf"\b(?:aged |age |people |adults |anyone )?over {NUM}\b", re.IGNORECASE)
PLUS = re.compile(
    rf"\b{NUM}\s*(?:\+|plus\b|(?:years? )?(?:and|or) (?:over|above|older)\b)"
    rf"|\baged {NUM}\s*\+",
    re.IGNORECASE,
)
ADULTS = re.compile(r"\b(adults?( only)?|for adults|grown[- ]ups only)\b", re.IGNORECASE)
NOT_ONLY_ADULTS = re.compile(
    r"\b(children|child|kids|famil(y|ies)|all ages|any age|young people|young adults|"
    r"under[- ]?\d|teen|adults? (and|&|with) (their )?(children|kids)|older adults|accompan)",
    re.IGNORECASE,
)


def _n(text: str) -> int | None:
    value = int(text) if text.isdigit() else NUMBER_WORDS.get(text.lower())
    return value if value is not None and 0 <= value <= 120 else None


def _range(match: re.Match[str]) -> Ages | None:
    low, high = _n(match.group(1)), _n(match.group(2))
    if low is None or high is None or low >= high:
        return None
    return Ages(low, high)


def ages(text: str) -> Ages:
    """An age range from eligibility words, only from confident patterns; Ages() when none.

    "under-5s": up to 4; "aged 11-18", "16 to 25", "11-18s": 11 to 18; "over 50s", "50+",
    "aged 60 or over": from 50 or 60; "18+", "adults", "adults only": from 18."""
    if OPEN_TO_ALL.search(text or "") or ANY_AGE.search(text or ""):
        return Ages()
    for sentence in sentences(text):
        if HEDGED.search(sentence):
            continue
        for pattern in (RANGE_AGED, RANGE_YEARS):
            if (match := pattern.search(sentence)) and (found := _range(match)):
                return found
        if match := UNDER.search(sentence) or UNDER_PLAIN.search(sentence):
            value = _n(next(g for g in match.groups() if g))
            if value:
                return Ages(None, value - 1)
        if match := UP_TO.search(sentence):
            value = _n(next(g for g in match.groups() if g))
            if value:
                return Ages(None, value)
        for pattern in (OVER_S, PLUS, OVER):
            if match := pattern.search(sentence):
                value = _n(next(g for g in match.groups() if g))
                if value is not None and value >= 5:
                    return Ages(value, None)
        bare = (match := RANGE_BARE.search(sentence)) and _range(match)
        if bare and bare.minimum is not None and bare.minimum >= 5:  # "1 to 2": likely a time
            return bare
    whole = text or ""
    if ADULTS.search(whole) and not NOT_ONLY_ADULTS.search(whole):
        return Ages(18, None)
    return Ages()


@dataclass(frozen=True)
class Parsed:
    """What was read from a service's words: for the importer's report and the tests."""

    access: frozenset[str]
    audience: frozenset[str]
    ages: Ages


def parse_service(
    eligibility: str, name: str = "", description: str = "", access_texts: tuple[str, ...] = ()
) -> Parsed:
    return Parsed(access_features(*access_texts), audience(eligibility, name, description),
                  ages(eligibility))  # fmt: skip
